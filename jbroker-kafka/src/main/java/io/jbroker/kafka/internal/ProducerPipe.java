package io.jbroker.kafka.internal;

import io.jbroker.kafka.KafkaSinkConfig;
import io.jbroker.kafka.KafkaSinkStats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;

/**
 * A bounded queue in front of a Kafka producer, drained by the pipe's own thread, with the records
 * in flight (sent, not yet acknowledged) bounded in count and bytes.
 *
 * <p>Threads: writers call {@link #submit} and wait there while the queue is full and Kafka makes
 * progress (acknowledges records; sends that fail do not count); after the stall timeout without an
 * acknowledgement the unit is dropped (counted, reported) and later units are dropped at once until
 * Kafka acknowledges again. The pipe's thread encodes the
 * units and waits for in-flight room before each {@code send}; all blocking of the producer
 * (metadata, buffer) happens on that thread too. Kafka's completion callbacks run on the producer's
 * network thread and only release the in-flight room and count: failures are reported from the
 * pipe's thread. So a stalled Kafka stops the pipe's thread, fills the queue and holds the writers
 * (the transport) back; memory stays bounded by the queue plus the in-flight bound.
 *
 * @param <T> what is queued (a log batch, a list of events)
 */
public final class ProducerPipe<T> {
    /** Turns a unit into Kafka records. Runs on the pipe's thread. */
    @FunctionalInterface
    public interface Encoder<T> {
        void encode(T unit, Output out) throws InterruptedException;
    }

    /** Sends one record, waiting for in-flight room. */
    public interface Output {
        void send(String topic, byte[] key, byte[] value, String source) throws InterruptedException;
    }

    /** Where losses are reported; called on the pipe's thread and, for drops at submission, the writer's. */
    public interface Reports {
        /** Records handed to Kafka that it did not acknowledge. */
        void failed(String source, long records, String reason);

        /** Records lost before they reached Kafka (stall timeout, stop). */
        void dropped(String source, long records, String reason);
    }

    private record Unit<T>(T value, int records, String source) {}

    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final KafkaSinkConfig config;
    private final Producer<byte[], byte[]> producer;
    private final Encoder<T> encoder;
    private final Reports reports;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Condition inFlightRoom = lock.newCondition();
    private final ArrayDeque<Unit<T>> queue = new ArrayDeque<>();
    /** Failures not reported yet: source, count and first reason. Guarded by {@link #lock}. */
    private final Map<String, long[]> failedCounts = new LinkedHashMap<>();

    private final Map<String, String> failedReasons = new LinkedHashMap<>();
    private long queuedRecords;
    private long progress;
    private long stalledAt = -1;
    private boolean stopping;
    private long accepted;
    private long sent;
    private long acknowledged;
    private long failed;
    private long dropped;
    private long rejected;
    private long inFlightRecords;
    private long inFlightBytes;
    private long peakInFlightRecords;
    private long peakInFlightBytes;

