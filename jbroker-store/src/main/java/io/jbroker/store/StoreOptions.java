package io.jbroker.store;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Settings of one attached store (stores.md §7 for the defaults). {@code object} is the store's
 * entity object number (0 = pick one); a {@code tickInterval} of zero means no ticker runs and the
 * caller drives time with {@link Store#tick()} (tests). {@code clock} gives nanoseconds since the
 * epoch; the master's expiries use it.
 */
public record StoreOptions(
        long object,
        Duration tickInterval,
        int heartbeatInterval,
        int connectionTimeoutFactor,
        int nackTimeout,
        Duration maxGetDelay,
        LongSupplier clock) {
    public static StoreOptions defaults() {
        return new StoreOptions(
                0, Duration.ofMillis(100), 5, 100, 2, Duration.ofSeconds(5), StoreOptions::wallClockNanos);
    }

    public StoreOptions withObject(long o) {
        return new StoreOptions(
                o, tickInterval, heartbeatInterval, connectionTimeoutFactor, nackTimeout, maxGetDelay, clock);
    }

    public StoreOptions withTickInterval(Duration d) {
        return new StoreOptions(object, d, heartbeatInterval, connectionTimeoutFactor, nackTimeout, maxGetDelay, clock);
    }

    public StoreOptions withClock(LongSupplier c) {
        return new StoreOptions(
                object, tickInterval, heartbeatInterval, connectionTimeoutFactor, nackTimeout, maxGetDelay, c);
    }

    private static long wallClockNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
