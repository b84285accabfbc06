package io.jbroker.zeek.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

class ZeekNumbersProperties {
    static String exact(double d) {
        String s =
                new BigDecimal(Math.abs(d)).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        return Double.doubleToRawLongBits(d) < 0 ? "-" + s : s;
    }

    @Property(tries = 3000)
    void fixedSixIsExactRounding(@ForAll @DoubleRange(min = -5e9, max = 5e9) double d) {
        assertThat(ZeekNumbers.fixed6(d)).isEqualTo(exact(d));
    }

    @Property(tries = 3000)
    void fixedSixIntoASinkIsTheSameText(@ForAll double d) {
        ByteSink out = new ByteSink();
        out.write('|');
        ZeekNumbers.fixed6(out, d);
        assertThat(out.toString()).isEqualTo("|" + ZeekNumbers.fixed6(d));
    }

    @Example
    void fixedSixIntoASinkAtTheEdges() {
        for (double d : new double[] {
            0.0,
            -0.0,
            -1e-9,
            5e-7,
            Double.MIN_VALUE,
            3.999999999e9,
            4.0e9,
            -4.0e9,
            1e300,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            1700000000.123456,
            999999.9999995
        }) {
            ByteSink out = new ByteSink();
            ZeekNumbers.fixed6(out, d);
            assertThat(out.toString()).as("%s", d).isEqualTo(ZeekNumbers.fixed6(d));
        }
    }

    @Property(tries = 2000)
    void fixedSixOfMicroTies(@ForAll @DoubleRange(min = 0, max = 4e9) double d) {
        // Values near a half micro, where rounding is decided by the last bits.
        double near = Math.floor(d * 1e6) / 1e6 + 5e-7;
        assertThat(ZeekNumbers.fixed6(near)).isEqualTo(exact(near));
    }

    @Example
    void zeekForms() {
        assertThat(ZeekNumbers.fixed6(1700000000.123456)).isEqualTo("1700000000.123456");
        assertThat(ZeekNumbers.fixed6(-1e-9)).isEqualTo("-0.000000");
        assertThat(ZeekNumbers.fixed6(-0.0)).isEqualTo("-0.000000");
        assertThat(ZeekNumbers.fixed6(0.0000005)).isEqualTo(exact(0.0000005));
        assertThat(ZeekNumbers.fixed6(Double.MIN_VALUE)).isEqualTo("0.000000");
        assertThat(ZeekNumbers.fixed6(1e300)).isEqualTo(exact(1e300));
        assertThat(ZeekNumbers.zeekDouble(-1e-10)).isEqualTo("-0.0");
        // approx_equal is a strict comparison: 1e-9 off a whole number is not "whole".
        assertThat(ZeekNumbers.zeekDouble(-1e-9)).isEqualTo("-0");
        assertThat(ZeekNumbers.zeekDouble(0.1)).isEqualTo("0.1");
        assertThat(ZeekNumbers.zeekDouble(-0.0)).isEqualTo("0.0");
        assertThat(ZeekNumbers.zeekDouble(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }
}
