package io.jbroker.data;

import java.math.BigInteger;

/**
 * Broker's {@code count}: an unsigned 64-bit integer. The Java {@code long} holds the same 64 bits;
 * values of 2^63 and above read as negative longs, so use {@link #bigValue()} or {@link
 * Long#toUnsignedString(long)} to show them.
 */
public record CountValue(long value) implements Data {
    private static final CountValue[] SMALL = new CountValue[256];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = new CountValue(i);
        }
    }

    /** A count with the given unsigned 64-bit pattern. */
    public static CountValue of(long unsignedValue) {
        return unsignedValue >= 0 && unsignedValue < SMALL.length
                ? SMALL[(int) unsignedValue]
                : new CountValue(unsignedValue);
    }

    /** A count from a non-negative number below 2^64. */
    public static CountValue of(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 64) {
            throw new IllegalArgumentException("count out of range [0, 2^64-1]: " + value);
        }
        return of(value.longValue());
    }

    /** The value as an unsigned {@link BigInteger}. */
    public BigInteger bigValue() {
        return new BigInteger(Long.toUnsignedString(value));
    }

    @Override
    public DataType type() {
        return DataType.COUNT;
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(value);
    }
}
