package io.jbroker.logger.bench;

import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.logger.BrokerLogReceiver;
import io.jbroker.logger.BrokerLogSender;
import io.jbroker.logger.LogDirectoryWriter;
import io.jbroker.logger.LogEvents;
import io.jbroker.logger.LogWriterConfig;
import io.jbroker.logger.ZmqLogReceiver;
import io.jbroker.logger.ZmqLogSender;
import io.jbroker.zeek.log.AsciiFormat;
import io.jbroker.zeek.log.ByteSink;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogBatchCodec;
import io.jbroker.zeek.log.LogRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Records per second into conn.log (not a test): {@code ConnLogBenchmark DIR RECORDS}. Compares
 * formatting alone, the {@link LogDirectoryWriter} fed directly (1 and 4 submitting threads), the
 * whole ZeroMQ path (PUSH, PULL, decode, write) and a plain {@link BufferedWriter} writing the same
 * bytes (the physical floor).
 */
public final class ConnLogBenchmark {

    /** How long a sender's close waits for its queued batches to reach the logger. */
    static final Duration SENDER_LINGER = Duration.ofMinutes(5);

    private ConnLogBenchmark() {}

    static List<LogBatch> batches(int records) {
        return ConnLogWorkload.batches(records);
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        int records = Integer.parseInt(args[1]);
        List<LogBatch> batches = batches(records);
        Set<String> only = args.length > 2 ? Set.of(args[2].split(",")) : Set.of();
        System.out.println("records: " + records + " in batches of 1000, directory " + base
                + (only.isEmpty() ? "" : ", sections " + only));

        // Formatting only.
        if (run(only, "format")) {
            format(batches, records);
        }
        if (run(only, "floor")) {
            floor(batches, records, base);
        }
        if (run(only, "direct")) {
            direct(batches, records, base);
        }
        List<byte[]> encoded = codec(batches, records, run(only, "codec"));
        if (run(only, "zmq")) {
            zmq(encoded, records, base);
        }
        encoded.clear();
        if (run(only, "brokerdecode")) {
            brokerDecode(batches, records);
        }
        if (run(only, "broker")) {
            broker(batches, records, base);
        }
        if (run(only, "zmqenc")) {
            zmqEncoding(batches, records, base);
        }
    }

    static boolean run(Set<String> only, String section) {
        return only.isEmpty() || only.contains(section);
    }

    static void format(List<LogBatch> batches, int records) {
        // Several rounds (the first warms the JIT up); thread CPU time per record is less noisy than
        // wall-clock time on a shared machine.
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        AsciiFormat.Printer tsv = AsciiFormat.zeekDefaults().printer();
        ByteSink sink = new ByteSink(1 << 20);
        for (int round = 0; round < 3; round++) {
            long bytes = 0;
            long cpu0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (LogBatch b : batches) {
                for (LogRecord r : b.records()) {
                    tsv.record(sink, r);
                }
                bytes += sink.size();
                sink.reset();
            }
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            report("format only (AsciiFormat), round " + round, records, System.nanoTime() - t0, bytes);
            System.out.printf("    %.0f ns CPU per record%n", (double) cpu / records);
        }
    }

