package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Broker's {@code to_string} of values. */
class TextFormatTest {

    @Test
    void scalars() {
        assertThat(TextFormat.toText(Data.none())).isEqualTo("nil");
        assertThat(TextFormat.toText(Data.bool(true))).isEqualTo("T");
        assertThat(TextFormat.toText(Data.bool(false))).isEqualTo("F");
        assertThat(TextFormat.toText(Data.count(-1))).isEqualTo("18446744073709551615");
        assertThat(TextFormat.toText(Data.integer(Long.MIN_VALUE))).isEqualTo("-9223372036854775808");
        assertThat(TextFormat.toText(Data.timestampNanos(-1))).isEqualTo("-1ns");
        assertThat(TextFormat.toText(Data.timespanNanos(1_500))).isEqualTo("1500ns");
        assertThat(TextFormat.toText(Data.enumValue("Conn::LOG"))).isEqualTo("Conn::LOG");
        assertThat(TextFormat.toText(Data.string("a \"quoted\" \\ string"))).isEqualTo("a \"quoted\" \\ string");
    }

    @Test
    void containers() {
        assertThat(TextFormat.toText(Data.vector(Data.count(1), Data.string("x"), Data.none())))
                .isEqualTo("(1, x, nil)");
        assertThat(TextFormat.toText(Data.vector())).isEqualTo("()");
        assertThat(TextFormat.toText(Data.set())).isEqualTo("{}");
        assertThat(TextFormat.toText(TableValue.EMPTY)).isEqualTo("{}");
        assertThat(TextFormat.toText(Data.set(Data.count(2), Data.count(1)))).isEqualTo("{1, 2}");
        TableValue t = TableValue.builder()
                .put(Data.string("b"), Data.set(Data.string("y"), Data.string("x")))
                .put(Data.string("a"), Data.vector(Data.real(1.5)))
                .build();
        assertThat(TextFormat.toText(t)).isEqualTo("{a -> (1.500000), b -> {x, y}}");
        assertThat(t).hasToString(TextFormat.toText(t));
    }

    @Test
    void bytesAreCopiedRawWhileTextReplacesInvalidUtf8() {
        Data s = Data.vector(Data.string(new byte[] {'a', (byte) 0xff}), EnumValue.ofBytes(new byte[] {(byte) 0xc3}));
        assertThat(TextFormat.toBytes(s)).containsExactly('(', 'a', 0xff, ',', ' ', 0xc3, ')');
        assertThat(TextFormat.toText(s)).isEqualTo("(a\uFFFD, \uFFFD)");
        assertThat(TextFormat.toBytes(Data.string("é"))).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void toBytesAndToTextAgreeForUtf8() {
        Data d = Data.vector(Data.string("ünïcødé"), Data.address("2001:db8::1"), Data.port(80, Protocol.TCP));
        assertThat(new String(TextFormat.toBytes(d), StandardCharsets.UTF_8)).isEqualTo(TextFormat.toText(d));
    }
}
