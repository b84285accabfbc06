package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Reals: C {@code %f} text, CAF's bit packing, and equality for NaN and signed zeros. */
class RealValueTest {

    @Test
    void textIsPrintfPercentF() {
        assertThat(Data.real(1.5)).hasToString("1.500000");
        assertThat(Data.real(-7.5)).hasToString("-7.500000");
        assertThat(Data.real(0.1)).hasToString("0.100000");
        assertThat(Data.real(2.5e-7)).hasToString("0.000000");
        assertThat(Data.real(0.9999995)).hasToString("1.000000");
        assertThat(Data.real(123456.789)).hasToString("123456.789000");
        assertThat(Data.real(1e21)).hasToString("1000000000000000000000.000000");
    }

    @Test
    void exactTiesRoundToEven() {
        assertThat(Data.real(0.0078125)).hasToString("0.007812"); // 2^-7, exactly ...125
        assertThat(Data.real(0.0234375)).hasToString("0.023438"); // 3 * 2^-7, exactly ...375
        assertThat(Data.real(-0.0078125)).hasToString("-0.007812");
    }

    @Test
    void hugeValuesPrintEveryIntegerDigit() {
        String text = Data.real(1e308).toString();
        assertThat(text).hasSize(309 + 7).startsWith("1000000000000000010979").endsWith(".000000");
        assertThat(text).isEqualTo(new BigDecimal(1e308).toPlainString() + ".000000");
        assertThat(Data.real(-Double.MAX_VALUE).toString())
                .startsWith("-17976931348623157")
                .hasSize(1 + 309 + 7);
    }

    @Test
    void signedZeroAndNonFiniteValues() {
        assertThat(Data.real(-0.0)).hasToString("-0.000000");
        assertThat(Data.real(0.0)).hasToString("0.000000");
        assertThat(Data.real(Double.NaN)).hasToString("nan");
        assertThat(Data.real(Double.longBitsToDouble(0xfff8_0000_0000_0000L))).hasToString("-nan");
        assertThat(Data.real(Double.POSITIVE_INFINITY)).hasToString("inf");
        assertThat(Data.real(Double.NEGATIVE_INFINITY)).hasToString("-inf");
    }

    @Test
    void specialValuesUseCafsBitPatterns() {
        assertThat(Reals.pack(Double.NaN)).isEqualTo(0xffff_ffff_ffff_ffffL);
        assertThat(Reals.pack(Double.longBitsToDouble(0xfff8_0000_0000_0001L))).isEqualTo(0xffff_ffff_ffff_ffffL);
        assertThat(Reals.pack(Double.POSITIVE_INFINITY)).isEqualTo(0xfff0_0000_0000_0000L);
        assertThat(Reals.pack(Double.NEGATIVE_INFINITY)).isEqualTo(0x7ff0_0000_0000_0000L);
        assertThat(Reals.pack(-0.0)).isEqualTo(0x8000_0000_0000_0000L);
        assertThat(Reals.pack(0.0)).isZero();
        assertThat(Reals.pack(1.5)).isEqualTo(Double.doubleToRawLongBits(1.5));
    }

    @Test
    void standardIeeeSpecialsDecodeAsCafComputesThem() {
        assertThat(Reals.unpack(0x7ff8_0000_0000_0000L)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Reals.unpack(0x7ff0_0000_0000_0000L)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Reals.unpack(0xfff0_0000_0000_0000L)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Reals.unpack(0xfff8_0000_0000_0000L)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Reals.unpack(0xffff_ffff_ffff_ffffL)).isNaN();
        assertThat(Double.doubleToRawLongBits(Reals.unpack(0x8000_0000_0000_0000L)))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    /** Patterns from the capture README ("Encodings that may surprise an implementer"). */
    @Test
    void subnormalsArePackedAsCafGarblesThem() {
        assertThat(Reals.pack(Double.MIN_VALUE)).isEqualTo(0xfcd0_0000_0000_0000L);
        assertThat(Reals.pack(1e-310)).isEqualTo(0xff92_688b_70e6_2b00L);
        assertThat(Reals.pack(-1e-310)).isEqualTo(0xff92_688b_70e6_2b00L);
        assertThat(Reals.pack(Math.nextDown(Double.MIN_NORMAL))).isEqualTo(0x000f_ffff_ffff_fffeL);
    }

    @Test
    void normalNumbersRoundTripThroughPacking() {
        for (double d :
                new double[] {Double.MIN_NORMAL, -Double.MIN_NORMAL, Double.MAX_VALUE, 1e-300, Math.PI, -1e15}) {
            assertThat(Reals.unpack(Reals.pack(d))).isEqualTo(d);
        }
    }

    @Test
    void equalityTreatsNaNsAlikeAndZerosAlike() {
        RealValue nan = Data.real(Double.NaN);
        RealValue otherNaN = Data.real(Double.longBitsToDouble(0x7ff0_0000_0000_0001L));
        assertThat(nan).isEqualTo(otherNaN);
        assertThat(nan.hashCode()).isEqualTo(otherNaN.hashCode());
        assertThat(nan).isNotEqualTo(Data.real(1.0));
        assertThat(nan.compareTo(Data.real(1.0))).isZero(); // Broker's order, documented
        assertThat(Data.real(0.0)).isEqualTo(Data.real(-0.0));
        assertThat(Data.real(0.0).hashCode()).isEqualTo(Data.real(-0.0).hashCode());
        assertThat(Data.real(1.0)).isNotEqualTo(Data.integer(1));
    }
}
