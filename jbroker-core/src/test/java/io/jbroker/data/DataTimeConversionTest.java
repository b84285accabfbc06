package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Timestamps and timespans as {@link Instant} and {@link Duration}. */
class DataTimeConversionTest {

    @Test
    void timestampsConvertToInstantsBothWays() {
        for (long nanos :
                new long[] {0, 1, -1, 999_999, -1_500_000, 1_700_000_000_123_456_789L, Long.MAX_VALUE, Long.MIN_VALUE
                }) {
            TimestampValue t = TimestampValue.ofNanos(nanos);
            assertThat(TimestampValue.of(t.toInstant())).as("%d ns", nanos).isEqualTo(t);
        }
        assertThat(TimestampValue.of(Instant.parse("2023-11-14T22:13:20.123456789Z"))
                        .nanos())
                .isEqualTo(1_700_000_000_123_456_789L);
        assertThat(TimestampValue.ofNanos(-1).toInstant()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999999Z"));
        assertThat(TimestampValue.ofNanos(Long.MIN_VALUE).toInstant())
                .isEqualTo(Instant.parse("1677-09-21T00:12:43.145224192Z"));
        assertThat(TimestampValue.ofNanos(Long.MAX_VALUE).toInstant())
                .isEqualTo(Instant.parse("2262-04-11T23:47:16.854775807Z"));
    }

    @Test
    void instantsOutsideTheNanosecondRangeAreRejected() {
        Instant min = TimestampValue.ofNanos(Long.MIN_VALUE).toInstant();
        Instant max = TimestampValue.ofNanos(Long.MAX_VALUE).toInstant();
        assertThatThrownBy(() -> TimestampValue.of(min.minusNanos(1))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> TimestampValue.of(max.plusNanos(1))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> TimestampValue.of(Instant.MIN)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void timespansConvertToDurationsBothWays() {
        for (long nanos : new long[] {0, 1, -1, 1_500_000_000L, -2_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            TimespanValue t = TimespanValue.ofNanos(nanos);
            assertThat(t.toDuration().toNanos()).isEqualTo(nanos);
            assertThat(TimespanValue.of(t.toDuration())).isEqualTo(t);
        }
        assertThat(TimespanValue.of(Duration.ofMillis(-1)).nanos()).isEqualTo(-1_000_000L);
        assertThatThrownBy(() -> TimespanValue.of(Duration.ofDays(365L * 300))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void timestampsAndTimespansAreDistinctTypes() {
        assertThat((Object) TimestampValue.ofNanos(5)).isNotEqualTo(TimespanValue.ofNanos(5));
        assertThat(Data.timestamp(Instant.EPOCH)).isEqualTo(Data.timestampNanos(0));
        assertThat(Data.timespan(Duration.ofSeconds(1))).isEqualTo(Data.timespanNanos(1_000_000_000L));
    }
}
