package io.jbroker.data;

import java.time.Duration;

/** Broker's {@code timespan}: a signed duration in nanoseconds. */
public record TimespanValue(long nanos) implements Data {
    public static TimespanValue ofNanos(long nanos) {
        return new TimespanValue(nanos);
    }

    /**
     * The timespan for a duration.
     *
     * @throws ArithmeticException if the duration does not fit in int64 nanoseconds
     */
    public static TimespanValue of(Duration duration) {
        return new TimespanValue(duration.toNanos());
    }

    public Duration toDuration() {
        return Duration.ofNanos(nanos);
    }

    @Override
    public DataType type() {
        return DataType.TIMESPAN;
    }

    /** Broker's text form: the nanosecond count followed by {@code ns}. */
    @Override
    public String toString() {
        return nanos + "ns";
    }
}
