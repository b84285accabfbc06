package io.jbroker.data;

import java.time.Instant;

/** Broker's {@code timestamp}: signed nanoseconds since the UNIX epoch (UTC). */
public record TimestampValue(long nanos) implements Data {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    public static TimestampValue ofNanos(long nanosSinceEpoch) {
        return new TimestampValue(nanosSinceEpoch);
    }

    /**
     * The timestamp for an instant.
     *
     * @throws ArithmeticException if the instant lies outside the int64 nanosecond range (years
     *     1677 to 2262)
     */
    public static TimestampValue of(Instant instant) {
        long seconds = instant.getEpochSecond();
        long nanos = instant.getNano();
        if (seconds < 0) {
            // borrow a second so that the product stays in range down to Long.MIN_VALUE nanoseconds
            seconds++;
            nanos -= NANOS_PER_SECOND;
        }
        return new TimestampValue(Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), nanos));
    }

    /** The current time. */
    public static TimestampValue now() {
        return of(Instant.now());
    }

    public Instant toInstant() {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    @Override
    public DataType type() {
        return DataType.TIMESTAMP;
    }

    /** Broker's text form: the nanosecond count followed by {@code ns}. */
    @Override
    public String toString() {
        return nanos + "ns";
    }
}
