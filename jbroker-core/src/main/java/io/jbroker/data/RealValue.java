package io.jbroker.data;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Broker's {@code real}: an IEEE-754 double.
 *
 * <p>Ordering follows Broker: {@code -0.0} and {@code 0.0} are equivalent and a NaN is equivalent
 * to every real. {@link #equals} must be an equivalence relation in Java, so it differs for NaN
 * only: a NaN equals another NaN and nothing else.
 */
public final class RealValue implements Data {
    private final double value;

    private RealValue(double value) {
        this.value = value;
    }

    public static RealValue of(double value) {
        return new RealValue(value);
    }

    public double value() {
        return value;
    }

    @Override
    public DataType type() {
        return DataType.REAL;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RealValue)) {
            return false;
        }
        double other = ((RealValue) o).value;
        return value == other || (Double.isNaN(value) && Double.isNaN(other));
    }

    @Override
    public int hashCode() {
        if (Double.isNaN(value)) {
            return 0x7ff80000;
        }
        return Double.hashCode(value == 0.0 ? 0.0 : value);
    }

    /** Broker's text form: C's {@code %f} (six decimals), {@code nan}, {@code inf} or {@code -inf}. */
    @Override
    public String toString() {
        return format(value);
    }

    /** Formats a double exactly as C's {@code printf("%f")} does, as Broker renders reals. */
    static String format(double d) {
        boolean negative = Double.doubleToRawLongBits(d) < 0;
        if (Double.isNaN(d)) {
            return negative ? "-nan" : "nan";
        }
        if (Double.isInfinite(d)) {
            return negative ? "-inf" : "inf";
        }
        String digits =
                new BigDecimal(Math.abs(d)).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        return negative ? "-" + digits : digits;
    }
}
