package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code equals}/{@code hashCode} contract across types and construction paths. */
class DataEqualsHashCodeTest {

    @Test
    void sameBitsInDifferentTypesAreNotEqual() {
        List<Data> ones = List.of(
                Data.bool(true),
                Data.count(1),
                Data.integer(1),
                Data.real(1.0),
                Data.string("1"),
                Data.enumValue("1"),
                Data.timestampNanos(1),
                Data.timespanNanos(1),
                Data.vector(Data.count(1)),
                Data.set(Data.count(1)),
                TableValue.builder().put(Data.count(1), Data.none()).build());
        for (Data a : ones) {
            for (Data b : ones) {
                assertThat(a.equals(b))
                        .as("%s (%s) vs %s (%s)", a, a.type(), b, b.type())
                        .isEqualTo(a == b);
            }
        }
        assertThat((Object) Data.vector()).isNotEqualTo(Data.set());
        assertThat((Object) Data.set()).isNotEqualTo(TableValue.EMPTY);
    }

    @Test
    void stringsAreEqualByBytesWhateverTheirBacking() {
        byte[] frame = {9, 9, 5, 3, 'a', 'b', 'c', 9};
        Data shared = BinaryFormat.decodeShared(frame, 2, 5);
        Data copied = BinaryFormat.decode(frame, 2, 5);
        Data built = Data.string("abc");
        Data raw = Data.string(new byte[] {'a', 'b', 'c'});
        for (Data d : List.of(shared, copied, raw)) {
            assertThat(d).isEqualTo(built);
            assertThat(built).isEqualTo(d);
            assertThat(d.hashCode()).isEqualTo(built.hashCode());
        }
        assertThat(Data.string("abc")).isNotEqualTo(Data.string("abd"));
        assertThat(Data.string("")).isEqualTo(StringValue.EMPTY);
        Data sharedEnum = BinaryFormat.decodeShared(new byte[] {0, 0x0b, 1, 'x'}, 1, 3);
        assertThat(sharedEnum).isEqualTo(Data.enumValue("x"));
        assertThat(sharedEnum.hashCode()).isEqualTo(Data.enumValue("x").hashCode());
    }

    @Test
    void containersAreEqualByContent() {
        Data a = Data.vector(Data.set(Data.count(2), Data.count(1)), Data.real(-0.0));
        Data b = Data.vector(Data.set(Data.count(1), Data.count(2)), Data.real(0.0));
        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat((Object) Data.vector(Data.count(1), Data.count(2)))
                .isNotEqualTo(Data.vector(Data.count(2), Data.count(1)));
        Data nanVector = Data.vector(Data.real(Double.NaN));
        assertThat(nanVector).isEqualTo(Data.vector(Data.real(Double.NaN)));
        assertThat(nanVector.hashCode())
                .isEqualTo(Data.vector(Data.real(Double.NaN)).hashCode());
    }

    @Test
    void valuesWorkAsHashKeys() {
        Set<Data> set = new HashSet<>();
        set.add(Data.address("1.2.3.4"));
        set.add(Data.subnet("10.0.0.0/8"));
        set.add(Data.port(80, Protocol.TCP));
        set.add(Data.real(Double.NaN));
        set.add(Data.none());
        assertThat(set)
                .contains(
                        Data.address("::ffff:1.2.3.4"),
                        Data.subnet("10.1.2.3/8"),
                        Data.port(80, Protocol.TCP),
                        Data.real(Double.NaN),
                        NoneValue.INSTANCE)
                .doesNotContain(Data.port(80, Protocol.UDP), Data.subnet("10.0.0.0/9"));
    }

    @Test
    void scalarsEqualTheirDecodedCopies() {
        List<Data> values = List.of(
                Data.none(),
                Data.bool(false),
                Data.count(Long.MIN_VALUE),
                Data.integer(-1),
                Data.real(Double.NaN),
                Data.real(-0.0),
                Data.string(new byte[] {(byte) 0xff}),
                Data.address("2001:db8::1"),
                SubnetValue.unchecked(AddressValue.parse("1.2.3.4"), 200),
                Data.port(0, Protocol.UNKNOWN),
                Data.timestampNanos(Long.MIN_VALUE),
                Data.timespanNanos(Long.MAX_VALUE),
                Data.enumValue("Conn::LOG"));
        for (Data d : values) {
            Data copy = BinaryFormat.decode(BinaryFormat.encode(d));
            assertThat(copy).isEqualTo(d);
            assertThat(copy.hashCode()).isEqualTo(d.hashCode());
        }
    }
}
