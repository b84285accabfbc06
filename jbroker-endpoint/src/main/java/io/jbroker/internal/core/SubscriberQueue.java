package io.jbroker.internal.core;

import io.jbroker.DataMessage;
import io.jbroker.endpoint.OverflowPolicy;
import io.jbroker.internal.wire.Filter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A subscriber's bounded queue of received messages. Producers (I/O threads, publishers) never
 * block: when the queue is full the {@link OverflowPolicy} applies and every drop is counted.
 * Consumers may block with a timeout. Thread-safe; the queue is guarded by its lock.
 */
public final class SubscriberQueue implements LocalSink {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<DataMessage> queue;
    private final int capacity;
    private final OverflowPolicy policy;
    private final LongAdder received = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile Filter filter;
    private volatile boolean closed;
    private volatile Runnable onOverflowDisconnect = () -> {};
    private volatile Runnable onAvailable;

    public SubscriberQueue(Filter filter, int capacity, OverflowPolicy policy) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.filter = Objects.requireNonNull(filter, "filter");
        this.capacity = capacity;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.queue = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    @Override
    public Filter filter() {
        return filter;
    }

    public void setFilter(Filter filter) {
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    /** Called (once) when the DISCONNECT policy closes this queue on overflow. */
    public void onOverflowDisconnect(Runnable action) {
        this.onOverflowDisconnect = Objects.requireNonNull(action, "action");
    }

    /** Called after a message was added; used by asynchronous subscribers. */
    public void onAvailable(Runnable action) {
        this.onAvailable = action;
    }

    @Override
    public boolean offer(DataMessage message) {
        boolean disconnect = false;
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            received.increment();
            if (queue.size() >= capacity) {
                switch (policy) {
                    case DROP_NEWEST:
                        dropped.increment();
                        return false;
                    case DROP_OLDEST:
                        queue.pollFirst();
                        dropped.increment();
                        break;
                    case DISCONNECT:
                    default:
                        dropped.increment();
                        closed = true;
                        disconnect = true;
                        notEmpty.signalAll();
                        break;
                }
            }
            if (!disconnect) {
                queue.addLast(message);
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        if (disconnect) {
            onOverflowDisconnect.run();
            return false;
        }
        Runnable r = onAvailable;
        if (r != null) {
            r.run();
        }
        return true;
    }

    /**
     * Adds a message, waiting until {@code deadlineNanos} for room instead of applying the
     * overflow policy (publisher back-pressure).
     *
     * @return false if the queue stayed full until the deadline or is closed
     */
    @Override
    public boolean offer(DataMessage message, long deadlineNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!closed && queue.size() >= capacity) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                notFull.awaitNanos(left);
            }
            if (closed) {
                return false;
            }
            received.increment();
            queue.addLast(message);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        Runnable r = onAvailable;
        if (r != null) {
            r.run();
        }
        return true;
    }

    /** The next message, or {@code null} if none is queued. */
    public DataMessage poll() {
        lock.lock();
        try {
            notFull.signal();
            return queue.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for the next message; {@code null} on timeout or when closed. */
    public DataMessage take(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                if (closed || nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            notFull.signal();
            return queue.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns up to {@code max} queued messages without waiting. */
    public List<DataMessage> drain(int max) {
        lock.lock();
        try {
            int n = Math.min(max, queue.size());
            List<DataMessage> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(queue.pollFirst());
            }
            if (n > 0) {
                notFull.signalAll();
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    public int available() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    public boolean isClosed() {
        return closed;
    }

    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Messages offered while open (delivered or dropped). */
    public long receivedCount() {
        return received.sum();
    }

    /** Messages discarded by the overflow policy. */
    public long droppedCount() {
        return dropped.sum();
    }

    public static SubscriberQueue of(Filter filter, int capacity) {
        return new SubscriberQueue(filter, capacity, OverflowPolicy.DROP_NEWEST);
    }
}
