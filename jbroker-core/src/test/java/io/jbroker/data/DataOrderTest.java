package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Broker's total order over values ({@link Data#compareTo}). */
class DataOrderTest {

    @Test
    void typesSortByTagBeforeValue() {
        List<Data> oneOfEach = List.of(
                Data.none(),
                Data.bool(false),
                Data.count(-1),
                Data.integer(Long.MIN_VALUE),
                Data.real(Double.NEGATIVE_INFINITY),
                Data.string(""),
                Data.address("::"),
                Data.subnet("::/0"),
                Data.port(0, Protocol.UNKNOWN),
                Data.timestampNanos(Long.MIN_VALUE),
                Data.timespanNanos(Long.MIN_VALUE),
                Data.enumValue(""),
                SetValue.EMPTY,
                TableValue.EMPTY,
                VectorValue.EMPTY);
        for (int i = 0; i < oneOfEach.size(); i++) {
            assertThat(oneOfEach.get(i).type().tag()).isEqualTo(i);
            for (int j = 0; j < oneOfEach.size(); j++) {
                assertThat(Integer.signum(oneOfEach.get(i).compareTo(oneOfEach.get(j))))
                        .as("%s vs %s", oneOfEach.get(i), oneOfEach.get(j))
                        .isEqualTo(Integer.compare(i, j));
            }
        }
        // the largest count still sorts before the smallest integer
        assertThat((Data) Data.count(-1)).isLessThan(Data.integer(Long.MIN_VALUE));
    }

    @Test
    void countsAreUnsigned() {
        assertThat((Data) Data.count(-1)).isGreaterThan(Data.count(Long.MAX_VALUE));
        assertThat((Data) Data.count(Long.MIN_VALUE)).isGreaterThan(Data.count(Long.MAX_VALUE));
        assertThat((Data) Data.count(0)).isLessThan(Data.count(1));
    }

    @Test
    void signedNumbersAndTimesAreSigned() {
        assertThat((Data) Data.integer(-1)).isLessThan(Data.integer(0));
        assertThat((Data) Data.integer(Long.MIN_VALUE)).isLessThan(Data.integer(Long.MAX_VALUE));
        assertThat((Data) Data.timestampNanos(-1)).isLessThan(Data.timestampNanos(0));
        assertThat((Data) Data.timespanNanos(-5)).isLessThan(Data.timespanNanos(5));
    }

    @Test
    void stringAndEnumBytesCompareUnsignedWithShorterPrefixFirst() {
        assertThat((Data) Data.string(new byte[] {(byte) 0xff})).isGreaterThan(Data.string("a"));
        assertThat((Data) Data.string("")).isLessThan(Data.string("a"));
        assertThat((Data) Data.string("ab")).isLessThan(Data.string("abc"));
        assertThat((Data) Data.string("abc")).isLessThan(Data.string("abd"));
        assertThat((Data) Data.string("é")).isGreaterThan(Data.string("z"));
        assertThat((Data) EnumValue.ofBytes(new byte[] {(byte) 0x80})).isGreaterThan(Data.enumValue("z"));
        assertThat((Data) Data.enumValue("Conn::LOG")).isLessThan(Data.enumValue("a"));
    }

    @Test
    void nanIsEquivalentToEveryRealAndZerosAreEquivalent() {
        Data nan = Data.real(Double.NaN);
        for (double d : new double[] {Double.NEGATIVE_INFINITY, -1.0, 0.0, 1.0, Double.POSITIVE_INFINITY, Double.NaN}) {
            assertThat(nan.compareTo(Data.real(d))).isZero();
            assertThat(Data.real(d).compareTo(nan)).isZero();
        }
        assertThat(Data.real(0.0).compareTo(Data.real(-0.0))).isZero();
        assertThat((Data) Data.real(Double.NEGATIVE_INFINITY)).isLessThan(Data.real(-1.5));
        assertThat((Data) Data.real(-1.5)).isLessThan(Data.real(-0.0));
        assertThat((Data) Data.real(0.0)).isLessThan(Data.real(Double.MIN_NORMAL));
        assertThat((Data) Data.real(1.5)).isLessThan(Data.real(Double.POSITIVE_INFINITY));
        // NaN still sorts by tag against other types
        assertThat(nan).isGreaterThan(Data.integer(Long.MAX_VALUE)).isLessThan(Data.string(""));
    }

    @Test
    void addressesCompareAsSixteenUnsignedBytes() {
        List<String> ascending = List.of(
                "::", "::1", "::fffe:0:0", "0.0.0.0", "1.2.3.4", "255.255.255.255", "7fff::", "8000::", "ffff::");
        assertAscending(
                ascending.stream().map(Data::address).map(Data.class::cast).toList());
    }

