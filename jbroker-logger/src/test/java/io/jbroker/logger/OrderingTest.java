package io.jbroker.logger;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.endpoint.Endpoint;
import io.jbroker.zeek.log.AsciiFormat;
import io.jbroker.zeek.log.LogRecord;
import io.jbroker.zeek.log.ZeekType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several senders, four over ZeroMQ and two over Broker, write interleaved to many paths while files
 * rotate by interval and on demand: per path, every record is in exactly one file, once, and each
 * sender's records are in the order it sent them.
 */
class OrderingTest {
    static final int ZMQ_SENDERS = 4;
    static final int BROKER_SENDERS = 2;
    static final int SENDERS = ZMQ_SENDERS + BROKER_SENDERS;
    static final int PATHS = 6;
    static final int BATCHES = 150;
    static final int PER_BATCH = 20;

    @TempDir
    Path dir;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Test
    void everyRecordOnceAndInOrderAcrossRotations() throws Exception {
        LogEvents recording = new LogEvents() {
            @Override
            public void rotated(String path, Path file, Path rotatedTo) {
                events.add("rotated " + file.getFileName() + " " + rotatedTo.getFileName());
            }

            @Override
            public void dropped(String path, long records, String reason) {
                events.add("dropped " + path);
            }

            @Override
            public void rejected(String path, long records, String reason) {
                events.add("rejected " + path + " " + reason);
            }

            @Override
            public void malformed(String source, String reason) {
                events.add("malformed " + reason);
            }

            @Override
            public void error(String path, Path file, Exception cause) {
                events.add("error " + path + " " + cause);
            }
        };
        LogWriterConfig config = LogWriterConfig.defaults(dir)
                .withAscii(AsciiFormat.zeekDefaults().withZone(ZoneOffset.UTC))
                .withRotationInterval(Duration.ofMillis(300))
                .withQueue(500, Duration.ofSeconds(30))
                .withThreads(3);
        List<LogStream> streams = new ArrayList<>();
        for (int p = 0; p < PATHS; p++) {
            streams.add(LogStream.builder("Seq::LOG", "seq" + p)
                    .field("sender", ZeekType.COUNT)
                    .field("n", ZeekType.COUNT)
                    .build());
        }
        AtomicLongArray sent = new AtomicLongArray(SENDERS);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Endpoint> endpoints = new ArrayList<>();
        try (LogDirectoryWriter writer = new LogDirectoryWriter(config, recording);
                Endpoint logger = BrokerLoggerTest.endpoint()) {
            ZmqLogReceiver pull = ZmqLogReceiver.bind(writer, recording, "tcp://127.0.0.1:*");
            BrokerLogReceiver brokerIn = BrokerLogReceiver.start(logger, writer, recording);
            int port = logger.listen("127.0.0.1", 0);
            List<BrokerLogSender> brokerOut = new ArrayList<>();
            for (int s = 0; s < BROKER_SENDERS; s++) {
                Endpoint worker = BrokerLoggerTest.endpoint();
                endpoints.add(worker);
                worker.peerBlocking("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(10));
                BrokerLoggerTest.awaitSubscription(worker);
                brokerOut.add(new BrokerLogSender(worker));
            }
            try {
                List<Thread> senders = new ArrayList<>();
                for (int s = 0; s < SENDERS; s++) {
                    int sender = s;
                    Thread t = new Thread(
                            () -> {
                                try {
                                    if (sender < ZMQ_SENDERS) {
                                        try (ZmqLogSender out =
                                                ZmqLogSender.connect(pull.endpoint(), "sender-" + sender)) {
                                            sendAll(streams, sender, sent, out::write);
                                        }
                                    } else {
                                        sendAll(streams, sender, sent, brokerOut.get(sender - ZMQ_SENDERS)::write);
                                    }
                                } catch (Throwable e) {
                                    failures.add(e);
                                }
                            },
                            "sender-" + s);
                    senders.add(t);
                    t.start();
                }
                long total = (long) SENDERS * BATCHES * PER_BATCH;
                Supplier<String> state = () -> writer.stats() + " zeromq messages " + pull.receivedCount()
                        + " broker messages " + brokerIn.receivedCount() + " sent " + sent + " " + failures + " "
                        + events;
                // Rotations on demand while the senders run.
                for (int i = 1; i <= 5; i++) {
                    long upTo = total * i / 6;
                    Poll.until(
                            "a sixth more written", 30_000, () -> writer.stats().recordsWritten() >= upTo, state);
                    writer.rotate().get(20, TimeUnit.SECONDS);
                }
                for (Thread t : senders) {
                    t.join(30_000);
                    assertThat(t.isAlive()).as("%s ended", t.getName()).isFalse();
                }
                assertThat(failures).isEmpty();
                Poll.until("all records written", 30_000, () -> writer.stats().recordsWritten() == total, state);
            } finally {
                pull.close();
                brokerIn.close();
                brokerOut.forEach(BrokerLogSender::close);
                for (Endpoint e : endpoints) {
                    e.close();
                }
            }
        }
        assertThat(events).noneMatch(e -> !e.startsWith("rotated"));
        assertThat(events.stream().filter(e -> e.startsWith("rotated"))).isNotEmpty();
        long seen = 0;
        for (int p = 0; p < PATHS; p++) {
            List<String> lines = lines(dir, "seq" + p);
            Map<Long, Long> next = new HashMap<>();
            for (String line : lines) {
                String[] f = line.split("\t");
                long sender = Long.parseLong(f[0]);
                long n = Long.parseLong(f[1]);
                assertThat(n).as("path seq%d sender %d", p, sender).isEqualTo(next.getOrDefault(sender, 0L));
                next.put(sender, n + 1);
            }
            seen += lines.size();
        }
        assertThat(seen).isEqualTo((long) SENDERS * BATCHES * PER_BATCH);
    }

    interface Out {
        void write(LogStream stream, LogRecord... records) throws Exception;
    }

    /** BATCHES batches of PER_BATCH records, to the paths in turn, numbered per path from 0. */
    static void sendAll(List<LogStream> streams, int sender, AtomicLongArray sent, Out out) throws Exception {
        long[] next = new long[PATHS];
        for (int b = 0; b < BATCHES; b++) {
            int p = (b * 7 + sender) % PATHS;
            LogRecord[] records = new LogRecord[PER_BATCH];
            for (int i = 0; i < PER_BATCH; i++) {
                records[i] = streams.get(p).record(sender, next[p]++);
            }
            out.write(streams.get(p), records);
            sent.incrementAndGet(sender);
        }
    }

    /** The record lines of every file of {@code path}: rotated files in rotation order, then the last. */
    List<String> lines(Path dir, String path) throws Exception {
        List<String> out = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        synchronized (events) {
            for (String e : events) {
                String[] parts = e.split(" ");
                if (parts[0].equals("rotated") && parts[1].equals(path + ".log")) {
                    files.add(dir.resolve(parts[2]));
                }
            }
        }
        if (dir.resolve(path + ".log").toFile().exists()) {
            files.add(dir.resolve(path + ".log"));
        }
        for (Path f : files) {
            String text = Golden.file(f);
            assertThat(text).startsWith("#separator").contains("\n#close\t");
            for (String line : text.split("\n")) {
                if (!line.startsWith("#")) {
                    out.add(line);
                }
            }
        }
        return out;
    }
}
