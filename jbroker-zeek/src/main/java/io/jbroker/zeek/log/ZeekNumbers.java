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
        String s = exactFixed(d, 6);
        if (d == 0 && Double.doubleToRawLongBits(d) < 0) {
            return "-" + s;
        }
        return s;
    }

    private static String exactFixed(double d, int scale) {
        return new BigDecimal(d).setScale(scale, RoundingMode.HALF_EVEN).toPlainString();
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
