package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random values of every type survive format bin v1, and every truncation of them fails cleanly. */
class BinaryRoundTripPropertiesTest {

    @Provide
    Arbitrary<Data> values() {
        return DataArbitraries.data(3);
    }

    @Property(tries = 1000)
    void decodingAnEncodedValueGivesItBack(@ForAll("values") Data value) {
        byte[] bin = BinaryFormat.encode(value);
        assertThat(bin).hasSize(BinaryFormat.encodedSize(value));

        Data copied = BinaryFormat.decode(bin);
        assertThat(copied).isEqualTo(value);
        assertThat(copied.hashCode()).isEqualTo(value.hashCode());
        assertThat(copied.compareTo(value)).isZero();
        assertThat(copied.toString()).isEqualTo(value.toString());
        assertThat(BinaryFormat.encode(copied)).isEqualTo(bin);

        Data shared = BinaryFormat.decodeShared(bin, 0, bin.length);
        assertThat(shared).isEqualTo(value);
        assertThat(BinaryFormat.encode(shared)).isEqualTo(bin);
        BinaryFormat.validate(bin, 0, bin.length);
    }

    @Property(tries = 1000)
    void everyTypeRoundTripsAsAScalar(@ForAll("scalars") Data value) {
        byte[] bin = BinaryFormat.encode(value);
        assertThat(bin[0]).isEqualTo((byte) value.type().tag());
        assertThat(BinaryFormat.decode(bin)).isEqualTo(value);
        assertThat(BinaryFormat.encode(BinaryFormat.decode(bin))).isEqualTo(bin);
    }

    @Provide
    Arbitrary<Data> scalars() {
        return DataArbitraries.scalar();
    }

    @Property(tries = 300)
    void everyProperPrefixOfAnEncodingIsRejected(@ForAll("values") Data value) {
        byte[] bin = BinaryFormat.encode(value);
        for (int len = 0; len < bin.length; len++) {
            int prefix = len;
            assertThatThrownBy(() -> BinaryFormat.decode(bin, 0, prefix))
                    .isInstanceOfSatisfying(DecodeException.class, e -> {
                        assertThat(e.offset()).isBetween(0L, (long) prefix);
                        assertThat(e.reason()).isNotBlank();
                    });
            assertThatThrownBy(() -> BinaryFormat.decodeShared(bin, 0, prefix)).isInstanceOf(DecodeException.class);
        }
    }

    @Property(tries = 300)
    void anyTrailingByteIsRejected(@ForAll("values") Data value, @ForAll byte extra) {
        byte[] bin = BinaryFormat.encode(value);
        byte[] longer = java.util.Arrays.copyOf(bin, bin.length + 1);
        longer[bin.length] = extra;
        assertThatThrownBy(() -> BinaryFormat.decode(longer))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.offset()).isEqualTo((long) bin.length));
    }

    @Property(tries = 300)
    void encodingIntoALargerArrayWritesTheSameBytes(@ForAll("values") Data value) {
        byte[] bin = BinaryFormat.encode(value);
        byte[] dst = new byte[bin.length + 10];
        assertThat(BinaryFormat.encode(value, dst, 5)).isEqualTo(5 + bin.length);
        assertThat(java.util.Arrays.copyOfRange(dst, 5, 5 + bin.length)).isEqualTo(bin);
        assertThat(BinaryFormat.decode(dst, 5, bin.length)).isEqualTo(value);
        assertThatThrownBy(() -> BinaryFormat.encode(value, new byte[bin.length - 1 + 5], 5))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