    public ProducerPipe(KafkaSinkConfig config, Encoder<T> encoder, Reports reports, String threadName) {
        this.config = config;
        this.encoder = encoder;
        this.reports = reports;
        this.producer = new KafkaProducer<>(config.effectiveProducerProperties());
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues {@code unit} of {@code records} records, waiting while the queue is full and the pipe
     * progresses.
     *
     * @return false if it was dropped (stalled Kafka or stopped); already counted and reported
     */
    public boolean submit(T unit, int records, String source) throws InterruptedException {
        long stallNanos = config.stallTimeout().toNanos();
        String reason = null;
        lock.lockInterruptibly();
        try {
            long seen = progress;
            long waitNanos = stallNanos;
            while (!stopping && queuedRecords > 0 && queuedRecords + records > config.maxQueuedRecords()) {
                if (stalledAt == progress) {
                    reason = "Kafka still made no progress";
                    break;
                }
                if (waitNanos <= 0) {
                    if (progress == seen) {
                        stalledAt = progress;
                        reason = "Kafka made no progress for " + config.stallTimeout();
                        break;
                    }
                    seen = progress;
                    waitNanos = stallNanos;
                }
                waitNanos = notFull.awaitNanos(waitNanos);
            }
            if (reason == null && stopping) {
                reason = "Kafka sink stopped";
            }
            if (reason != null) {
                dropped += records;
            } else {
                queue.add(new Unit<>(unit, records, source));
                queuedRecords += records;
                accepted += records;
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        if (reason != null) {
            reports.dropped(source, records, reason);
            return false;
        }
        return true;
    }

    /** Counts records refused before queueing. */
    public void countRejected(long records) {
        lock.lock();
        try {
            rejected += records;
        } finally {
            lock.unlock();
        }
    }

    public KafkaSinkStats stats() {
        lock.lock();
        try {
            return new KafkaSinkStats(
                    accepted,
                    sent,
                    acknowledged,
                    failed,
                    dropped,
                    rejected,
                    queuedRecords,
                    inFlightRecords,
                    inFlightBytes,
                    peakInFlightRecords,
                    peakInFlightBytes);
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        Unit<T> current = null;
        int[] sentOfCurrent = {0};
        Output out = (topic, key, value, source) -> {
            send(topic, key, value, source);
            sentOfCurrent[0]++;
        };
        try {
            while (true) {
                lock.lock();
                try {
                    while (queue.isEmpty() && !stopping) {
                        notEmpty.awaitNanos(IDLE_NANOS);
                        if (!failedCounts.isEmpty()) {
                            break;
                        }
                    }
                    if (queue.isEmpty() && stopping) {
                        break;
                    }
                    current = queue.poll();
                    if (current != null) {
                        queuedRecords -= current.records();
                        notFull.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
                reportFailures();
                if (current == null) {
                    continue;
                }
                sentOfCurrent[0] = 0;
                try {
                    encoder.encode(current.value(), out);
                } catch (RuntimeException e) {
                    long lost = current.records() - sentOfCurrent[0];
                    if (lost > 0) {
                        countDropped(lost);
                        reports.dropped(current.source(), lost, "not encoded: " + e);
                    }
                }
                current = null;
            }
        } catch (InterruptedException e) {
            // close() gave up waiting for Kafka: what was not sent is lost, and said so.
            List<Unit<T>> lost = new ArrayList<>();
            long[] unsent = {0};
            if (current != null && current.records() > sentOfCurrent[0]) {
                lost.add(new Unit<>(current.value(), current.records() - sentOfCurrent[0], current.source()));
            }
            lock.lock();
            try {
                lost.addAll(queue);
                queue.clear();
                queuedRecords = 0;
                lost.forEach(u -> unsent[0] += u.records());
                dropped += unsent[0];
            } finally {
                lock.unlock();
            }
            for (Unit<T> u : lost) {
                reports.dropped(u.source(), u.records(), "Kafka sink stopped before Kafka took it");
            }
        }
    }

    private void countDropped(long n) {
        lock.lock();
        try {
            dropped += n;
        } finally {
            lock.unlock();
        }
    }

    private void send(String topic, byte[] key, byte[] value, String source) throws InterruptedException {
        long bytes = value.length + (key == null ? 0 : key.length);
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            lock.lockInterruptibly();
            try {
                boolean room = inFlightRecords < config.maxInFlightRecords()
                        && (inFlightRecords == 0 || inFlightBytes + bytes <= config.maxInFlightBytes());
                if (room) {
                    inFlightRecords++;
                    inFlightBytes += bytes;
                    peakInFlightRecords = Math.max(peakInFlightRecords, inFlightRecords);
                    peakInFlightBytes = Math.max(peakInFlightBytes, inFlightBytes);
                    sent++;
                    break;
                }
                inFlightRoom.awaitNanos(IDLE_NANOS);
            } finally {
                lock.unlock();
            }
            reportFailures();
        }
        Completion done = new Completion(bytes, source);
        try {
            producer.send(new ProducerRecord<>(topic, key, value), done);
        } catch (InterruptException e) {
            // This record is sent and failed (counted); the next send gives up before sending.
            done.onCompletion(null, e);
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Not an ApiException (those reach the callback): the producer is closed or broken.
            done.onCompletion(null, e);
        }
    }

    /** One record's completion; runs on the producer's network thread (or in {@link #send}). */
    private final class Completion implements Callback {
        private final long bytes;
        private final String source;
        private final AtomicBoolean done = new AtomicBoolean();

        Completion(long bytes, String source) {
            this.bytes = bytes;
            this.source = source;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            lock.lock();
            try {
                inFlightRecords--;
                inFlightBytes -= bytes;
                if (exception == null) {
                    acknowledged++;
                    progress++; // only acknowledgements count as Kafka making progress
                } else {
                    failed++;
                    failedCounts.computeIfAbsent(source, s -> new long[1])[0]++;
                    failedReasons.putIfAbsent(source, exception.toString());
                    notEmpty.signal();
                }
                inFlightRoom.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Reports the failures counted since the last call, one report per source. */
    private void reportFailures() {
        Map<String, long[]> counts;
        Map<String, String> reasons;
        lock.lock();
        try {
            if (failedCounts.isEmpty()) {
                return;
            }
            counts = new LinkedHashMap<>(failedCounts);
            reasons = new LinkedHashMap<>(failedReasons);
            failedCounts.clear();
            failedReasons.clear();
        } finally {
            lock.unlock();
        }
        counts.forEach(
                (source, n) -> reports.failed(source, n[0], "not acknowledged by Kafka: " + reasons.get(source)));
    }

    /**
     * Stops taking units, sends what is queued, waits for Kafka to acknowledge everything (up to
     * the close timeout), then closes the producer: what Kafka has not acknowledged by then is
     * failed and reported, what was never sent is dropped and reported.
     */
    public void close() {
        long deadline = System.nanoTime() + config.closeTimeout().toNanos();
        lock.lock();
        try {
            stopping = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        try {
            TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(10_000);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            thread.interrupt();
        }
        // Like flush(), but bounded: what is still unacknowledged at the deadline fails (callbacks).
        producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        reportFailures();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
