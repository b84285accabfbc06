package io.jbroker.zeek.log;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The digits ByteSink writes itself are the JDK's. */
class ByteSinkDecimalTest {
    @Property
    void decimalIsLongToString(@ForAll long v) {
        ByteSink s = new ByteSink(1);
        s.writeDecimal(v);
        assertThat(s.toString()).isEqualTo(Long.toString(v));
    }

    @Property
    void unsignedDecimalIsLongToUnsignedString(@ForAll long v) {
        ByteSink s = new ByteSink(1);
        s.write('x');
        s.writeUnsignedDecimal(v);
        assertThat(s.toString()).isEqualTo("x" + Long.toUnsignedString(v));
    }

    @Example
    void edges() {
        for (long v : new long[] {0, 9, 10, 99, 100, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1_000_000_000_000L}) {
            ByteSink s = new ByteSink(1);
            s.writeDecimal(v);
            s.write(' ');
            s.writeUnsignedDecimal(v);
            assertThat(s.toString()).isEqualTo(v + " " + Long.toUnsignedString(v));
        }
    }
}
