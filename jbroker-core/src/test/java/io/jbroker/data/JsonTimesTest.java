package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Broker's timestamp and timespan text forms, checked against java.time as an independent oracle. */
class JsonTimesTest {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");
    private static final DateTimeFormatter WITH_OFFSET =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSxxx");

    @Property
    void nonNegativeTimestampsPrintAsUtcTruncatedToMilliseconds(@ForAll @LongRange(min = 0) long nanos) {
        Instant truncated = Instant.ofEpochMilli(nanos / 1_000_000);
        assertThat(JsonTimes.formatTimestamp(nanos)).isEqualTo(MILLIS.format(truncated.atOffset(ZoneOffset.UTC)));
    }

    @Property
    void negativeTimestampsPrintTheSecondTruncatedTowardZeroWithoutMilliseconds(
            @ForAll @LongRange(min = Long.MIN_VALUE, max = -1) long nanos) {
        Instant second = Instant.ofEpochSecond(nanos / 1_000_000_000L);
        assertThat(JsonTimes.formatTimestamp(nanos)).isEqualTo(MILLIS.format(second.atOffset(ZoneOffset.UTC)));
    }

    @Property
    void timestampsWithOffsetsParseToTheSameInstant(
            @ForAll @LongRange(min = -6_000_000_000_000_000_000L, max = 6_000_000_000_000_000_000L) long nanos,
            @ForAll @IntRange(min = -14 * 60, max = 14 * 60) int offsetMinutes) {
        Instant instant =
                Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        OffsetDateTime local = instant.atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
        assertThat(JsonTimes.parseTimestamp(WITH_OFFSET.format(local))).isEqualTo(nanos);
        String compact = WITH_OFFSET.format(local);
        compact = compact.substring(0, compact.length() - 3) + compact.substring(compact.length() - 2);
        assertThat(JsonTimes.parseTimestamp(compact)).isEqualTo(nanos);
    }

    @Property
    void printedTimestampsParseBackToTheTruncatedValue(@ForAll @LongRange(min = 0) long nanos) {
        assertThat(JsonTimes.parseTimestamp(JsonTimes.formatTimestamp(nanos))).isEqualTo(nanos / 1_000_000 * 1_000_000);
    }

    @Property
    void timespansPrintWithTheLargestExactUnitAndParseBack(
            @ForAll @LongRange(min = -(1L << 53), max = 1L << 53) long nanos) {
        String text = JsonTimes.formatTimespan(nanos);
        assertThat(JsonTimes.parseTimespan(text)).isEqualTo(nanos);
        String number = text.replaceAll("[a-z]+$", "");
        String unit = text.substring(number.length());
        long n = Long.parseLong(number);
        if (nanos == 0) {
            assertThat(text).isEqualTo(0 + "s");
        } else if (!unit.equals("s")) {
            assertThat(n % 1000).isNotZero();
        }
    }

    @Property
    void timespanUnitsScaleTheNumber(@ForAll @IntRange(min = -100_000, max = 100_000) int count) {
        assertThat(JsonTimes.parseTimespan(count + "min")).isEqualTo(count * 60_000_000_000L);
        assertThat(JsonTimes.parseTimespan(count + "h")).isEqualTo(count * 3_600_000_000_000L);
        assertThat(JsonTimes.parseTimespan(count + ".5us")).isEqualTo(count * 1000L + (count < 0 ? -500 : 500));
    }

    @Property
    void timespansBeyondInt64BecomeTheMinimum(@ForAll @IntRange(min = 20, max = 300) int digits) {
        assertThat(JsonTimes.parseTimespan("9".repeat(digits) + "ns")).isEqualTo(Long.MIN_VALUE);
        assertThat(JsonTimes.parseTimespan("-" + "9".repeat(digits) + "ns")).isEqualTo(Long.MIN_VALUE);
    }

    @Property
    void timestampsOutsideTheInt64RangeAreRejected(@ForAll @IntRange(min = 2263, max = 9999) int year) {
        assertThatThrownBy(() -> JsonTimes.parseTimestamp(year + "-01-01T00:00:00"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
