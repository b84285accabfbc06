package io.jbroker.internal.net;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;

/**
 * An event loop's select strategy that keeps polling (without blocking) for a short window after
 * the last I/O or task before it goes to sleep in the selector. A reply that comes back within the
 * window is seen at once instead of after a thread wake-up, which on a busy or virtualised host
 * costs tens to hundreds of microseconds; an idle loop still sleeps, so the cost is at most one
 * window of polling per burst of activity.
 *
 * <p>One instance per event loop, used only by its thread.
 */
final class SpinThenSleep implements SelectStrategy {
    private final long windowNanos;
    private long lastActive = System.nanoTime();

    SpinThenSleep(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        int ready = selectNow.get();
        long now = System.nanoTime();
        if (ready > 0 || hasTasks) {
            lastActive = now;
            return ready;
        }
        return now - lastActive < windowNanos ? SelectStrategy.CONTINUE : SelectStrategy.SELECT;
    }
}
