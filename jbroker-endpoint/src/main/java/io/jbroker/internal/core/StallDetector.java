package io.jbroker.internal.core;

import java.util.function.LongSupplier;

/**
 * Decides when a full {@link BoundedQueue} is <em>stalled</em>: full without progress (a take)
 * for the stall timeout. Progress is measured from the last take, or from the moment a producer
 * found the queue full if nothing was taken since it last filled up (an idle queue that just
 * filled). A stall lasts until the queue is drained to half its bounds.
 *
 * <p>Time comes from an injected clock ({@link System#nanoTime()} in production), so tests move it
 * instead of sleeping. Not thread-safe: the owning queue's lock guards it.
 */
final class StallDetector {
    private final long stallNanos;
    private final LongSupplier clock;
    private long progressNanos;
    private boolean fullSinceTake;
    private boolean fullSinceHalf;
    private boolean stalled;

    /** Stalls after {@code stallNanos} without progress while full; 0: never (no waiting at all). */
    StallDetector(long stallNanos, LongSupplier clock) {
        this.stallNanos = Math.max(0, stallNanos);
        this.clock = clock;
        this.progressNanos = clock.getAsLong();
    }

    long now() {
        return clock.getAsLong();
    }

    /** Whether producers may wait for room at all (a positive stall timeout). */
    boolean enabled() {
        return stallNanos > 0;
    }

    /** A producer found the queue full at {@code now}. */
    void full(long now) {
        if (!fullSinceTake) {
            fullSinceTake = true;
            progressNanos = now;
        }
        fullSinceHalf = true;
    }

    /** The consumer took something at {@code now}. */
    void progress(long now) {
        progressNanos = now;
        fullSinceTake = false;
    }

    /** The queue is down to half its bounds: no longer stalled. */
    void belowHalf() {
        stalled = false;
        fullSinceHalf = false;
    }

    /** Whether a producer found the queue full since it was last down to half. */
    boolean fullSinceHalf() {
        return fullSinceHalf;
    }

    boolean isStalled() {
        return stalled;
    }

    /** Whether the stall timeout has passed without progress (and no stall was declared yet). */
    boolean overdue(long now) {
        return !stalled && stallNanos > 0 && now - progressNanos >= stallNanos;
    }

    /** Declares the stall (the owner checked {@link #overdue} and that the queue is full). */
    void stall() {
        stalled = true;
    }

    /** Time left until the queue would stall without progress. */
    long nanosToStall(long now) {
        return progressNanos + stallNanos - now;
    }
}
