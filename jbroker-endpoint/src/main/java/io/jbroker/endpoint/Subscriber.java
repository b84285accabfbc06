package io.jbroker.endpoint;

import io.jbroker.DataMessage;
import io.jbroker.internal.core.BoundedQueue;
import io.jbroker.internal.core.SubscriberQueue;
import io.jbroker.internal.net.IoThreads;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
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
 * Thread-safe. Closing twice is harmless. Closing the endpoint closes its subscribers for new
 * messages (what they hold can still be taken) and wakes a waiting {@link #get(Duration)}.
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
    private final BiConsumer<Subscriber, String> onHandlerFailure;
    private final LongAdder handlerFailures = new LongAdder();
    /** Drops already reported in a status event; read and written only by the endpoint's timer. */
    long reportedDrops;

    Subscriber(
            SubscriberQueue queue,
            List<String> topics,
            boolean statusEvents,
            Runnable onClose,
            BiConsumer<Subscriber, String> onHandlerFailure) {
        this.queue = queue;
        this.topics = List.copyOf(topics);
        this.statusEvents = statusEvents;
        this.onClose = onClose;
        this.onHandlerFailure = onHandlerFailure;
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
     * @throws IllegalStateException if {@code timeout} is positive and the caller is an I/O thread
     *     (a handler run by a direct executor), which would block the I/O that brings the message
     */
    public DataMessage get(Duration timeout) throws InterruptedException {
        requireMayWait(timeout);
        return queue.take(timeout);
    }

    /**
     * Waits up to {@code timeout} for at least one message, then takes up to {@code max} queued
     * messages at once (cheaper per message than one {@link #get(Duration)} each).
     *
     * @return the messages in order; empty if none arrived in time or the subscriber is closed
     * @throws IllegalStateException if {@code timeout} is positive and the caller is an I/O thread
     */
    public List<DataMessage> get(int max, Duration timeout) throws InterruptedException {
        requireMayWait(timeout);
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        return queue.take(max, timeout);
    }

    private static void requireMayWait(Duration timeout) {
        if (!timeout.isZero() && !timeout.isNegative()) {
            IoThreads.requireNotCurrent("Subscriber.get() with a timeout");
        }
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

    /** A snapshot of this subscriber's queue and counters, read together. */
    public SubscriberInfo metrics() {
        BoundedQueue.Stats q = queue.stats(); // one consistent reading, not one lock per counter
        return new SubscriberInfo(
                topics,
                q.accepted(),
                q.acceptedBytes(),
                q.taken(),
                q.takenBytes(),
                q.size(),
                q.bytes(),
                queue.capacity(),
                q.dropped(),
                queue.policy(),
                q.stalled(),
                queue.isDisconnected(),
                id,
                queue.stallCount());
    }

    /**
     * Delivers messages asynchronously: {@code handler} runs on {@code executor}, one message at a
     * time and in order. Messages already queued are delivered first. With a direct executor
     * ({@code Runnable::run}) the handler runs on the I/O thread that delivered the message, which
     * is the fastest way to react (the benchmark's echo does this) but must never block: there
     * {@link Endpoint#close()} hands the shutdown to another thread, and calls that would wait for
     * I/O ({@link Endpoint#peerBlocking}, {@link Endpoint#listen}, {@link Publisher#publish}, a
     * {@link #get(Duration)} with a timeout) throw {@link IllegalStateException}.
     *
     * <p>A handler that throws costs only the message it was given: that message counts as taken,
     * the failure is counted ({@link #handlerFailureCount()}) and reported as an {@code
     * unspecified} error event naming the topic and the exception (not for the {@linkplain
     * Endpoint#statusSubscriber() status subscriber}, whose handler would receive its own
     * reports), and delivery goes on with the next message. An executor that rejects the task is
     * reported the same way; the messages stay queued.
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
                            deliver(handler, m);
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
                execute(executor, drain);
            }
        });
        if (queue.available() > 0 && draining.compareAndSet(false, true)) {
            execute(executor, drain);
        }
    }

    /** Runs the handler on one message; a failure is contained (counted and reported). */
    private void deliver(Consumer<DataMessage> handler, DataMessage m) {
        try {
            handler.accept(m);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            handlerFailed("handler failed on " + m.topic() + ": " + e);
        }
    }

    private void execute(Executor executor, Runnable drain) {
        try {
            executor.execute(drain);
        } catch (RuntimeException e) {
            draining.set(false);
            handlerFailed("executor rejected the delivery: " + e);
        }
    }

    private void handlerFailed(String what) {
        handlerFailures.increment();
        if (!statusEvents) {
            onHandlerFailure.accept(this, what);
        }
    }

    /** Times the {@link #onMessage} handler threw (or its executor rejected a delivery). */
    public long handlerFailureCount() {
        return handlerFailures.sum();
    }

    public boolean isClosed() {
        return closed.get() || queue.isClosed();
    }

    /** Closes for new messages when the endpoint closes; what is queued can still be taken. */
    void endpointClosed() {
        if (closed.compareAndSet(false, true)) {
            queue.closeForProducers();
            onClose.run();
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            queue.close();
            onClose.run();
        }
    }
}
