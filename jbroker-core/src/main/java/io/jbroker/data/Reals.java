package io.jbroker.data;

/**
 * Broker's (CAF's) packing of doubles into 64 bits. Finite normal numbers and ±0 use the IEEE-754
 * bits; infinities and NaN use CAF's own patterns, and subnormals come out as CAF computes them.
 */
final class Reals {
    static final long PACKED_NAN = 0xFFFF_FFFF_FFFF_FFFFL;
    static final long PACKED_POS_INF = 0xFFF0_0000_0000_0000L;
    static final long PACKED_NEG_INF = 0x7FF0_0000_0000_0000L;
    private static final long NEG_ZERO = 0x8000_0000_0000_0000L;
    private static final long EXPONENT_MASK = 0x7FF0_0000_0000_0000L;
    private static final long SIGNIFICAND_MASK = 0x000F_FFFF_FFFF_FFFFL;

    private Reals() {}

    static long pack(double f) {
        long bits = Double.doubleToRawLongBits(f);
        long exp = bits & EXPONENT_MASK;
        if (exp != 0 && exp != EXPONENT_MASK) {
            return bits; // normal number: identical to IEEE
        }
        if (f == 0.0) {
            return bits < 0 ? NEG_ZERO : 0L;
        }
        if (Double.isNaN(f)) {
            return PACKED_NAN;
        }
        if (Double.isInfinite(f)) {
            return f > 0 ? PACKED_POS_INF : PACKED_NEG_INF;
        }
        return packSubnormal(f);
    }

    /** CAF's normalization loop applied to a subnormal; the exponent underflows as in C++. */
    private static long packSubnormal(double f) {
        long sign = f < 0 ? 1 : 0;
        double fnorm = Math.abs(f);
        long shift = 0;
        while (fnorm >= 2.0) {
            fnorm /= 2.0;
            shift++;
        }
        while (fnorm < 1.0) {
            fnorm *= 2.0;
            shift--;
        }
        fnorm -= 1.0;
        long significand = (long) (fnorm * (double) (1L << 52));
        long exp = shift + 1023;
        return (sign << 63) | (exp << 52) | significand;
    }

    static double unpack(long i) {
        long exp = i & EXPONENT_MASK;
        if (exp != 0 && exp != EXPONENT_MASK) {
            return Double.longBitsToDouble(i); // normal number: identical to CAF's arithmetic
        }
        if (i == 0L) {
            return 0.0;
        }
        if (i == NEG_ZERO) {
            return -0.0;
        }
        if (i == PACKED_POS_INF) {
            return Double.POSITIVE_INFINITY;
        }
        if (i == PACKED_NEG_INF) {
            return Double.NEGATIVE_INFINITY;
        }
        if (i == PACKED_NAN) {
            return Double.NaN;
        }
        // CAF's arithmetic decoding for the remaining patterns (exponent field 0 or all ones).
        double result = (double) (i & SIGNIFICAND_MASK);
        result /= (double) (1L << 52);
        result += 1.0;
        long shift = ((i >>> 52) & 0x7FF) - 1023;
        while (shift > 0) {
            result *= 2.0;
            --shift;
        }
        while (shift < 0) {
            result /= 2.0;
            ++shift;
        }
        return i < 0 ? -result : result;
    }
}
