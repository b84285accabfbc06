package io.jbroker.data;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text forms of timestamps and timespans in Broker's JSON v1 (data-format.md §9.2 and §9.4):
 * formatting exactly as Broker prints them, and parsing the forms Broker accepts. Stateless.
 */
final class JsonTimes {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final double TWO_POW_63 = 0x1p63;

    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(Z|([+-])(\\d{2}):?(\\d{2}))?");
    private static final Pattern TIMESPAN = Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(ns|us|ms|s|min|h)");

    private JsonTimes() {}

    /**
     * {@code YYYY-MM-DDThh:mm:ss.mmm} in UTC, as Broker prints it: whole seconds truncated toward
     * zero, then the millisecond remainder if it is positive, else {@code 000}. Sub-millisecond
     * digits are lost and negative fractions print as {@code .000} of the truncated second.
     */
    static String formatTimestamp(long nanos) {
        long seconds = nanos / NANOS_PER_SECOND;
        long millis = (nanos / NANOS_PER_MILLI) % 1000;
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(23);
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2).append('.');
        return pad(sb, millis > 0 ? (int) millis : 0, 3).toString();
    }

    /**
     * {@code <n><unit>} with the largest of ns, us, ms and s that divides the value exactly; zero
     * is {@code 0s}.
     */
    static String formatTimespan(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        long n = nanos;
        String[] units = {"ns", "us", "ms"};
        for (String unit : units) {
            if (n % 1000 != 0) {
                return n + unit;
            }
            n /= 1000;
        }
        return n + "s";
    }

    /**
     * Parses {@code YYYY-MM-DDThh:mm:ss[.f]} with 1 to 9 fraction digits and an optional {@code Z}
     * or {@code ±hh[:]mm} offset (none means UTC). Broker's own form ({@code
     * YYYY-MM-DDThh:mm:ss.mmm}) is read without the regular expression, to the same result.
     *
     * @return nanoseconds since the epoch
     * @throws IllegalArgumentException if the text is not such a timestamp or out of int64 range
     */
    static long parseTimestamp(String text) {
        if (isPrintedTimestamp(text)) {
            return toNanos(
                    digits(text, 0, 4),
                    digits(text, 5, 7),
                    digits(text, 8, 10),
                    digits(text, 11, 13),
                    digits(text, 14, 16),
                    digits(text, 17, 19),
                    digits(text, 20, 23) * NANOS_PER_MILLI,
                    0);
        }
        return parseTimestampGeneral(text);
    }

    /** {@link #parseTimestamp} by the regular expression alone (any accepted form). */
    static long parseTimestampGeneral(String text) {
        Matcher m = TIMESTAMP.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a timestamp YYYY-MM-DDThh:mm:ss[.fffffffff][Z|+hh:mm]");
        }
        long fraction = 0;
        String digits = m.group(7);
        if (digits != null) {
            fraction = Long.parseLong(digits);
            for (int i = digits.length(); i < 9; i++) {
                fraction *= 10;
            }
        }
        int offsetMinutes = 0;
        if (m.group(9) != null) {
            offsetMinutes = num(m, 10) * 60 + num(m, 11);
            offsetMinutes = m.group(9).equals("-") ? -offsetMinutes : offsetMinutes;
        }
        return toNanos(num(m, 1), num(m, 2), num(m, 3), num(m, 4), num(m, 5), num(m, 6), fraction, offsetMinutes);
    }

    private static long toNanos(
            int year, int month, int day, int hour, int minute, int second, long fraction, int offsetMinutes) {
        try {
            LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second);
            long seconds = t.toEpochSecond(ZoneOffset.UTC) - offsetMinutes * 60L;
            return Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), fraction);
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("timestamp out of range: " + e.getMessage(), e);
        }
    }

    /** Whether the text has exactly the shape {@link #formatTimestamp} prints. */
    private static boolean isPrintedTimestamp(String text) {
        if (text.length() != 23) {
            return false;
        }
        for (int i = 0; i < 23; i++) {
            char c = text.charAt(i);
            char expected = "dddd-dd-ddTdd:dd:dd.ddd".charAt(i);
            if (expected == 'd' ? c < '0' || c > '9' : c != expected) {
                return false;
            }
        }
        return true;
    }

    /** The decimal value of the ASCII digits from {@code from} to {@code to}. */
    private static int digits(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (text.charAt(i) - '0');
        }
        return n;
    }

    /**
     * Parses {@code <number><unit>} with units ns, us, ms, s, min and h; the number may be signed
     * and fractional. Like Broker, the number is scaled as a double and truncated toward zero, and a
     * result outside the int64 range becomes int64's minimum (what C++ produces on x86). Broker's
     * own form (an optional {@code -}, at most 15 digits, a unit) is read without the regular
     * expression, to the same result: such a number is exactly its double.
     *
     * @throws IllegalArgumentException if the text is not such a timespan
     */
    static long parseTimespan(String text) {
        int i = text.startsWith("-") ? 1 : 0;
        int digitsStart = i;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        int digitCount = i - digitsStart;
        String unit = text.substring(i);
        if (digitCount > 0 && digitCount <= 15 && isUnit(unit)) {
            long n = 0;
            for (int k = digitsStart; k < i; k++) {
                n = n * 10 + (text.charAt(k) - '0');
            }
            return scale(digitsStart == 1 ? -(double) n : (double) n, unit);
        }
        return parseTimespanGeneral(text);
    }

    /** {@link #parseTimespan} by the regular expression alone (any accepted form). */
    static long parseTimespanGeneral(String text) {
        Matcher m = TIMESPAN.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a timespan <number><ns|us|ms|s|min|h>");
        }
        return scale(Double.parseDouble(m.group(1)), m.group(2));
    }

    private static long scale(double count, String unit) {
        double nanos = count * unitNanos(unit);
        if (!(nanos >= -TWO_POW_63 && nanos < TWO_POW_63)) {
            return Long.MIN_VALUE;
        }
        return (long) nanos;
    }

    private static boolean isUnit(String unit) {
        switch (unit) {
            case "ns":
            case "us":
            case "ms":
            case "s":
            case "min":
            case "h":
                return true;
            default:
                return false;
        }
    }

    private static double unitNanos(String unit) {
        switch (unit) {
            case "ns":
                return 1.0;
            case "us":
                return 1e3;
            case "ms":
                return 1e6;
            case "s":
                return 1e9;
            case "min":
                return 60e9;
            default:
                return 3600e9;
        }
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
