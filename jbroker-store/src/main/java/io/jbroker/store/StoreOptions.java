package io.jbroker.store;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Settings of one attached store (stores.md §7 for the defaults). {@code object} is the store's
 * entity object number (0 = pick one); a {@code tickInterval} of zero means no ticker runs and the
 * caller drives time with {@link Store#tick()} (tests). {@code clock} gives nanoseconds since the
 * epoch; the master's expiries use it. {@code maxUnackedUpdates} bounds a master's buffer of
 * updates not yet acknowledged by every clone: when it is full, the clone furthest behind is
 * dropped and told to resynchronise ({@link Store#slowClonesDropped()}).
 */
public record StoreOptions(
        long object,
        Duration tickInterval,
        int heartbeatInterval,
        int connectionTimeoutFactor,
        int nackTimeout,
        Duration maxGetDelay,
        LongSupplier clock,
        int maxUnackedUpdates) {
    public static final int DEFAULT_MAX_UNACKED_UPDATES = 100_000;

    public StoreOptions {
        if (heartbeatInterval < 0 || heartbeatInterval > 0xFFFF) {
            throw new IllegalArgumentException("heartbeatInterval must be 0..65535 ticks");
        }
        if (connectionTimeoutFactor < 1 || nackTimeout < 1 || maxUnackedUpdates < 1) {
            throw new IllegalArgumentException(
                    "connectionTimeoutFactor, nackTimeout and maxUnackedUpdates must be positive");
        }
    }

    public static StoreOptions defaults() {
        return new StoreOptions(
                0,
                Duration.ofMillis(100),
                5,
                100,
                2,
                Duration.ofSeconds(5),
                StoreOptions::wallClockNanos,
                DEFAULT_MAX_UNACKED_UPDATES);
    }

    public StoreOptions withObject(long o) {
        return new StoreOptions(
                o,
                tickInterval,
                heartbeatInterval,
                connectionTimeoutFactor,
                nackTimeout,
                maxGetDelay,
                clock,
                maxUnackedUpdates);
    }

    public StoreOptions withTickInterval(Duration d) {
        return new StoreOptions(
                object,
                d,
                heartbeatInterval,
                connectionTimeoutFactor,
                nackTimeout,
                maxGetDelay,
                clock,
                maxUnackedUpdates);
    }

    public StoreOptions withClock(LongSupplier c) {
        return new StoreOptions(
                object,
                tickInterval,
                heartbeatInterval,
                connectionTimeoutFactor,
                nackTimeout,
                maxGetDelay,
                c,
                maxUnackedUpdates);
    }

    public StoreOptions withMaxUnackedUpdates(int n) {
        return new StoreOptions(
                object, tickInterval, heartbeatInterval, connectionTimeoutFactor, nackTimeout, maxGetDelay, clock, n);
    }

    public StoreOptions withConnectionTimeoutFactor(int factor) {
        return new StoreOptions(
                object, tickInterval, heartbeatInterval, factor, nackTimeout, maxGetDelay, clock, maxUnackedUpdates);
    }

    public StoreOptions withMaxGetDelay(Duration d) {
        return new StoreOptions(
                object,
                tickInterval,
                heartbeatInterval,
                connectionTimeoutFactor,
                nackTimeout,
                d,
                clock,
                maxUnackedUpdates);
    }

    private static long wallClockNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
