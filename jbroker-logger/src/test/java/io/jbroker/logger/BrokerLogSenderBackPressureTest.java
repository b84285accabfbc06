package io.jbroker.logger;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.PeerInfo;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.zeek.log.AsciiFormat;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogRecord;
import io.jbroker.zeek.log.LogValue;
import io.jbroker.zeek.log.ZeekType;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sender much faster than its peering, over a real Broker peering on 127.0.0.1: every record
 * reaches the writer exactly once and in order, none is dropped by the sender's peer buffer.
 *
 * <p>Deterministic, not timing-based: the logger's writer is held closed until the sender has
 * either published everything (a sender without back-pressure: its records must have overflowed
 * the small buffers on the way) or is observed waiting in a full peer buffer (the back-pressure
 * this test asks for). Only then does the writer start taking.
 */
class BrokerLogSenderBackPressureTest {
    static final int BATCHES = 300;
    static final int PER_BATCH = 1000;
    static final int RECORDS = BATCHES * PER_BATCH;
    /** Far smaller than {@code BATCHES}, so that what is in flight cannot hold the whole run. */
    static final int BUFFER_MESSAGES = 8;

    static final LogStream STREAM = LogStream.builder("Test::LOG", "pressure")
            .field("seq", ZeekType.COUNT)
            .field("uid", ZeekType.STRING)
            .field("filler", ZeekType.STRING)
            .build();

    @TempDir
    Path dir;

    /**
     * Holds every write until opened, and checks that the records arrive in sequence: record i of
     * the run has {@code seq == i}.
     */
    static final class GatedSink implements LogSink {
        final LogSink next;
        final CountDownLatch open = new CountDownLatch(1);
        final AtomicLong nextSeq = new AtomicLong();
        final AtomicReference<String> problem = new AtomicReference<>();

        GatedSink(LogSink next) {
            this.next = next;
        }

        @Override
        public void write(LogBatch batch) throws InterruptedException {
            open.await();
            for (LogRecord r : batch.records()) {
                long seq = ((LogValue.Count) r.values().get(0)).value();
                long expected = nextSeq.getAndIncrement();
                if (seq != expected && problem.get() == null) {
                    problem.set("record " + seq + " where " + expected + " was due");
                }
            }
            next.write(batch);
        }

        @Override
        public void close() {
            next.close();
        }
    }

    static Endpoint endpoint(int buffer) {
        // A stall timeout long enough that the held writer never counts as stalled: what this
        // test checks is the waiting, not the stall policy.
        return endpoint(buffer, Duration.ofSeconds(30));
    }

