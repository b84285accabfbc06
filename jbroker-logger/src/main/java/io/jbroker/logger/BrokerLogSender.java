package io.jbroker.logger;

import io.jbroker.BrokerException;
import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.Publisher;
import io.jbroker.zeek.log.BrokerLogStreams;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogHeader;
import io.jbroker.zeek.log.LogRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends log records to Zeek loggers over Broker, as Zeek's remote logging does: a {@code LogCreate}
 * on {@code zeek/logs/<stream>} before a stream's first records, then {@code Batch[LogWrite...]}.
 *
 * <p>Back-pressure: every stream topic has its own {@link Publisher}, so {@link #send} waits while
 * a logger's peer buffer (or a local subscriber's queue) is full and the logger keeps taking, up to
 * the timeout, instead of overflowing the buffer (whose {@code disconnect} policy would drop the
 * peering and what it held). Nothing is lost silently: a batch that a receiver had no room for in
 * time, or that met a stalled receiver (nothing taken for the endpoint's {@link
 * io.jbroker.endpoint.EndpointConfig#stallTimeout() stall timeout}, whose overflow policy then
 * acted), or that could not be published because the endpoint closed, fails with a {@link
 * LogSendException}. Receivers that had room still got it. Records published while no logger is
 * peered go nowhere, as in Broker: wait for the logger's subscription first.
 *
 * <p>Thread-safe: several threads may send; per stream, batches keep the order of the calls of one
 * thread. Never call it on an endpoint I/O thread (a handler run by a direct executor): waiting
 * there would block the very I/O that makes room, so it throws {@link IllegalStateException}.
 */
public final class BrokerLogSender implements AutoCloseable {
    /** How long one {@link #send} waits for room at a slow logger by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private record StreamKey(String stream, String path) {}

    /** A stream's announcement state: its create is published once, before any of its writes. */
    private static final class Announcement {
        boolean published;
    }

    private final Endpoint endpoint;
    private final Duration timeout;
    private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();
    private final Map<StreamKey, Announcement> announcements = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder batchesSent = new LongAdder();
    private final LongAdder recordsSent = new LongAdder();
    private final LongAdder batchesFailed = new LongAdder();

    /** A sender publishing through {@code endpoint}, waiting up to {@link #DEFAULT_TIMEOUT}. */
    public BrokerLogSender(Endpoint endpoint) {
        this(endpoint, DEFAULT_TIMEOUT);
    }

    /** A sender publishing through {@code endpoint}, each {@link #send} waiting up to {@code timeout}. */
    public BrokerLogSender(Endpoint endpoint, Duration timeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout " + timeout);
        }
    }

    /**
     * Publishes {@code records} of {@code stream} (announcing the stream first if needed), waiting
     * while a logger is slow.
     *
     * @throws LogSendException if a logger had no room within the timeout, was stalled, or the
     *     endpoint is closed
     * @throws InterruptedException if interrupted while waiting (the batch may have reached some
     *     loggers)
     */
    public void write(LogStream stream, LogRecord... records) throws InterruptedException {
        send(stream.batch(List.of(records)));
    }

    /** {@link #send(LogBatch, Duration)} with this sender's timeout. */
    public void send(LogBatch batch) throws InterruptedException {
        send(batch, timeout);
    }

    /**
     * Publishes one batch, waiting up to {@code timeout} for room at every receiver (the stream's
     * {@code LogCreate}, when it is still due, has a wait of its own).
     *
     * @throws LogSendException if a receiver had no room within {@code timeout} or was stalled (its
     *     overflow policy acted: with Broker's {@code disconnect} the peering is dropped), or the
     *     sender or its endpoint is closed
     * @throws IllegalStateException on an endpoint I/O thread
     * @throws InterruptedException if interrupted while waiting
     */
    public void send(LogBatch batch, Duration timeout) throws InterruptedException {
        LogHeader h = batch.header();
        int n = batch.records().size();
        if (closed.get()) {
            throw failed(h, n, "the sender is closed", null);
        }
        Publisher publisher = publisher(BrokerLogStreams.topic(h.stream()));
        announce(publisher, h, n, timeout);
        publish(publisher, h, n, BrokerLogStreams.writes(batch).toData(), timeout);
        batchesSent.increment();
        recordsSent.add(n);
    }

    /** Batches every receiver took. */
    public long batchesSent() {
        return batchesSent.sum();
    }

    /** Records in {@link #batchesSent()}. */
    public long recordsSent() {
        return recordsSent.sum();
    }

    /** Batches that failed with a {@link LogSendException}. */
    public long batchesFailed() {
        return batchesFailed.sum();
    }

    /** Closes the publishers; further sends fail. The endpoint stays open. Closing twice is harmless. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            publishers.values().forEach(Publisher::close);
        }
    }

    private Publisher publisher(String topic) {
        try {
            return publishers.computeIfAbsent(topic, t -> endpoint.publisher(t, timeout));
        } catch (BrokerException e) {
            throw new LogSendException(topic, 0, "cannot publish: " + e.getMessage(), e);
        }
    }

    /** Publishes the stream's create once, before any of its writes, also with several threads. */
    private void announce(Publisher publisher, LogHeader h, int records, Duration timeout) throws InterruptedException {
        Announcement a = announcements.computeIfAbsent(new StreamKey(h.stream(), h.path()), k -> new Announcement());
        synchronized (a) {
            if (!a.published) {
                Data create = BrokerLogStreams.create(h, System.currentTimeMillis() / 1000.0)
                        .toData();
                publish(publisher, h, records, create, timeout);
                a.published = true;
            }
        }
    }

    private void publish(Publisher publisher, LogHeader h, int records, Data value, Duration timeout)
            throws InterruptedException {
        boolean all;
        try {
            all = publisher.publish(value, timeout);
        } catch (BrokerException e) {
            forgetAnnouncement(h);
            throw failed(h, records, "cannot publish: " + e.getMessage(), e);
        }
        if (!all) {
            // A receiver whose policy acted may have lost the create too (a dropped peering does):
            // announce the stream again before its next records.
            forgetAnnouncement(h);
            throw failed(
                    h,
                    records,
                    "a receiver had no room within " + timeout.toMillis()
                            + " ms or is stalled; its overflow policy acted (counted at the endpoint)",
                    null);
        }
    }

    private void forgetAnnouncement(LogHeader h) {
        Announcement a = announcements.get(new StreamKey(h.stream(), h.path()));
        if (a != null) {
            synchronized (a) {
                a.published = false;
            }
        }
    }

    private LogSendException failed(LogHeader h, int records, String reason, Throwable cause) {
        batchesFailed.increment();
        return new LogSendException(BrokerLogStreams.topic(h.stream()), records, reason, cause);
    }
}
