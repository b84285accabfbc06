package io.jbroker.internal.core;

import io.jbroker.DataMessage;
import io.jbroker.endpoint.OverflowPolicy;
import io.jbroker.internal.wire.Filter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A subscriber's bounded queue of received messages (a {@link BoundedQueue} in messages and
 * bytes). Producers never wait longer than the stall timeout: a full queue pauses the peers that
 * feed it and makes publishers wait while its consumer makes progress, and applies its {@link
 * OverflowPolicy} once stalled; every drop is counted. Under {@code disconnect} an overflow closes
 * the queue for producers; what is already queued can still be taken. Thread-safe.
 */
public final class SubscriberQueue implements LocalSink {
    private final BoundedQueue<DataMessage> queue;
    private final AtomicBoolean disconnected = new AtomicBoolean();
    private volatile Filter filter;
    private volatile Runnable onOverflowDisconnect = () -> {};
    private volatile Runnable onAvailable;

    /**
     * A queue of {@code capacity} messages and {@code maxBytes} bytes that holds producers back
     * for at most {@code stallTimeout} without progress (zero: never).
     */
    public SubscriberQueue(Filter filter, int capacity, long maxBytes, OverflowPolicy policy, Duration stallTimeout) {
        this.filter = Objects.requireNonNull(filter, "filter");
        this.queue = new BoundedQueue<>(capacity, maxBytes, policy, stallTimeout.toNanos());
    }

    /** A queue bounded in messages only, without back-pressure. */
    public SubscriberQueue(Filter filter, int capacity, OverflowPolicy policy) {
        this(filter, capacity, Long.MAX_VALUE, policy, Duration.ZERO);
    }

    public static SubscriberQueue of(Filter filter, int capacity) {
        return new SubscriberQueue(filter, capacity, OverflowPolicy.DROP_NEWEST);
    }

    @Override
    public Filter filter() {
        return filter;
    }

    public void setFilter(Filter filter) {
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    /** Called (once) when the {@code disconnect} policy closes this queue on overflow. */
    public void onOverflowDisconnect(Runnable action) {
        this.onOverflowDisconnect = Objects.requireNonNull(action, "action");
    }

    /** Called after messages were added; used by asynchronous subscribers. */
    public void onAvailable(Runnable action) {
        this.onAvailable = action;
    }

    /** Offers a message of unknown encoded size (counted as 0 bytes): the endpoint's own events. */
    public boolean offer(DataMessage message) {
        return offer(message, 0);
    }

    @Override
    public boolean offer(DataMessage message, int size) {
        return queued(queue.offer(message, size));
    }

    /** True only if queued without the policy discarding anything (a lossless publish). */
    @Override
    public boolean offer(DataMessage message, int size, long deadlineNanos) throws InterruptedException {
        BoundedQueue.Offer r = queue.offer(message, size, deadlineNanos);
        return queued(r) && r == BoundedQueue.Offer.ACCEPTED;
    }

    @Override
    public void offerAll(List<DataMessage> messages, int[] sizes, int n, BoundedQueue.Source source) {
        queued(queue.offerAll(messages, sizes, n, source));
    }

    private boolean queued(BoundedQueue.Offer offer) {
        switch (offer) {
            case ACCEPTED:
            case REPLACED_OLDEST:
                Runnable r = onAvailable;
                if (r != null) {
                    r.run();
                }
                return true;
            case DISCONNECT:
                disconnect();
                return false;
            default:
                return false;
        }
    }

    private void disconnect() {
        if (disconnected.compareAndSet(false, true)) {
            queue.closeForProducers();
            onOverflowDisconnect.run();
        }
    }

    /**
     * Applies the policy if the queue has been full without progress for the stall timeout (called
     * periodically by the endpoint).
     *
     * @return true if the queue just stalled
     */
    public boolean checkStall(long nowNanos) {
        BoundedQueue.Offer r = queue.checkStall(nowNanos);
        if (r == BoundedQueue.Offer.DISCONNECT) {
            disconnect();
        }
        return r != BoundedQueue.Offer.ACCEPTED;
    }

    /** The next message, or {@code null} if none is queued. */
    public DataMessage poll() {
        return queue.poll();
    }

    /** Waits up to {@code timeout} for the next message; {@code null} on timeout or when closed. */
    public DataMessage take(Duration timeout) throws InterruptedException {
        return queue.take(timeout.toNanos());
    }

    /** Waits up to {@code timeout} for messages, then takes up to {@code max} of them. */
    public List<DataMessage> take(int max, Duration timeout) throws InterruptedException {
        List<DataMessage> out = new ArrayList<>(Math.min(max, 1024));
        queue.drainTo(out, max, Long.MAX_VALUE, timeout.toNanos());
        return out;
    }

    /** Removes and returns up to {@code max} queued messages without waiting. */
    public List<DataMessage> drain(int max) {
        List<DataMessage> out = new ArrayList<>(Math.min(max, 1024));
        queue.drainTo(out, max, Long.MAX_VALUE);
        return out;
    }

    public int available() {
        return queue.size();
    }

    public long bufferedBytes() {
        return queue.bytes();
    }

    public int capacity() {
        return queue.maxItems();
    }

    public OverflowPolicy policy() {
        return queue.policy();
    }

    /** Closed by the subscriber or by the {@code disconnect} policy. */
    public boolean isClosed() {
        return queue.isClosed();
    }

    /** Closed by the {@code disconnect} policy. */
    public boolean isDisconnected() {
        return disconnected.get();
    }

    public boolean isStalled() {
        return queue.isStalled();
    }

    /** Times the queue became stalled. */
    public long stallCount() {
        return queue.stallCount();
    }

    public void close() {
        queue.close();
    }

    /** Refuses new messages and wakes waiting threads; what is queued can still be taken. */
    public void closeForProducers() {
        queue.closeForProducers();
    }

    /** The queue's state and counters, read together in one snapshot. */
    public BoundedQueue.Stats stats() {
        return queue.stats();
    }

    /** Messages queued (those later dropped by {@code drop_oldest} included). */
    public long receivedCount() {
        return queue.acceptedCount();
    }

    public long receivedBytes() {
        return queue.acceptedBytes();
    }

    /** Messages the consumer took. */
    public long takenCount() {
        return queue.takenCount();
    }

    public long takenBytes() {
        return queue.takenBytes();
    }

    /** Messages discarded by the overflow policy. */
    public long droppedCount() {
        return queue.droppedCount();
    }
}