    /** The logger's Broker decoding alone: Batch[LogWrite] data into LogBatches, CPU per record. */
    static void brokerDecode(List<LogBatch> batches, int records) throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        List<io.jbroker.data.Data> data = new ArrayList<>();
        for (LogBatch b : batches) {
            data.add(io.jbroker.zeek.log.BrokerLogStreams.writes(b).toData());
        }
        for (int round = 0; round < 3; round++) {
            io.jbroker.zeek.log.BrokerLogStreams streams = new io.jbroker.zeek.log.BrokerLogStreams();
            streams.accept(io.jbroker.zeek.log.BrokerLogStreams.create(ConnLogWorkload.CONN.header(), 0));
            long cpu0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long n = 0;
            for (io.jbroker.data.Data d : data) {
                for (LogBatch b : streams.accept(d)) {
                    n += b.records().size();
                }
            }
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            report("Broker data to batches (BrokerLogStreams), round " + round, n, System.nanoTime() - t0, 0);
            System.out.printf("    %.0f ns CPU per record%n", (double) cpu / records);
        }
    }

    static void floor(List<LogBatch> batches, int records, Path base) throws IOException {
        // The physical floor: the same bytes through a BufferedWriter.
        AsciiFormat tsv = AsciiFormat.zeekDefaults();
        ByteSink sink = new ByteSink(1 << 20);
        long bytes = 0;
        List<String> lines = new ArrayList<>();
        for (LogBatch b : batches) {
            for (LogRecord r : b.records()) {
                sink.reset();
                tsv.record(sink, r);
                bytes += sink.size();
                lines.add(sink.toString());
            }
        }
        Path floorDir = fresh(base.resolve("floor"));
        long t0 = System.nanoTime();
        try (BufferedWriter w = Files.newBufferedWriter(floorDir.resolve("conn.log"), StandardCharsets.UTF_8)) {
            for (String l : lines) {
                w.write(l);
            }
        }
        report("BufferedWriter, same bytes", records, System.nanoTime() - t0, bytes);
        lines.clear();
    }

    static void direct(List<LogBatch> batches, int records, Path base) throws Exception {
        for (int submitters : new int[] {1, 4}) {
            Path d = fresh(base.resolve("direct" + submitters));
            long t0 = System.nanoTime();
            List<Throwable> failures;
            try (LogDirectoryWriter w = new LogDirectoryWriter(LogWriterConfig.defaults(d), LogEvents.NONE)) {
                failures = SenderThreads.runAll(submitters, id -> {
                    for (int i = id; i < batches.size(); i += submitters) {
                        w.submit(batches.get(i));
                    }
                });
            }
            report(
                    "LogDirectoryWriter, " + submitters + " submitting thread(s)"
                            + (failures.isEmpty() ? "" : " (submitter failures " + failures + ")"),
                    records,
                    System.nanoTime() - t0,
                    Files.size(d.resolve("conn.log")));
        }
    }

    static List<byte[]> codec(List<LogBatch> batches, int records, boolean report) throws Exception {
        // The codec alone.
        List<byte[]> encoded = new ArrayList<>();
        long t0 = System.nanoTime();
        long encodedBytes = 0;
        for (LogBatch b : batches) {
            byte[] e = LogBatchCodec.encode(b);
            encodedBytes += e.length;
            encoded.add(e);
        }
        if (report) {
            report("encode only (LogBatchCodec)", records, System.nanoTime() - t0, encodedBytes);
            t0 = System.nanoTime();
            for (byte[] e : encoded) {
                LogBatchCodec.decode(e);
            }
            report("decode only (LogBatchCodec)", records, System.nanoTime() - t0, encodedBytes);
        }
        return encoded;
    }

    static void zmq(List<byte[]> encoded, int records, Path base) throws Exception {

        // Into the logger over ZeroMQ: the batches encoded beforehand (in a Zeek cluster the senders
        // are other processes), PUSHed by 1 or 4 senders, PULLed, decoded and written.
        for (int senders : new int[] {1, 4}) {
            Path z = fresh(base.resolve("zmq" + senders));
            try (LogDirectoryWriter w = new LogDirectoryWriter(LogWriterConfig.defaults(z), LogEvents.NONE)) {
                ZmqLogReceiver pull = ZmqLogReceiver.bind(w, LogEvents.NONE, "tcp://127.0.0.1:*");
                List<ZmqLogSender> pushes = new ArrayList<>();
                for (int s = 0; s < senders; s++) {
                    // A sender's queue holds up to 1000 batches (1M records here) beyond what the
                    // logger has taken; at the default 10 s linger a loaded machine's writer may not
                    // drain that in time, close throws UndeliveredLogsException and the rest is lost.
                    ZmqLogSender push = ZmqLogSender.connect(pull.endpoint(), "bench-" + s, SENDER_LINGER);
                    push.awaitConnected(Duration.ofSeconds(10));
                    pushes.add(push);
                }
                long t0 = System.nanoTime();
                List<Throwable> senderFailures = SenderThreads.runAll(senders, id -> {
                    try (ZmqLogSender push = pushes.get(id)) {
                        for (int i = id; i < encoded.size(); i += senders) {
                            push.send(encoded.get(i));
                        }
                    }
                });
                awaitRecords(senderFailures, () -> w.stats().recordsWritten(), records);
                long elapsed = System.nanoTime() - t0;
                pull.close();
                report(
                        "ZeroMQ, " + senders + " sender(s): PUSH, PULL, decode, write"
                                + (w.stats().recordsWritten() < records
                                        ? " (INCOMPLETE " + w.stats() + ", PULL received "
                                                + pull.receivedCount() + " malformed " + pull.malformedCount()
                                                + ", sender failures " + senderFailures + ")"
                                        : ""),
                        records,
                        elapsed,
                        Files.size(z.resolve("conn.log")));
            }
        }
    }

    static void broker(List<LogBatch> batches, int records, Path base) throws Exception {
        // Into the logger over Broker: 1 or 4 peers (each its own endpoint and thread) publish
        // LogCreate and Batch[LogWrite] (encoding in the sender's endpoint), the logger's endpoint
        // hands them to the writer.
        for (int peers : new int[] {1, 4}) {
            brokerPeers(batches, records, base, peers);
        }
    }

    private static void brokerPeers(List<LogBatch> batches, int records, Path base, int peers) throws Exception {
        Path bd = fresh(base.resolve("broker" + peers));
        List<Endpoint> workers = new ArrayList<>();
        try (LogDirectoryWriter w = new LogDirectoryWriter(LogWriterConfig.defaults(bd), LogEvents.NONE);
                Endpoint logger = Endpoint.create(
                        EndpointConfig.builder().tls(TlsConfig.off()).build())) {
            BrokerLogReceiver in = BrokerLogReceiver.start(logger, w, LogEvents.NONE);
            int port = logger.listen("127.0.0.1", 0);
            for (int p = 0; p < peers; p++) {
                Endpoint worker = Endpoint.create(
                        EndpointConfig.builder().tls(TlsConfig.off()).build());
                workers.add(worker);
                worker.peerBlocking("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(10));
                long until = System.nanoTime() + 10_000_000_000L;
                while (worker.peers().stream().noneMatch(x -> !x.topics().isEmpty()) && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
            }
            long t0 = System.nanoTime();
            List<Throwable> senderFailures = SenderThreads.runAll(peers, id -> {
                // Back-pressured: send waits while the peering is slower than the sender.
                try (BrokerLogSender out = new BrokerLogSender(workers.get(id))) {
                    for (int i = id; i < batches.size(); i += peers) {
                        out.send(batches.get(i));
                    }
                }
            });
            awaitRecords(
                    senderFailures, () -> w.stats().recordsWritten() + w.stats().recordsDropped(), records);
            long elapsed = System.nanoTime() - t0;
            in.close();
            report(
                    "Broker, " + peers + " peer(s): publish, receive, write"
                            + (w.stats().recordsWritten() < records
                                    ? " (INCOMPLETE " + w.stats() + ", logger's subscriber dropped " + in.droppedCount()
                                            + ", sender failures " + senderFailures + ")"
                                    : ""),
                    records,
                    elapsed,
                    Files.size(bd.resolve("conn.log")));
        } finally {
            for (Endpoint worker : workers) {
                worker.close();
            }
        }
    }

    static void zmqEncoding(List<LogBatch> batches, int records, Path base) throws Exception {
        // ZeroMQ end to end, with encoding in the sender.
        Path z = fresh(base.resolve("zmq"));
        try (LogDirectoryWriter w = new LogDirectoryWriter(LogWriterConfig.defaults(z), LogEvents.NONE)) {
            ZmqLogReceiver pull = ZmqLogReceiver.bind(w, LogEvents.NONE, "tcp://127.0.0.1:*");
            long t0 = System.nanoTime();
            try (ZmqLogSender push = ZmqLogSender.connect(pull.endpoint(), "bench")) {
                for (LogBatch b : batches) {
                    push.send(LogBatchCodec.encode(b));
                }
                while (w.stats().recordsWritten() < records) {
                    Thread.sleep(10);
                }
            }
            long elapsed = System.nanoTime() - t0;
            pull.close();
            report("ZeroMQ encode, PUSH, PULL, decode, write", records, elapsed, Files.size(z.resolve("conn.log")));
        }
    }

    /** Waits (at most 120 s) until {@code done} reaches {@code records}, unless a sender failed. */
    private static void awaitRecords(List<Throwable> senderFailures, LongSupplier done, long records)
            throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (senderFailures.isEmpty() && done.getAsLong() < records && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    static void report(String what, long records, long nanos, long bytes) {
        double s = nanos / 1e9;
        System.out.printf("%-45s %10.0f records/s  %7.1f MB/s  (%.2f s)%n", what, records / s, bytes / s / 1e6, s);
    }
}
