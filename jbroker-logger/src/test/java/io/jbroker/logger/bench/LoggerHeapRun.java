package io.jbroker.logger.bench;

import io.jbroker.logger.LogDirectoryWriter;
import io.jbroker.logger.LogEvents;
import io.jbroker.logger.LogWriterConfig;
import io.jbroker.logger.LogWriterStats;
import io.jbroker.logger.ZmqLogReceiver;
import io.jbroker.logger.ZmqLogSender;
import io.jbroker.zeek.log.LogBatchCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Issue #9's "heap flat over a 10-minute run" (not a test): a ZeroMQ PUSH sender writes conn.log
 * batches (ConnLogBenchmark's records, encoded once) as fast as the logger takes them into a
 * PULL receiver and the TSV writer, for {@code MINUTES}. Every {@code SAMPLE} seconds it rotates
 * (deleting the rotated files, so a tmpfs directory does not fill), runs a full GC and prints the
 * heap in use after it, with the records written so far. {@code LoggerHeapRun DIR MINUTES
 * [SAMPLE]}; run it with a fixed {@code -Xmx} to see that the heap stays flat below it.
 */
public final class LoggerHeapRun {
    private LoggerHeapRun() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int minutes = Integer.parseInt(args[1]);
        int sample = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Files.createDirectories(dir);
        List<byte[]> batches = ConnLogBenchmark.batches(100_000).stream()
                .map(LogBatchCodec::encode)
                .collect(Collectors.toList());
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf(
                "heap run: %d min, sample every %d s, -Xmx %d MiB, directory %s%n",
                minutes, sample, memory.getHeapMemoryUsage().getMax() >> 20, dir);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong sent = new AtomicLong();
        try (LogDirectoryWriter writer = new LogDirectoryWriter(LogWriterConfig.defaults(dir), LogEvents.NONE)) {
            ZmqLogReceiver pull = ZmqLogReceiver.bind(writer, LogEvents.NONE, "tcp://127.0.0.1:*");
            Thread sender = new Thread(() -> {
                try (ZmqLogSender push = ZmqLogSender.connect(pull.endpoint(), "heap-run")) {
                    while (!stop.get()) {
                        for (byte[] b : batches) {
                            push.send(b);
                            sent.addAndGet(1000);
                        }
                    }
                }
            });
            sender.start();
            long start = System.nanoTime();
            long end = start + TimeUnit.MINUTES.toNanos(minutes);
            long lastWritten = 0;
            long lastAt = start;
            System.out.println("    s     records written    records/s   heap used after GC   committed");
            while (System.nanoTime() < end) {
                Thread.sleep(TimeUnit.SECONDS.toMillis(sample));
                writer.rotate().get(60, TimeUnit.SECONDS);
                deleteRotated(dir);
                System.gc();
                MemoryUsage heap = memory.getHeapMemoryUsage();
                LogWriterStats s = writer.stats();
                long now = System.nanoTime();
                System.out.printf(
                        "%5d %19d %12.0f %16.1f MiB %8.1f MiB%n",
                        TimeUnit.NANOSECONDS.toSeconds(now - start),
                        s.recordsWritten(),
                        (s.recordsWritten() - lastWritten) / ((now - lastAt) / 1e9),
                        heap.getUsed() / 1048576.0,
                        heap.getCommitted() / 1048576.0);
                lastWritten = s.recordsWritten();
                lastAt = now;
            }
            stop.set(true);
            sender.join(30_000);
            pull.close();
            LogWriterStats s = writer.stats();
            System.out.printf(
                    "sent %d, written %d, dropped %d, rejected %d%n",
                    sent.get(), s.recordsWritten(), s.recordsDropped(), s.batchesRejected());
        }
        deleteRotated(dir);
    }

    private static void deleteRotated(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> !p.getFileName().toString().equals("conn.log"))
                    .collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        }
    }
}
