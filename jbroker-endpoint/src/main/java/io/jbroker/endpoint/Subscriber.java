package io.jbroker.endpoint;

import io.jbroker.DataMessage;
import io.jbroker.internal.core.SubscriberQueue;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Receives the data messages published on a set of topics (prefix match), locally or by peers.
 *
 * <p>Messages wait in a queue bounded in messages and bytes ({@link
 * EndpointConfig#subscriberQueueSize()}, {@link EndpointConfig#subscriberQueueBytes()}). While it is
 * full, the peers feeding it are paused and publishers wait, for as long as the subscriber keeps
 * taking messages; if it takes nothing for the stall timeout ({@link EndpointConfig#stallTimeout()})
 * the {@link OverflowPolicy} applies, every drop is counted ({@link #droppedCount()}) and reported
 * as a {@code messages_dropped} status event. Read with {@link #get(Duration)}, {@link #get(int,
 * Duration)} or {@link #poll()}, or switch to asynchronous delivery with {@link #onMessage}.
 * Thread-safe. Closing twice is harmless.
 */
public final class Subscriber implements AutoCloseable {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final SubscriberQueue queue;
    private final Runnable onClose;
    private final List<String> topics;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final boolean statusEvents;
    /** Drops already reported in a status event; read and written only by the endpoint's timer. */
    long reportedDrops;

    Subscriber(SubscriberQueue queue, List<String> topics, boolean statusEvents, Runnable onClose) {
        this.queue = queue;
        this.topics = List.copyOf(topics);
        this.statusEvents = statusEvents;
        this.onClose = onClose;
    }

    SubscriberQueue queue() {
        return queue;
    }

    /** Whether this subscriber receives the endpoint's own status and error events. */
    boolean statusEvents() {
        return statusEvents;
    }

    /** This subscriber's number: unique in the JVM, from 1 in creation order ({@link SubscriberInfo#id()}). */
    public long id() {
        return id;
    }

    /** The topic prefixes this subscriber receives. */
    public List<String> topics() {
        return topics;
    }

    /**
     * Waits up to {@code timeout} for the next message.
     *
     * @return the message, or {@code null} if none arrived in time or the subscriber is closed
     */
    public DataMessage get(Duration timeout) throws InterruptedException {
        return queue.take(timeout);
    }

    /**
     * Waits up to {@code timeout} for at least one message, then takes up to {@code max} queued
     * messages at once (cheaper per message than one {@link #get(Duration)} each).
     *
     * @return the messages in order; empty if none arrived in time or the subscriber is closed
     */
    public List<DataMessage> get(int max, Duration timeout) throws InterruptedException {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        return queue.take(max, timeout);
    }

    /** The next message if one is queued, else {@code null}; never blocks. */
    public DataMessage poll() {
        return queue.poll();
    }

    /** Up to {@code max} queued messages, without waiting. */
    public List<DataMessage> poll(int max) {
        return queue.drain(max);
    }

    /** Number of queued messages. */
    public int available() {
        return queue.available();
    }

    /** Messages this subscriber lost to its overflow policy. */
    public long droppedCount() {
        return queue.droppedCount();
    }

    /** Messages that reached this subscriber's queue (including those later dropped as oldest). */
    public long receivedCount() {
        return queue.receivedCount();
    }

    /** A snapshot of this subscriber's queue and counters. */
    public SubscriberInfo metrics() {
        return new SubscriberInfo(
                topics,
                queue.receivedCount(),
                queue.receivedBytes(),
                queue.takenCount(),
                queue.takenBytes(),
                queue.available(),
                queue.bufferedBytes(),
                queue.capacity(),
                queue.droppedCount(),
                queue.policy(),
                queue.isStalled(),
                queue.isDisconnected(),
                id,
                queue.stallCount());
    }

    /**
     * Delivers messages asynchronously: {@code handler} runs on {@code executor}, one message at a
     * time and in order. Messages already queued are delivered first. With a direct executor
     * ({@code Runnable::run}) the handler runs on the I/O thread that delivered the message, which
     * is the fastest way to react (the benchmark's echo does this) but must never block.
     */
    public void onMessage(Consumer<DataMessage> handler, Executor executor) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(executor, "executor");
        Runnable drain = new Runnable() {
            @Override
            public void run() {
                try {
                    List<DataMessage> batch;
                    while (!(batch = queue.drain(256)).isEmpty()) {
                        for (DataMessage m : batch) {
                            handler.accept(m);
                        }
                    }
                } finally {
                    draining.set(false);
                }
                if (queue.available() > 0 && draining.compareAndSet(false, true)) {
                    executor.execute(this);
                }
            }
        };
        queue.onAvailable(() -> {
            if (draining.compareAndSet(false, true)) {
                executor.execute(drain);
            }
        });
        if (queue.available() > 0 && draining.compareAndSet(false, true)) {
            executor.execute(drain);
        }
    }

    public boolean isClosed() {
        return closed.get() || queue.isClosed();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            queue.close();
            onClose.run();
        }
    }
}