    static Endpoint endpoint(int buffer, Duration stallTimeout) {
        return Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .peerBufferMessages(buffer)
                .subscriberQueueSize(buffer)
                .stallTimeout(stallTimeout)
                .build());
    }

    static List<LogBatch> batches() {
        String filler = "x".repeat(40);
        List<LogBatch> out = new ArrayList<>(BATCHES);
        for (int b = 0; b < BATCHES; b++) {
            List<LogRecord> records = new ArrayList<>(PER_BATCH);
            for (int i = 0; i < PER_BATCH; i++) {
                long seq = (long) b * PER_BATCH + i;
                records.add(STREAM.record(seq, "C" + Long.toString(seq, 36), filler));
            }
            out.add(STREAM.batch(records));
        }
        return out;
    }

    static PeerInfo peer(Endpoint ep) {
        List<PeerInfo> peers = ep.peers();
        return peers.isEmpty() ? null : peers.get(0);
    }

    @Test
    @Timeout(120)
    void aFastSenderLosesNothingAndKeepsTheOrder() throws Exception {
        List<LogBatch> batches = batches();
        LogWriterConfig config = LogWriterConfig.defaults(dir)
                .withAscii(AsciiFormat.zeekDefaults().withZone(ZoneOffset.UTC));
        AtomicReference<Throwable> sendFailure = new AtomicReference<>();
        try (LogDirectoryWriter writer = new LogDirectoryWriter(config, LogEvents.NONE);
                Endpoint logger = endpoint(BUFFER_MESSAGES);
                Endpoint worker = endpoint(BUFFER_MESSAGES)) {
            GatedSink gate = new GatedSink(writer);
            BrokerLogReceiver receiver = BrokerLogReceiver.start(logger, gate, LogEvents.NONE);
            int port = logger.listen("127.0.0.1", 0);
            worker.peerBlocking("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(10));
            BrokerLoggerTest.awaitSubscription(worker);

            try (BrokerLogSender sender = new BrokerLogSender(worker)) {
                Thread sending = new Thread(
                        () -> {
                            try {
                                for (LogBatch b : batches) {
                                    sender.send(b);
                                }
                            } catch (Throwable e) {
                                sendFailure.set(e);
                            }
                        },
                        "fast-sender");
                sending.start();
                // The writer stays closed until the sender is done or waits at a full peer buffer.
                Poll.until("the sender to finish or to wait for room", 60_000, () -> {
                    if (!sending.isAlive()) {
                        return true;
                    }
                    PeerInfo p = peer(worker);
                    Thread.State s = sending.getState();
                    return p != null
                            && p.bufferedMessages() >= BUFFER_MESSAGES
                            && (s == Thread.State.TIMED_WAITING || s == Thread.State.WAITING);
                });
                boolean heldBack = sending.isAlive();
                gate.open.countDown();
                // All of it cannot fit in the buffers on the way: the sender must have been waiting.
                assertThat(heldBack)
                        .as("the sender was held back by the full peer buffer")
                        .isTrue();
                sending.join(60_000);
                assertThat(sending.isAlive()).as("sender still running").isFalse();
                assertThat(sender.recordsSent()).isEqualTo(RECORDS);
                assertThat(sender.batchesFailed()).isZero();
            }
            assertThat(sendFailure.get()).as("send failure").isNull();
            Poll.until(
                    RECORDS + " records written",
                    30_000,
                    () -> writer.stats().recordsWritten() == RECORDS,
                    () -> "writer " + writer.stats() + ", sender's peer " + peer(worker));
            PeerInfo p = peer(worker);
            assertThat(p).as("the peering is still up").isNotNull();
            assertThat(p.dropped()).as("dropped by the sender's peer buffer").isZero();
            assertThat(p.disconnects()).isZero();
            assertThat(gate.problem.get()).as("order").isNull();
            assertThat(gate.nextSeq.get()).isEqualTo(RECORDS);
            assertThat(receiver.malformedCount()).isZero();
            receiver.close();
        }
        long seq = 0;
        try (BufferedReader r = Files.newBufferedReader(dir.resolve("pressure.log"), StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.startsWith("#")) {
                    assertThat(line).startsWith(seq + "\t");
                    seq++;
                }
            }
        }
        assertThat(seq).isEqualTo(RECORDS);
    }

    /**
     * A logger that takes nothing: once the sender's peer buffer has made no progress for the
     * sender's stall timeout, the send fails with a typed exception (counted), never silently.
     */
    @Test
    void aStalledLoggerFailsTheSendWithATypedException() throws Exception {
        LogWriterConfig config = LogWriterConfig.defaults(dir);
        try (LogDirectoryWriter writer = new LogDirectoryWriter(config, LogEvents.NONE);
                Endpoint logger = endpoint(BUFFER_MESSAGES);
                Endpoint worker = endpoint(BUFFER_MESSAGES, Duration.ofMillis(200))) {
            GatedSink gate = new GatedSink(writer);
            BrokerLogReceiver receiver = BrokerLogReceiver.start(logger, gate, LogEvents.NONE);
            try {
                int port = logger.listen("127.0.0.1", 0);
                worker.peerBlocking("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(10));
                BrokerLoggerTest.awaitSubscription(worker);
                LogSendException failure = null;
                long sent = 0;
                try (BrokerLogSender sender = new BrokerLogSender(worker, Duration.ofSeconds(20))) {
                    for (LogBatch b : batches()) {
                        try {
                            sender.send(b);
                            sent += b.records().size();
                        } catch (LogSendException e) {
                            failure = e;
                            break;
                        }
                    }
                    assertThat(failure).as("a send failed").isNotNull();
                    assertThat(failure.topic()).isEqualTo("zeek/logs/Test::LOG");
                    assertThat(failure.records()).isEqualTo(PER_BATCH);
                    assertThat(failure).hasMessageContaining("overflow policy");
                    assertThat(sender.batchesFailed()).isEqualTo(1);
                    assertThat(sender.recordsSent()).isEqualTo(sent).isLessThan(RECORDS);
                }
                // A closed sender says so too.
                BrokerLogSender closed = new BrokerLogSender(worker);
                closed.close();
                LogBatch one = batches().get(0);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> closed.send(one))
                        .isInstanceOf(LogSendException.class)
                        .hasMessageContaining("closed");
            } finally {
                gate.open.countDown();
                receiver.close();
            }
        }
    }

    /**
     * A writer that is slow but always progressing (every batch takes a while, as on a slow disk)
     * behind a small subscriber queue: the receiver takes a message at a time, so the endpoint never
     * sees its subscriber as stalled and drops nothing.
     */
    @Test
    void aSlowButProgressingWriterLosesNothingAtTheSubscriber() throws Exception {
        List<LogBatch> batches = new ArrayList<>();
        for (int b = 0; b < 40; b++) {
            List<LogRecord> records = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long seq = b * 10L + i;
                records.add(STREAM.record(seq, "C" + seq, "f"));
            }
            batches.add(STREAM.batch(records));
        }
        try (LogDirectoryWriter writer = new LogDirectoryWriter(LogWriterConfig.defaults(dir), LogEvents.NONE);
                Endpoint logger = endpoint(BUFFER_MESSAGES, Duration.ofMillis(200));
                Endpoint worker = endpoint(BUFFER_MESSAGES)) {
            GatedSink checked = new GatedSink(writer);
            checked.open.countDown();
            LogSink slow = new LogSink() {
                @Override
                public void write(LogBatch batch) throws InterruptedException {
                    Thread.sleep(40); // a slow disk: a fifth of the stall timeout per batch
                    checked.write(batch);
                }

                @Override
                public void close() {}
            };
            BrokerLogReceiver receiver = BrokerLogReceiver.start(logger, slow, LogEvents.NONE);
            int port = logger.listen("127.0.0.1", 0);
            worker.peerBlocking("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(10));
            BrokerLoggerTest.awaitSubscription(worker);
            try (BrokerLogSender sender = new BrokerLogSender(worker)) {
                for (LogBatch b : batches) {
                    sender.send(b);
                }
            }
            Poll.until(
                    "400 records written",
                    30_000,
                    () -> writer.stats().recordsWritten() == 400 || receiver.droppedCount() > 0,
                    () -> writer.stats().toString());
            assertThat(receiver.droppedCount())
                    .as("dropped by the logger's subscriber")
                    .isZero();
            assertThat(checked.problem.get()).isNull();
            assertThat(checked.nextSeq.get()).isEqualTo(400);
            receiver.close();
        }
    }

    /**
     * A writer that stops while a sender keeps going: the logger's subscriber stalls, its policy
     * drops messages, and every dropped message is reported through {@link LogEvents#dropped}, not
     * only counted.
     */
    @Test
    void messagesDroppedAtTheSubscriberAreReported() throws Exception {
        AtomicLong reported = new AtomicLong();
        LogEvents events = new LogEvents() {
            @Override
            public void dropped(String path, long records, String reason) {
                if (path.equals("zeek/logs/") && reason.contains("subscriber")) {
                    reported.addAndGet(records);
                }
            }
        };
        try (LogDirectoryWriter writer = new LogDirectoryWriter(LogWriterConfig.defaults(dir), LogEvents.NONE);
                Endpoint logger = endpoint(BUFFER_MESSAGES, Duration.ofMillis(200));
                Endpoint worker = endpoint(BUFFER_MESSAGES)) {
            GatedSink held = new GatedSink(writer);
            BrokerLogReceiver receiver = BrokerLogReceiver.start(logger, held, events);
            int port = logger.listen("127.0.0.1", 0);
            worker.peerBlocking("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(10));
            BrokerLoggerTest.awaitSubscription(worker);
            try (BrokerLogSender sender = new BrokerLogSender(worker, Duration.ofMillis(500))) {
                // Until the policy drops, not for a fixed count: how much the sockets' kernel buffers
                // take before the worker waits varies, and 100,000 small writes once all fit there
                // before the stall timeout had passed.
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                for (long seq = 0; receiver.droppedCount() == 0 && System.nanoTime() < until; seq++) {
                    try {
                        sender.write(STREAM, STREAM.record(seq, "C" + seq, "f"));
                    } catch (LogSendException e) {
                        // the stalled logger pushed back: keep offering
                    }
                }
            } finally {
                held.open.countDown();
            }
            assertThat(receiver.droppedCount())
                    .as("dropped by the stalled subscriber")
                    .isPositive();
            Poll.until(
                    "every drop reported",
                    30_000,
                    () -> reported.get() == receiver.droppedCount(),
                    () -> "reported " + reported.get() + " of " + receiver.droppedCount());
            receiver.close();
        }
    }
}
