package io.jbroker.internal.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Limits repeated reports (error events, log lines) per key, such as an error kind and a peer
 * address, the way production servers limit their logs: in each interval of a key the first {@code
 * burst} reports pass, later ones are only counted, and once the interval has ended {@link
 * #endedIntervals()} returns one summary per key that had reports suppressed. A key's interval
 * starts with its first report.
 *
 * <p>Memory is bounded: at most {@code maxKeys} keys are tracked at a time; reports for further
 * keys while the table is full are suppressed and summarised together under the key {@code null}.
 * The clock ({@link System#nanoTime} in production) is injected, so tests need no sleeps.
 *
 * <p>Threading: thread-safe; each call takes one short lock.
 */
public final class ReportLimiter<K> {
    /** {@code count} reports of {@code key} (null: keys beyond the capacity) were suppressed. */
    public record Suppressed<K>(K key, long count) {}

    private final int burst;
    private final long intervalNanos;
    private final int maxKeys;
    private final LongSupplier clock;

    // Guarded by this:
    private final Map<K, Window> windows = new HashMap<>();
    private final List<Suppressed<K>> pending = new ArrayList<>();
    private final Window overflow = new Window(0);
    private long suppressed;

    /**
     * @param burst reports per key and interval that pass (at least 1)
     * @param interval the length of a key's interval (positive)
     * @param maxKeys keys tracked at a time (at least 1)
     * @param clock nanosecond time, as {@link System#nanoTime}
     */
    public ReportLimiter(int burst, Duration interval, int maxKeys, LongSupplier clock) {
        if (burst < 1 || maxKeys < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("burst and maxKeys must be at least 1 and the interval positive: "
                    + burst + ", " + maxKeys + ", " + interval);
        }
        this.burst = burst;
        this.intervalNanos = interval.toNanos();
        this.maxKeys = maxKeys;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether a report of {@code key} may pass now; if not, it is counted for the summary. */
    public synchronized boolean admit(K key) {
        long now = clock.getAsLong();
        Window w = windows.get(key);
        if (w != null && now - w.start >= intervalNanos) {
            if (w.suppressed > 0) {
                pending.add(new Suppressed<>(key, w.suppressed));
            }
            w = null;
            windows.remove(key);
        }
        if (w == null) {
            if (windows.size() >= maxKeys) {
                if (overflow.suppressed++ == 0) {
                    overflow.start = now;
                }
                suppressed++;
                return false;
            }
            w = new Window(now);
            windows.put(key, w);
        }
        if (w.passed < burst) {
            w.passed++;
            return true;
        }
        w.suppressed++;
        suppressed++;
        return false;
    }

    /**
     * The summaries of intervals that have ended with suppressed reports, each returned once;
     * forgets the keys whose interval ended. Call it periodically (say, every 100 ms).
     */
    public synchronized List<Suppressed<K>> endedIntervals() {
        long now = clock.getAsLong();
        List<Suppressed<K>> out = new ArrayList<>(pending);
        pending.clear();
        for (Iterator<Map.Entry<K, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<K, Window> e = it.next();
            Window w = e.getValue();
            if (now - w.start >= intervalNanos) {
                if (w.suppressed > 0) {
                    out.add(new Suppressed<>(e.getKey(), w.suppressed));
                }
                it.remove();
            }
        }
        if (overflow.suppressed > 0 && now - overflow.start >= intervalNanos) {
            out.add(new Suppressed<>(null, overflow.suppressed));
            overflow.suppressed = 0;
        }
        return out;
    }

    /** Reports suppressed since the start. */
    public synchronized long suppressedCount() {
        return suppressed;
    }

    /** Reports per key and interval that pass. */
    public int burst() {
        return burst;
    }

    private static final class Window {
        long start;
        int passed;
        long suppressed;

        Window(long start) {
            this.start = start;
        }
    }
}
