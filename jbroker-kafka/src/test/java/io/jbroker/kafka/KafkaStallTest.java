package io.jbroker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.kafka.testing.KafkaBroker;
import io.jbroker.logger.LogEvents;
import io.jbroker.zeek.log.LogBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka stopped mid-stream (the broker process gets SIGSTOP, later SIGCONT): the sink pauses its
 * writer, never has more in flight than its bound, and once Kafka resumes everything accepted is
 * acknowledged and in Kafka exactly once (idempotent producer); past the stall timeout batches are
 * dropped, counted and reported, and nothing else is lost.
 */
class KafkaStallTest {
    static final int MAX_QUEUED = 2000;
    static final int MAX_IN_FLIGHT = 500;
    static final long MAX_IN_FLIGHT_BYTES = 256 << 10;
    static final int BATCH = 50;

    static KafkaBroker kafka;

    @BeforeAll
    static void broker() throws Exception {
        kafka = KafkaBroker.start(); // its own: it gets stopped
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    static KafkaSinkConfig config(String topic, Duration stallTimeout) {
        return KafkaSinkConfig.defaults(kafka.bootstrap())
                .withTopic(topic)
                .withQueue(MAX_QUEUED, stallTimeout)
                .withInFlight(MAX_IN_FLIGHT, MAX_IN_FLIGHT_BYTES)
                .withCloseTimeout(Duration.ofSeconds(60))
                // Small producer batches, so that the in-flight bound is what holds the records.
                .withProducerProperties(java.util.Map.of("linger.ms", "1", "batch.size", "16384"));
    }

    /** A thread writing {@code batches} into {@code sink}, counting the batches handed over. */
    static Thread writer(
            KafkaLogSink sink, List<LogBatch> batches, AtomicInteger written, AtomicReference<Throwable> failure) {
        Thread t = new Thread(
                () -> {
                    try {
                        for (LogBatch b : batches) {
                            sink.write(b);
                            written.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                },
                "test-writer");
        t.setDaemon(true);
        return t;
    }

    static List<String> uids(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String v = new String(r.value(), StandardCharsets.UTF_8);
            int u = v.indexOf("\"uid\":\"") + 7;
            out.add(v.substring(u, v.indexOf('"', u)));
        }
        return out;
    }

    @Test
    void stalledKafkaPausesTheWriterWithBoundedMemoryAndLosesNothing() throws Exception {
        int total = 20_000;
        List<LogBatch> batches = ConnLogs.batches(ConnLogs.CONN, total, BATCH);
        AtomicInteger written = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        KafkaLogSink sink =
                KafkaLogSink.start(config("s1-{path}", Duration.ofSeconds(60)), KafkaLogSinkTest.recording(problems));
        try {
            Thread w = writer(sink, batches, written, failure);
            w.start();
            KafkaBroker.until(
                    "2000 records acknowledged", 30_000, () -> sink.stats().recordsAcknowledged() >= 2000);
            kafka.suspend();
            try {
                // The sink fills its in-flight room and its queue, then holds the writer. Responses
                // Kafka sent just before the stop may still be acknowledged: wait until that is over.
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (true) {
                    long ackedBefore = sink.stats().recordsAcknowledged();
                    int handedBefore = written.get();
                    w.join(300);
                    KafkaSinkStats s = sink.stats();
                    boolean held = s.queuedRecords() > MAX_QUEUED - BATCH
                            && (s.inFlightRecords() == MAX_IN_FLIGHT || s.inFlightBytes() > MAX_IN_FLIGHT_BYTES / 2)
                            && w.getState() != Thread.State.RUNNABLE;
                    if (held && s.recordsAcknowledged() == ackedBefore && written.get() == handedBefore) {
                        break;
                    }
                    assertThat(System.nanoTime()).as("the writer held back").isLessThan(deadline);
                }
                long acked = sink.stats().recordsAcknowledged();
                int handed = written.get();
                w.join(1500); // it must not finish, nor move, while Kafka is stopped
                assertThat(w.isAlive()).isTrue();
                assertThat(written.get()).isEqualTo(handed);
                assertThat(sink.stats().recordsAcknowledged()).isEqualTo(acked);
                assertThat(handed).isLessThan(batches.size());
            } finally {
                kafka.resume();
            }
            w.join(60_000);
            assertThat(w.isAlive()).isFalse();
            assertThat(failure.get()).isNull();
        } finally {
            sink.close();
        }
        KafkaSinkStats s = sink.stats();
        assertThat(problems).isEmpty();
        assertThat(s.recordsAccepted()).isEqualTo(total);
        assertThat(s.recordsAcknowledged()).isEqualTo(total);
        assertThat(s.recordsFailed() + s.recordsDropped()).isZero();
        // Memory bounded all along.
        assertThat(s.peakInFlightRecords()).isLessThanOrEqualTo(MAX_IN_FLIGHT);
        assertThat(s.peakInFlightBytes()).isLessThanOrEqualTo(MAX_IN_FLIGHT_BYTES);
        List<ConsumerRecord<byte[], byte[]>> read =
                kafka.readAll("s1-conn", Duration.ofSeconds(30), r -> r.size() >= total);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            expected.add("C" + i);
        }
        // Every record once, in order: nothing lost, no duplicates from the retries.
        assertThat(uids(read)).containsExactlyElementsOf(expected);
    }

    @Test
    void pastTheStallTimeoutBatchesAreDroppedCountedAndReportedAndTheRestArrivesOnce() throws Exception {
        int total = 15_000;
        List<LogBatch> batches = ConnLogs.batches(ConnLogs.CONN, total, BATCH);
        AtomicInteger written = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong reportedDrops = new AtomicLong();
        List<String> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
        LogEvents events = new LogEvents() {
            @Override
            public void dropped(String path, long records, String reason) {
                reportedDrops.addAndGet(records);
                reasons.add(reason);
            }
        };
        KafkaLogSink sink = KafkaLogSink.start(config("s2-{path}", Duration.ofSeconds(1)), events);
        try {
            Thread w = writer(sink, batches.subList(0, 40), written, failure);
            w.start();
            w.join(30_000);
            KafkaBroker.until(
                    "2000 records acknowledged", 30_000, () -> sink.stats().recordsAcknowledged() >= 2000);
            kafka.suspend();
            try {
                Thread rest = writer(sink, batches.subList(40, batches.size()), written, failure);
                rest.start();
                // The writer is held for the stall timeout, then its batches are dropped: it finishes.
                rest.join(60_000);
                assertThat(rest.isAlive()).isFalse();
                assertThat(sink.stats().recordsDropped()).isPositive();
            } finally {
                kafka.resume();
            }
        } finally {
            sink.close();
        }
        assertThat(failure.get()).isNull();
        KafkaSinkStats s = sink.stats();
        assertThat(s.recordsDropped()).isEqualTo(reportedDrops.get());
        assertThat(reasons)
                .allMatch(r ->
                        r.startsWith("Kafka made no progress for PT1S") || r.equals("Kafka still made no progress"));
        assertThat(s.recordsAccepted() + s.recordsDropped()).isEqualTo(total);
        assertThat(s.recordsAcknowledged()).isEqualTo(s.recordsAccepted());
        assertThat(s.recordsFailed()).isZero();
        assertThat(s.peakInFlightRecords()).isLessThanOrEqualTo(MAX_IN_FLIGHT);
        long acked = s.recordsAcknowledged();
        List<ConsumerRecord<byte[], byte[]>> read =
                kafka.readAll("s2-conn", Duration.ofSeconds(30), r -> r.size() >= acked);
        List<String> got = uids(read);
        assertThat(got).hasSize((int) acked).doesNotHaveDuplicates();
        // What arrived is in order: ascending record numbers.
        List<Integer> numbers =
                got.stream().map(u -> Integer.parseInt(u.substring(1))).toList();
        assertThat(numbers).isSorted();
    }
}
