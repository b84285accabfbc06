package io.jbroker.internal.core;

import io.jbroker.endpoint.OverflowPolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A FIFO queue bounded in items and bytes, the buffer behind every peer and subscriber. When it is
 * full, its {@link OverflowPolicy} decides: drop the newest, drop the oldest, or ask the owner to
 * disconnect. Every drop is counted.
 *
 * <p>Producers that can wait ({@link #offer(Object, int, long)}) or pause their source ({@link
 * #offerPausing}) get back-pressure instead of the policy, but only while the queue makes progress:
 * a queue that stays full without anything taken for the stall timeout is <em>stalled</em>; then
 * the policy applies at once to everyone until the consumer has drained it to half its capacity.
 * So one stuck consumer never holds its producers for longer than the stall timeout.
 *
 * <p>The items live in a {@link Ring}; when the queue counts as stalled is the {@link
 * StallDetector}'s business (with an injected clock). This class adds the bounds, the policy, the
 * headroom of essential items and of paused sources, and the waiting.
 *
 * <p>Thread-safe: all state is guarded by one lock; consumers take in batches to pay for it once
 * per batch. Callbacks run outside the lock, except {@link Source#pause}. The counters are read
 * together in one {@link #stats()} snapshot.
 *
 * @param <T> the item type
 */
public final class BoundedQueue<T> {
    /** The outcome of an offer. */
    public enum Offer {
        /** Queued. */
        ACCEPTED,
        /** Queued, but only after {@code drop_oldest} discarded older items (counted). */
        REPLACED_OLDEST,
        /** Not queued: full, and the policy dropped it (counted). */
        DROPPED,
        /** Not queued: full under the {@code disconnect} policy; the owner must close (counted). */
        DISCONNECT,
        /** Not queued: the queue is closed. */
        CLOSED
    }

    /** A producer whose input can be paused while the queue is full. */
    public interface Source {
        /** Stops reading more input; called under the queue's lock, so it must be quick. */
        void pause();

        /** Reads input again; may be called from any thread. */
        void resume();
    }

    /**
     * How many items a full queue still accepts from paused sources: what their socket read in
     * progress brings after the pause (a 64 KiB read holds at most about 1,500 envelopes).
     */
    public static final int PAUSE_HEADROOM_ITEMS = 4096;

    /** How many essential items may be queued (beside the bounded ordinary ones). */
    public static final int ESSENTIAL_HEADROOM = 1024;

    /** One consistent reading of a queue, taken under its lock. */
    public record Stats(
            int size,
            long bytes,
            long accepted,
            long acceptedBytes,
            long taken,
            long takenBytes,
            long dropped,
            boolean stalled,
            boolean closed) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final int maxItems;
    private final long maxBytes;
    private final OverflowPolicy policy;

    // Guarded by lock:
    private final Ring<T> ring = new Ring<>();
    private final StallDetector stall;
    private int essentialCount;
    private long essentialBytes;
    private boolean closed;
    private int producersWaiting;
    private int consumersWaiting;
    private Set<Source> pausedSources = new HashSet<>();

    private final Predicate<? super T> essential;

    // Counters, guarded by lock (read once a second by metrics; no atomics on the hot path):
    private long accepted;
    private long acceptedBytes;
    private long taken;
    private long takenBytes;
    private long dropped;
    private long stalls;

    /**
     * A queue of at most {@code maxItems} items and {@code maxBytes} bytes (an item larger than
     * {@code maxBytes} is still accepted into an empty queue), stalled after {@code stallTimeoutNanos}
     * without progress while full (0: producers never wait, the policy applies at once).
     */
    public BoundedQueue(int maxItems, long maxBytes, OverflowPolicy policy, long stallTimeoutNanos) {
        this(maxItems, maxBytes, policy, stallTimeoutNanos, item -> false);
    }

    /**
     * Like {@link #BoundedQueue(int, long, OverflowPolicy, long)}, with items that the policy
     * never discards: {@code drop_oldest} moves them to the tail instead (their order relative to
     * other items may change), and {@link #offerEssential} queues them beyond the bounds.
     */
    public BoundedQueue(
            int maxItems,
            long maxBytes,
            OverflowPolicy policy,
            long stallTimeoutNanos,
            Predicate<? super T> essential) {
        this(maxItems, maxBytes, policy, stallTimeoutNanos, essential, System::nanoTime);
    }

    /**
     * Like {@link #BoundedQueue(int, long, OverflowPolicy, long, Predicate)}, with the clock that
     * measures progress and the deadlines of waiting offers ({@link System#nanoTime()} unless a
     * test moves time itself).
     */
    BoundedQueue(
            int maxItems,
            long maxBytes,
            OverflowPolicy policy,
            long stallTimeoutNanos,
            Predicate<? super T> essential,
            LongSupplier clock) {
        this.essential = Objects.requireNonNull(essential, "essential");
        if (maxItems < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("bounds must be positive: " + maxItems + " items, " + maxBytes + " B");
        }
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.stall = new StallDetector(stallTimeoutNanos, Objects.requireNonNull(clock, "clock"));
    }

    // ------------------------------------------------------------------------------ producers

    /** Offers without waiting: if the queue is full, the policy applies. */
    public Offer offer(T item, int size) {
        lock.lock();
        try {
            if (closed) {
                return Offer.CLOSED;
            }
            if (hasRoom(size)) {
                add(item, size);
                return Offer.ACCEPTED;
            }
            return overflow(item, size);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues the item only if there is room now: no waiting, no policy, nothing counted; false if
     * full or closed. Lets a caller that would otherwise wait read the clock only when it must.
     */
    public boolean offerIfRoom(T item, int size) {
        lock.lock();
        try {
            if (closed || !hasRoom(size)) {
                return false;
            }
            add(item, size);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Offers, waiting until {@code deadlineNanos} (the queue's clock: {@link System#nanoTime()})
     * for room. The policy applies if the deadline passes or the queue is or becomes stalled.
     */
    public Offer offer(T item, int size, long deadlineNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!closed && !hasRoom(size)) {
                long now = stall.now();
                stall.full(now);
                if (stall.isStalled() || !stall.enabled() || now - deadlineNanos >= 0 || checkStalled(now)) {
                    return overflow(item, size);
                }
                long wait = Math.min(deadlineNanos - now, stall.nanosToStall(now));
                producersWaiting++;
                try {
                    notFull.awaitNanos(Math.max(wait, TimeUnit.MICROSECONDS.toNanos(100)));
                } finally {
                    producersWaiting--;
                }
            }
            if (closed) {
                return Offer.CLOSED;
            }
            add(item, size);
            return Offer.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Offers {@code n} items from a producer that can pause its source (a peer's socket reads)
     * while the queue is full: they are accepted beyond the bounds (up to {@link
     * #PAUSE_HEADROOM_ITEMS} items and twice the bytes) unless the queue is stalled, and {@code
     * source} is paused (called under the lock, on the producer's
     * thread, once per fill). When the consumer has drained the queue to half, or the queue
     * stalls, the source is resumed (outside the lock). Past the headroom, or once stalled, the
     * policy applies to each item.
     *
     * @return {@link Offer#DISCONNECT} if the policy asked to disconnect (the rest was not
     *     offered), {@link Offer#CLOSED} if closed, else {@link Offer#ACCEPTED} (drops are counted)
     */
    public Offer offerAll(List<? extends T> batch, int[] batchSizes, int n, Source source) {
        lock.lock();
        try {
            for (int i = 0; i < n; i++) {
                if (closed) {
                    return Offer.CLOSED;
                }
                T item = batch.get(i);
                int size = batchSizes[i];
                if (hasRoom(size)) {
                    add(item, size);
                    continue;
                }
                stall.full(stall.now());
                if (!stall.isStalled()
                        && stall.enabled()
                        && ring.size() - essentialCount < maxItems + PAUSE_HEADROOM_ITEMS
                        && ring.bytes() - essentialBytes + size <= 2 * maxBytes) {
                    add(item, size);
                    if (pausedSources.add(source)) {
                        source.pause();
                    }
                } else if (overflow(item, size) == Offer.DISCONNECT) {
                    return Offer.DISCONNECT;
                }
            }
            return Offer.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Offers an item that the policy must never discard (a control frame). Essential items do not
     * count against the bounds; they have their own: at most {@link #ESSENTIAL_HEADROOM} of them,
     * and (past the first) at most the queue's byte bound.
     *
     * @return {@link Offer#DISCONNECT} if even the headroom is used up (the consumer is not
     *     taking anything), else accepted or closed
     */
    public Offer offerEssential(T item, int size) {
        lock.lock();
        try {
            if (closed) {
                return Offer.CLOSED;
            }
            if (essentialCount >= ESSENTIAL_HEADROOM || (essentialCount > 0 && essentialBytes + size > maxBytes)) {
                dropped++;
                return Offer.DISCONNECT;
            }
            add(item, size);
            essentialCount++;
            essentialBytes += size;
            return Offer.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /** Room for one more ordinary item: essential ones do not count against the bounds. Lock held. */
    private boolean hasRoom(int size) {
        assert lock.isHeldByCurrentThread();
        int count = ring.size();
        return count - essentialCount < maxItems
                && (ring.bytes() - essentialBytes + size <= maxBytes || count == essentialCount);
    }

    /** Applies the policy to {@code item}, which found the queue full. Lock held. */
    private Offer overflow(T item, int size) {
        assert lock.isHeldByCurrentThread();
        switch (policy) {
            case DROP_NEWEST:
                dropped++;
                return Offer.DROPPED;
            case DROP_OLDEST:
                while (ring.size() > 0 && !hasRoom(size)) {
                    if (!dropOldest()) {
                        dropped++;
                        return Offer.DROPPED; // only essential items queued
                    }
                }
                add(item, size);
                return Offer.REPLACED_OLDEST;
            case DISCONNECT:
            default:
                dropped++;
                return Offer.DISCONNECT;
        }
    }

    /** Queues an item (counted as accepted) and wakes a waiting consumer. Lock held. */
    private void add(T item, int size) {
        assert lock.isHeldByCurrentThread();
        ring.addLast(item, size);
        accepted++;
        acceptedBytes += size;
        if (consumersWaiting > 0) {
            notEmpty.signal();
        }
    }

    /**
     * Discards the oldest item that is not essential (a counted drop, not a take); essential items
     * ahead of it move to the tail. Lock held.
     *
     * @return false if every queued item is essential
     */
    private boolean dropOldest() {
        assert lock.isHeldByCurrentThread();
        for (int i = 0, n = ring.size(); i < n; i++) {
            if (!essential.test(ring.first())) {
                ring.removeFirst();
                dropped++;
                return true;
            }
            ring.moveFirstToLast();
        }
        return false;
    }

    // ------------------------------------------------------------------------------ consumers

    /** The oldest item, or {@code null} if empty. */
    public T poll() {
        Set<Source> resume;
        T item;
        lock.lock();
        try {
            if (ring.size() == 0) {
                return null;
            }
            item = takeFirst();
            resume = afterTake();
        } finally {
            lock.unlock();
        }
        resumeAll(resume);
        return item;
    }

    /** Waits up to {@code timeoutNanos} for an item; {@code null} on timeout or once closed and empty. */
    public T take(long timeoutNanos) throws InterruptedException {
        Set<Source> resume;
        T item;
        lock.lockInterruptibly();
        try {
            if (!awaitItems(timeoutNanos)) {
                return null;
            }
            item = takeFirst();
            resume = afterTake();
        } finally {
            lock.unlock();
        }
        resumeAll(resume);
        return item;
    }

    /**
     * Moves up to {@code max} items (and, past the first, at most {@code maxBytes} bytes) to
     * {@code out}, waiting up to {@code timeoutNanos} for the first.
     *
     * @return the number of items moved
     */
    public int drainTo(List<? super T> out, int max, long maxBytes, long timeoutNanos) throws InterruptedException {
        Set<Source> resume;
        int n = 0;
        lock.lockInterruptibly();
        try {
            if (!awaitItems(timeoutNanos)) {
                return 0;
            }
            long b = 0;
            while (ring.size() > 0 && n < max && (n == 0 || b + ring.firstSize() <= maxBytes)) {
                b += ring.firstSize();
                out.add(takeFirst());
                n++;
            }
            resume = afterTake();
        } finally {
            lock.unlock();
        }
        resumeAll(resume);
        return n;
    }

    /** Like {@link #drainTo(List, int, long, long)} without waiting; for owners that must not block. */
    public int drainTo(List<? super T> out, int max, long maxBytes) {
        try {
            return drainTo(out, max, maxBytes, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Waits for an item; false on timeout or once closed and empty. Lock held. */
    private boolean awaitItems(long timeoutNanos) throws InterruptedException {
        assert lock.isHeldByCurrentThread();
        long nanos = timeoutNanos;
        while (ring.size() == 0) {
            if (closed || nanos <= 0) {
                return false;
            }
            consumersWaiting++;
            try {
                nanos = notEmpty.awaitNanos(nanos);
            } finally {
                consumersWaiting--;
            }
        }
        return true;
    }

    /** Takes the oldest item (counted as taken); the queue must not be empty. Lock held. */
    private T takeFirst() {
        assert lock.isHeldByCurrentThread();
        int size = ring.firstSize();
        T item = ring.removeFirst();
        if (essentialCount > 0 && essential.test(item)) {
            essentialCount--;
            essentialBytes -= size;
        }
        taken++;
        takenBytes += size;
        return item;
    }

    /**
     * Bookkeeping after one or more takes. At half the bounds the queue is no longer stalled and
     * paused sources may resume. Lock held.
     *
     * @return the sources to resume, or {@code null}
     */
    private Set<Source> afterTake() {
        assert lock.isHeldByCurrentThread();
        stall.progress(stall.now());
        if (ring.size() - essentialCount <= maxItems / 2 && ring.bytes() - essentialBytes <= maxBytes / 2) {
            // Waiting producers are woken at half the bounds, not after every batch taken: a
            // producer faster than its consumer then refills half the queue per wake-up instead of
            // one batch (a futex wake and a park per consumer batch cost more than the batch). A
            // producer that waits longer for it still re-checks for room at the end of each wait.
            if (producersWaiting > 0) {
                notFull.signalAll();
            }
            stall.belowHalf();
            return takePausedSources();
        }
        return null;
    }

    /** The sources paused so far, to resume outside the lock; or {@code null}. Lock held. */
    private Set<Source> takePausedSources() {
        assert lock.isHeldByCurrentThread();
        if (pausedSources.isEmpty()) {
            return null;
        }
        Set<Source> s = pausedSources;
        pausedSources = new HashSet<>();
        return s;
    }

    private static void resumeAll(Set<Source> sources) {
        if (sources != null) {
            for (Source s : sources) {
                s.resume();
            }
        }
    }

    // ------------------------------------------------------------------------------ stalls

    /**
     * Declares the queue stalled if it has been full without progress for the stall timeout, and
     * then applies the policy to what was accepted beyond the bounds (paused producers resume).
     *
     * @return {@link Offer#DISCONNECT} if the policy is disconnect and the queue just stalled,
     *     {@link Offer#DROPPED} if it just stalled otherwise, else {@link Offer#ACCEPTED}
     */
    public Offer checkStall(long nowNanos) {
        Set<Source> resume;
        Offer result;
        lock.lock();
        try {
            if (closed || stall.isStalled() || !stall.fullSinceHalf() || !checkStalled(nowNanos)) {
                // Not full, already stalled (and so refusing to pause anyone), or progressing.
                return Offer.ACCEPTED;
            }
            result = policy == OverflowPolicy.DISCONNECT ? Offer.DISCONNECT : Offer.DROPPED;
            while ((ring.size() - essentialCount > maxItems
                            || (ring.bytes() - essentialBytes > maxBytes && ring.size() > 1))
                    && dropExcess()) {
                // Back within the bounds; under disconnect the owner closes the queue anyway.
            }
            resume = takePausedSources();
        } finally {
            lock.unlock();
        }
        resumeAll(resume);
        return result;
    }

    /** Declares the stall if full without progress for the stall timeout. Lock held. */
    private boolean checkStalled(long now) {
        assert lock.isHeldByCurrentThread();
        if (stall.overdue(now) && !hasRoom(1)) {
            stall.stall();
            stalls++;
            if (producersWaiting > 0) {
                notFull.signalAll();
            }
        }
        return stall.isStalled();
    }

    /**
     * Removes one item beyond the bounds: the newest for drop_newest, else the oldest. Lock held.
     *
     * @return false if nothing could be removed (only essential items)
     */
    private boolean dropExcess() {
        assert lock.isHeldByCurrentThread();
        if (policy == OverflowPolicy.DROP_NEWEST && !essential.test(ring.last())) {
            ring.removeLast();
            dropped++;
            return true;
        }
        return dropOldest();
    }

    // ------------------------------------------------------------------------------ state

    /** Discards everything queued and refuses further offers; wakes every waiting thread. */
    public void close() {
        Set<Source> resume;
        lock.lock();
        try {
            closed = true;
            ring.clear();
            essentialCount = 0;
            essentialBytes = 0;
            notEmpty.signalAll();
            notFull.signalAll();
            resume = takePausedSources();
        } finally {
            lock.unlock();
        }
        resumeAll(resume);
    }

    /** Closes for producers but lets consumers take what is queued. */
    public void closeForProducers() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        return locked(() -> closed ? 1 : 0) == 1;
    }

    public boolean isStalled() {
        return locked(() -> stall.isStalled() ? 1 : 0) == 1;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** Items queued now. */
    public int size() {
        lock.lock(); // explicit, not through locked(): on the drain path
        try {
            return ring.size();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes queued now. */
    public long bytes() {
        return locked(ring::bytes);
    }

    public int maxItems() {
        return maxItems;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public OverflowPolicy policy() {
        return policy;
    }

    /** Items ever queued. */
    public long acceptedCount() {
        return locked(() -> accepted);
    }

    /** Bytes ever queued. */
    public long acceptedBytes() {
        return locked(() -> acceptedBytes);
    }

    /** Items ever taken by the consumer. */
    public long takenCount() {
        return locked(() -> taken);
    }

    /** Bytes ever taken by the consumer. */
    public long takenBytes() {
        return locked(() -> takenBytes);
    }

    /** Items the policy discarded (newest, oldest, or the one that caused a disconnect). */
    public long droppedCount() {
        return locked(() -> dropped);
    }

    /** The state and every counter, read together under the lock. */
    public Stats stats() {
        lock.lock();
        try {
            return new Stats(
                    ring.size(),
                    ring.bytes(),
                    accepted,
                    acceptedBytes,
                    taken,
                    takenBytes,
                    dropped,
                    stall.isStalled(),
                    closed);
        } finally {
            lock.unlock();
        }
    }

    /** Producers waiting for room now (for tests that must know a producer is blocked). */
    int waitingProducers() {
        return (int) locked(() -> producersWaiting);
    }

    /** Times the queue became stalled. */
    public long stallCount() {
        return locked(() -> stalls);
    }

    /** Reads state under the lock (the single-value getters). */
    private long locked(LongSupplier counter) {
        lock.lock();
        try {
            return counter.getAsLong();
        } finally {
            lock.unlock();
        }
    }
}
