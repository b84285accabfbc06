package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Laws of Broker's order and of equality over random values. */
class DataOrderPropertiesTest {

    @Provide
    Arbitrary<Data> values() {
        return DataArbitraries.data(2);
    }

    @Property(tries = 1000)
    void orderIsAntisymmetric(@ForAll("values") Data a, @ForAll("values") Data b) {
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
    }

    @Property(tries = 1000)
    void orderIsTransitiveWithoutNaN(@ForAll("values") Data a, @ForAll("values") Data b, @ForAll("values") Data c) {
        if (hasNaN(a) || hasNaN(b) || hasNaN(c)) {
            return;
        }
        if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
            assertThat(a.compareTo(c)).isLessThanOrEqualTo(0);
        }
    }

    @Property(tries = 1000)
    void equalityAgreesWithTheOrderWithoutNaN(@ForAll("values") Data a, @ForAll("values") Data b) {
        if (hasNaN(a) || hasNaN(b)) {
            return;
        }
        assertThat(a.equals(b)).isEqualTo(a.compareTo(b) == 0);
        if (a.equals(b)) {
            assertThat(a.hashCode()).isEqualTo(b.hashCode());
        }
    }

    @Property(tries = 1000)
    void equalsIsReflexiveAndDecodedCopiesAreEqual(@ForAll("values") Data a) {
        assertThat(a).isEqualTo(a);
        Data copy = BinaryFormat.decode(BinaryFormat.encode(a));
        assertThat(copy).isEqualTo(a);
        assertThat(a).isEqualTo(copy);
        assertThat(copy.hashCode()).isEqualTo(a.hashCode());
        assertThat(a.equals(null)).isFalse();
    }

    static boolean hasNaN(Data d) {
        switch (d.type()) {
            case REAL:
                return Double.isNaN(((RealValue) d).value());
            case VECTOR:
                return ((VectorValue) d).asList().stream().anyMatch(DataOrderPropertiesTest::hasNaN);
            case SET:
                return ((SetValue) d).elements().stream().anyMatch(DataOrderPropertiesTest::hasNaN);
            case TABLE:
                return ((TableValue) d).keys().stream().anyMatch(DataOrderPropertiesTest::hasNaN)
                        || ((TableValue) d).values().stream().anyMatch(DataOrderPropertiesTest::hasNaN);
            default:
                return false;
        }
    }
}