    @Test
    void subnetsCompareAddressThenRawLength() {
        assertAscending(List.of(
                SubnetValue.parse("::/0"),
                SubnetValue.parse("::/128"),
                SubnetValue.parse("9.0.0.0/8"),
                SubnetValue.parse("10.0.0.0/8"),
                SubnetValue.parse("10.0.0.0/16"),
                SubnetValue.unchecked(AddressValue.parse("10.0.0.0"), 255)));
    }

    @Test
    void portsCompareNumberThenProtocol() {
        assertAscending(List.of(
                Data.port(0, Protocol.UNKNOWN),
                Data.port(8, Protocol.ICMP),
                Data.port(80, Protocol.UNKNOWN),
                Data.port(80, Protocol.TCP),
                Data.port(80, Protocol.UDP),
                Data.port(80, Protocol.ICMP),
                Data.port(65535, Protocol.UNKNOWN)));
    }

    @Test
    void vectorsAndSetsAreLexicographic() {
        assertAscending(List.of(
                Data.vector(),
                Data.vector(Data.count(1)),
                Data.vector(Data.count(1), Data.count(2)),
                Data.vector(Data.count(1), Data.string("a")),
                Data.vector(Data.count(2))));
        assertAscending(List.of(
                Data.set(), Data.set(Data.count(1)), Data.set(Data.count(1), Data.count(2)), Data.set(Data.count(2))));
    }

    @Test
    void tablesCompareKeyThenValueEntryByEntry() {
        assertAscending(List.of(TableValue.EMPTY, table(1, 2), table(1, 2, 5, 0), table(1, 3), table(2, 0)));
    }

    @Test
    void booleansAndNone() {
        assertThat((Data) Data.bool(false)).isLessThan(Data.bool(true));
        assertThat(Data.none().compareTo(NoneValue.INSTANCE)).isZero();
    }

    /**
     * Broker writes set elements and table keys in its order, so rebuilding every captured set and
     * table from shuffled elements must give Broker's bytes.
     */
    @Test
    void capturedSetsAndTablesAreInOurOrder() {
        Random random = new Random(42);
        int checked = 0;
        for (JsonNode r : DataVectors.jsonl("data/values.jsonl").records()) {
            String type = r.get("type").asText();
            if (!type.equals("set") && !type.equals("table")) {
                continue;
            }
            byte[] bin = DataVectors.hex(r.get("bin").asText());
            Data rebuilt = rebuild(BinaryFormat.decode(bin), random);
            assertThat(DataVectors.hex(BinaryFormat.encode(rebuilt)))
                    .as("id %s", r.get("id"))
                    .isEqualTo(r.get("bin").asText());
            checked++;
        }
        assertThat(checked).isEqualTo(29);
    }

    /** Rebuilds containers bottom-up from shuffled elements through the public factories. */
    private static Data rebuild(Data d, Random random) {
        switch (d.type()) {
            case SET: {
                List<Data> items = new ArrayList<>();
                for (Data e : (SetValue) d) {
                    items.add(rebuild(e, random));
                }
                Collections.shuffle(items, random);
                return SetValue.of(items);
            }
            case TABLE: {
                TableValue t = (TableValue) d;
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < t.size(); i++) {
                    order.add(i);
                }
                Collections.shuffle(order, random);
                TableValue.Builder b = TableValue.builder();
                for (int i : order) {
                    b.put(rebuild(t.keys().get(i), random), rebuild(t.values().get(i), random));
                }
                return b.build();
            }
            case VECTOR: {
                List<Data> items = new ArrayList<>();
                for (Data e : (VectorValue) d) {
                    items.add(rebuild(e, random));
                }
                return VectorValue.of(items);
            }
            default:
                return d;
        }
    }

    private static TableValue table(long... kv) {
        TableValue.Builder b = TableValue.builder();
        for (int i = 0; i < kv.length; i += 2) {
            b.put(Data.count(kv[i]), Data.count(kv[i + 1]));
        }
        return b.build();
    }

    private static void assertAscending(List<? extends Data> values) {
        for (int i = 0; i < values.size(); i++) {
            for (int j = 0; j < values.size(); j++) {
                assertThat(Integer.signum(values.get(i).compareTo(values.get(j))))
                        .as("%s vs %s", values.get(i), values.get(j))
                        .isEqualTo(Integer.compare(i, j));
            }
        }
    }
}
