package io.jbroker.endpoint;

import io.jbroker.DataMessage;
import io.jbroker.internal.core.SubscriberQueue;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Receives the data messages published on a set of topics (prefix match), locally or by peers.
 *
 * <p>Messages wait in a bounded queue ({@link EndpointConfig#subscriberQueueSize()}); when it is
 * full the configured {@link OverflowPolicy} applies and every drop is counted ({@link
 * #droppedCount()}). Read with {@link #get(Duration)} or {@link #poll()}, or switch to
 * asynchronous delivery with {@link #onMessage}. Thread-safe. Closing twice is harmless.
 */
public final class Subscriber implements AutoCloseable {
    private final SubscriberQueue queue;
    private final Runnable onClose;
    private final List<String> topics;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();

    Subscriber(SubscriberQueue queue, List<String> topics, Runnable onClose) {
        this.queue = queue;
        this.topics = List.copyOf(topics);
        this.onClose = onClose;
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

    /** Messages that reached this subscriber (queued or dropped). */
    public long receivedCount() {
        return queue.receivedCount();
    }

    /**
     * Delivers messages asynchronously: {@code handler} runs on {@code executor}, one message at a
     * time and in order. Messages already queued are delivered first.
     */
    public void onMessage(Consumer<DataMessage> handler, Executor executor) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(executor, "executor");
        Runnable drain = new Runnable() {
            @Override
            public void run() {
                try {
                    DataMessage m;
                    while ((m = queue.poll()) != null) {
                        handler.accept(m);
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
