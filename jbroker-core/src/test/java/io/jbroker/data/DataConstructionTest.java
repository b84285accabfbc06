package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How sets, tables and vectors are built: Broker's ordered-container insertion semantics. */
class DataConstructionTest {

    @Test
    void setKeepsTheFirstOfEquivalentElements() {
        SetValue zeros = Data.set(Data.real(0.0), Data.real(-0.0));
        assertThat(zeros.size()).isEqualTo(1);
        assertThat(Double.doubleToRawLongBits(((RealValue) zeros.elements().get(0)).value()))
                .isZero();
        SetValue negativeFirst = Data.set(Data.real(-0.0), Data.real(0.0));
        assertThat(Double.doubleToRawLongBits(
                        ((RealValue) negativeFirst.elements().get(0)).value()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));

        SetValue oneThenNaN = Data.set(Data.real(1.0), Data.real(Double.NaN));
        assertThat(oneThenNaN.elements()).containsExactly(Data.real(1.0));
        SetValue nanThenOne = Data.set(Data.real(Double.NaN), Data.real(1.0));
        assertThat(nanThenOne.size()).isEqualTo(1);
        assertThat(((RealValue) nanThenOne.elements().get(0)).value()).isNaN();
    }

    @Test
    void setsBuiltLikeBrokerEncodeToBrokersBytes() {
        assertThat(BinaryFormat.encode(Data.set(Data.real(0.0), Data.real(-0.0))))
                .isEqualTo(bin("set built by inserting 0.0 then -0.0"));
        assertThat(BinaryFormat.encode(Data.set(Data.real(1.0), Data.real(Double.NaN))))
                .isEqualTo(bin("set built by inserting 1.0 then NaN"));
    }

    @Test
    void setSortsAndDropsDuplicates() {
        SetValue s = Data.set(Data.count(3), Data.count(1), Data.count(2), Data.count(1));
        assertThat(s.elements()).containsExactly(Data.count(1), Data.count(2), Data.count(3));
        assertThat(s.contains(Data.count(2))).isTrue();
        assertThat(s.contains(Data.integer(2))).isFalse();
        assertThat(s.asSet()).hasSize(3).contains(Data.count(3));
        assertThat((Object) Data.set()).isSameAs(SetValue.EMPTY);
        assertThat(Data.set(Data.real(0.0)).contains(Data.real(-0.0))).isTrue();
    }

    @Test
    void tableKeepsTheFirstKeyAndTheLastValueOfEquivalentKeys() {
        TableValue t = TableValue.builder()
                .put(Data.real(0.0), Data.string("first"))
                .put(Data.real(-0.0), Data.string("second"))
                .build();
        assertThat(t.size()).isEqualTo(1);
        assertThat(Double.doubleToRawLongBits(((RealValue) t.keys().get(0)).value()))
                .isZero();
        assertThat(t.get(Data.real(0.0))).isEqualTo(Data.string("second"));
    }

    @Test
    void tableIsSortedByKeyAndLooksUpByBrokerEquivalence() {
        TableValue t = TableValue.builder()
                .put(Data.string("b"), Data.count(2))
                .put(Data.string("a"), Data.count(1))
                .put(Data.integer(1), Data.string("i"))
                .put(Data.count(1), Data.string("c"))
                .build();
        assertThat(t.keys()).containsExactly(Data.count(1), Data.integer(1), Data.string("a"), Data.string("b"));
        assertThat(t.values()).containsExactly(Data.string("c"), Data.string("i"), Data.count(1), Data.count(2));
        assertThat(t.get(Data.string("a"))).isEqualTo(Data.count(1));
        assertThat(t.get(Data.string("z"))).isNull();
        assertThat(t.containsKey(Data.count(1))).isTrue();
        assertThat(t.asMap()).containsEntry(Data.integer(1), Data.string("i")).hasSize(4);
        assertThat(TableValue.builder().build()).isSameAs(TableValue.EMPTY);
    }

    @Test
    void nullElementsAreRejected() {
        assertThatThrownBy(() -> Data.vector(Data.none(), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Data.set(Data.none(), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> TableValue.builder().put(null, Data.none())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> TableValue.builder().put(Data.none(), null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void vectorsCopyTheirInput() {
        Data[] items = {Data.count(1), Data.count(2)};
        VectorValue v = Data.vector(items);
        items[0] = Data.none();
        assertThat(v.get(0)).isEqualTo(Data.count(1));
        List<Data> list = new ArrayList<>(List.of(Data.count(1)));
        VectorValue w = Data.vector(list);
        list.add(Data.none());
        assertThat(w.size()).isEqualTo(1);
        assertThatThrownBy(() -> w.asList().add(Data.none())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void decodedStringsAreIndependentOfTheInputUnlessShared() {
        byte[] bin = BinaryFormat.encode(Data.string("abc"));
        Data copied = BinaryFormat.decode(bin);
        Data shared = BinaryFormat.decodeShared(bin, 0, bin.length);
        bin[2] = 'x';
        assertThat(copied).isEqualTo(Data.string("abc"));
        assertThat(shared).isEqualTo(Data.string("xbc"));
    }

    private static byte[] bin(String descriptionPrefix) {
        for (JsonNode r : DataVectors.jsonl("data/values.jsonl").records()) {
            if (r.get("description").asText().startsWith(descriptionPrefix)) {
                return DataVectors.hex(r.get("bin").asText());
            }
        }
        throw new AssertionError("no captured value " + descriptionPrefix);
    }
}
