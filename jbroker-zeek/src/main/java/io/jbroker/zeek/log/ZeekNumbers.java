package io.jbroker.zeek.log;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Zeek's and rapidjson's text forms of numbers. */
final class ZeekNumbers {
    private ZeekNumbers() {}

    /** {@code std::to_chars(fixed, 6)}: time and interval in ASCII logs, e.g. {@code 1.500000}. */
    static String fixed6(double d) {
        if (Double.isNaN(d)) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-nan" : "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String s = exactFixed(Math.abs(d), 6);
        return Double.doubleToRawLongBits(d) < 0 ? "-" + s : s;
    }

    /** The non-negative finite {@code d} rounded half-even from its exact binary value. */
    private static String exactFixed(double d, int scale) {
        if (scale == 6 && d < 4.0e9) {
            return micros(d);
        }
        return new BigDecimal(d).setScale(scale, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * {@code d} (non-negative, below 2^32) with 6 decimals, exactly as BigDecimal rounding would give
     * it, without BigDecimal: d = m * 2^e, so d * 10^6 = m * 10^6 / 2^-e, rounded half-even in 128-bit
     * integer arithmetic.
     */
    private static String micros(double d) {
        long q = roundedMicros(d);
        long whole = q / 1_000_000L;
        long frac = q % 1_000_000L;
        char[] f = new char[6];
        for (int i = 5; i >= 0; i--) {
            f[i] = (char) ('0' + frac % 10);
            frac /= 10;
        }
        return whole + "." + new String(f);
    }

    /**
     * Appends {@link #fixed6(double)} of {@code d} to {@code out}, without building a string for the
     * common case (finite, magnitude below 4e9: every timestamp and interval Zeek logs).
     */
    static void fixed6(ByteSink out, double d) {
        if (!Double.isFinite(d) || Math.abs(d) >= 4.0e9) {
            out.write(fixed6(d));
            return;
        }
        if (Double.doubleToRawLongBits(d) < 0) {
            out.write('-');
        }
        long q = roundedMicros(Math.abs(d));
        out.writeUnsignedDecimal(q / 1_000_000L);
        out.write('.');
        out.writeFixedDigits(q % 1_000_000L, 6);
    }

    /** {@code d} (non-negative, below 2^32) times 10^6, rounded half-even from its exact value. */
    private static long roundedMicros(double d) {
        long bits = Double.doubleToRawLongBits(d);
        int exp = (int) ((bits >>> 52) & 0x7ff);
        long q;
        if (exp == 0) {
            q = 0; // zero or subnormal: far below half a micro
        } else {
            long m = (bits & ((1L << 52) - 1)) | (1L << 52);
            int shift = 1075 - exp; // d = m / 2^shift; shift >= 21 since d < 2^32
            long lo = m * 1_000_000L;
            long hi = Math.multiplyHigh(m, 1_000_000L);
            if (shift >= 128) {
                q = 0;
            } else if (shift >= 64) {
                int s = shift - 64;
                q = s == 0 ? hi : hi >>> s;
                // remainder = (hi mod 2^s, lo); half = 2^(shift-1)
                long remHi = s == 0 ? 0 : hi & ((1L << s) - 1);
                int cmp;
                if (s == 0) {
                    cmp = Long.compareUnsigned(lo, 1L << 63);
                } else {
                    long halfHi = 1L << (s - 1);
                    cmp = remHi != halfHi ? Long.compareUnsigned(remHi, halfHi) : Long.compareUnsigned(lo, 0);
                }
                if (cmp > 0 || (cmp == 0 && (q & 1) == 1)) {
                    q++;
                }
            } else {
                q = (hi << (64 - shift)) | (lo >>> shift);
                long rem = lo & ((1L << shift) - 1);
                int cmp = Long.compareUnsigned(rem, 1L << (shift - 1));
                if (cmp > 0 || (cmp == 0 && (q & 1) == 1)) {
                    q++;
                }
            }
        }
        return q;
    }

    /**
     * {@code ODesc::Add(double, no_exp=true)} of a readable description: fixed with 6 decimals,
     * trailing zeros dropped, {@code .0} added to a whole number; {@code -0.0} prints {@code 0.0}.
     */
    static String zeekDouble(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        String s;
        if (d < 0) {
            s = "-" + stripped(-d);
        } else {
            s = stripped(d == 0 ? 0.0 : d);
        }
        if (Double.isFinite(d) && Math.abs(d - Math.rint(d)) < 1e-9 && s.indexOf('e') < 0) {
            s += ".0";
        }
        return s;
    }

    private static String stripped(double d) {
        if (Double.isInfinite(d)) {
            return "inf";
        }
        String s = exactFixed(d, 6);
        int last = s.length() - 1;
        while (s.charAt(last) == '0') {
            last--;
        }
        if (s.charAt(last) != '.') {
            last++;
        }
        return s.substring(0, last);
    }

    /**
     * rapidjson's {@code Writer::Double}: the shortest digits that read back as {@code d}, laid out
     * by rapidjson's {@code Prettify} ({@code 1.0}, {@code 0.001}, {@code 1e100}, {@code 1.5e-7}).
     * Not finite values are the caller's business (Zeek writes {@code null}).
     */
    static void json(ByteSink out, double d) {
        if (d == 0) {
            out.write(Double.doubleToRawLongBits(d) < 0 ? "-0.0" : "0.0");
            return;
        }
        if (d < 0) {
            out.write('-');
            d = -d;
        }
        BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int length = digits.length();
        int k = -shortest.scale();
        int kk = length + k;
        StringBuilder sb = new StringBuilder(32);
        if (k >= 0 && kk <= 21) {
            sb.append(digits);
            for (int i = 0; i < k; i++) {
                sb.append('0');
            }
            sb.append(".0");
        } else if (0 < kk && kk <= 21) {
            sb.append(digits, 0, kk).append('.').append(digits, kk, length);
        } else if (-6 < kk && kk <= 0) {
            sb.append("0.");
            for (int i = kk; i < 0; i++) {
                sb.append('0');
            }
            sb.append(digits);
        } else if (length == 1) {
            sb.append(digits).append('e').append(kk - 1);
        } else {
            sb.append(digits.charAt(0))
                    .append('.')
                    .append(digits, 1, length)
                    .append('e')
                    .append(kk - 1);
        }
        out.write(sb.toString());
    }
}
