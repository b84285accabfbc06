package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.ToLongFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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

    @Property(tries = 3000)
    void printedTimestampsParseAsTheRegularExpressionReadsThem(@ForAll long nanos) {
        String text = JsonTimes.formatTimestamp(nanos);
        assertThat(JsonTimes.parseTimestamp(text)).isEqualTo(JsonTimes.parseTimestampGeneral(text));
    }

    @Property(tries = 3000)
    void timestampsOfThePrintedShapeParseAsTheRegularExpressionReadsThem(@ForAll("printedShapes") String text) {
        assertSameOutcome(JsonTimes::parseTimestamp, JsonTimes::parseTimestampGeneral, text);
    }

    @Property(tries = 3000)
    void timespansParseAsTheRegularExpressionReadsThem(@ForAll("timespanTexts") String text) {
        assertSameOutcome(JsonTimes::parseTimespan, JsonTimes::parseTimespanGeneral, text);
    }

    @Property(tries = 1000)
    void printedTimespansParseAsTheRegularExpressionReadsThem(@ForAll long nanos) {
        String text = JsonTimes.formatTimespan(nanos);
        assertThat(JsonTimes.parseTimespan(text)).isEqualTo(JsonTimes.parseTimespanGeneral(text));
    }

    /** Broker's printed timestamp shape with any digits (invalid months, days, times, years). */
    @Provide
    Arbitrary<String> printedShapes() {
        Arbitrary<String> digit = Arbitraries.strings().numeric().ofLength(1);
        Arbitrary<String> two = Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofLength(2),
                Arbitraries.of("01", "12", "23", "28", "29", "31", "59", "60"));
        Arbitrary<String> year = Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofLength(4), Arbitraries.of("1677", "1970", "2000", "2024", "2262"));
        Arbitrary<String> tail = Arbitraries.oneOf(
                digit.list().ofSize(3).map(l -> "." + String.join("", l)),
                Arbitraries.of(".12", ".1234", "", ".123Z", ".123+01:00", ".12a", "x123"));
        return Combinators.combine(year, two, two, two, two, two, tail)
                .as((y, mo, d, h, mi, se, t) -> y + "-" + mo + "-" + d + "T" + h + ":" + mi + ":" + se + t);
    }

    /** Signed and unsigned numbers of up to 19 digits, fractions, and units valid or not. */
    @Provide
    Arbitrary<String> timespanTexts() {
        Arbitrary<String> sign = Arbitraries.of("", "", "-", "+");
        Arbitrary<String> number = Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(19),
                Arbitraries.of(
                        "9007199254740993", "999999999999999", "1000000000000000", "0", "00", "1.5", ".5", "5."));
        Arbitrary<String> unit = Arbitraries.of("ns", "us", "ms", "s", "min", "h", "", "m", "sec", "S", "ns ");
        return Combinators.combine(sign, number, unit).as((a, b, c) -> a + b + c);
    }

    private static void assertSameOutcome(ToLongFunction<String> parse, ToLongFunction<String> oracle, String text) {
        long expected;
        try {
            expected = oracle.applyAsLong(text);
        } catch (IllegalArgumentException e) {
            assertThatThrownBy(() -> parse.applyAsLong(text))
                    .as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(e.getMessage());
            return;
        }
        assertThat(parse.applyAsLong(text)).as(text).isEqualTo(expected);
    }
}
