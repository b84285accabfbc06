package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every value Broker 2.8 encoded (data/values.jsonl) decodes, re-encodes to the identical bytes and
 * renders as Broker's {@code to_string} does.
 */
class BinaryInteropValuesTest {
    private static final DataVectors.Jsonl VALUES = DataVectors.jsonl("data/values.jsonl");

    @Test
    void loaderSkipsExactlyTheOneCorruptLine() {
        assertThat(VALUES.skippedLines()).isEqualTo(1);
        assertThat(VALUES.records()).hasSize(230);
    }

    @TestFactory
    Stream<DynamicTest> everyCapturedValueRoundTripsByteForByte() {
        return VALUES.records().stream().map(r -> DynamicTest.dynamicTest(name(r), () -> roundTrips(r)));
    }

    @TestFactory
    Stream<DynamicTest> everyCapturedValueRendersAsBrokerText() {
        return VALUES.records().stream().map(r -> DynamicTest.dynamicTest(name(r), () -> rendersAsBroker(r)));
    }

    @TestFactory
    Stream<DynamicTest> decodedValueEqualsOriginalExactlyWhenBrokerSaysSo() {
        return VALUES.records().stream().map(r -> DynamicTest.dynamicTest(name(r), () -> equalsOriginal(r)));
    }

    @Test
    void everyTypeIsCovered() {
        List<String> types = VALUES.records().stream()
                .map(r -> r.get("type").asText())
                .distinct()
                .toList();
        for (DataType t : DataType.values()) {
            assertThat(types).contains(t.jsonName());
        }
    }

    private static void roundTrips(JsonNode r) {
        byte[] bin = DataVectors.hex(r.get("bin").asText());
        Data decoded = BinaryFormat.decode(bin);
        assertThat(decoded.type().jsonName()).isEqualTo(r.get("type").asText());
        assertThat(DataVectors.hex(BinaryFormat.encode(decoded)))
                .isEqualTo(r.get("bin").asText());
        assertThat(BinaryFormat.encodedSize(decoded)).isEqualTo(bin.length);

        byte[] copy = bin.clone();
        Data shared = BinaryFormat.decodeShared(copy, 0, copy.length);
        assertThat(shared).isEqualTo(decoded);
        assertThat(shared.compareTo(decoded)).isZero();
        assertThat(shared.hashCode()).isEqualTo(decoded.hashCode());
        assertThat(BinaryFormat.encode(shared)).isEqualTo(bin);

        byte[] framed = new byte[bin.length + 7];
        System.arraycopy(bin, 0, framed, 3, bin.length);
        assertThat(BinaryFormat.decode(framed, 3, bin.length)).isEqualTo(decoded);
        byte[] out = new byte[bin.length + 5];
        assertThat(BinaryFormat.encode(decoded, out, 2)).isEqualTo(bin.length + 2);
        assertThat(java.util.Arrays.copyOfRange(out, 2, 2 + bin.length)).isEqualTo(bin);
    }

    private static void rendersAsBroker(JsonNode r) {
        Data decoded = BinaryFormat.decode(DataVectors.hex(r.get("bin").asText()));
        byte[] expected = r.has("decoded_text")
                ? r.get("decoded_text").asText().getBytes(StandardCharsets.UTF_8)
                : DataVectors.textBytes(r);
        assertThat(DataVectors.hex(TextFormat.toBytes(decoded))).isEqualTo(DataVectors.hex(expected));
        if (r.has("text") && !r.has("decoded_text")) {
            assertThat(TextFormat.toText(decoded)).isEqualTo(r.get("text").asText());
            assertThat(decoded.toString()).isEqualTo(r.get("text").asText());
        }
    }

    /**
     * Broker's {@code ==} says the received value differs from the one sent exactly for NaN (never
     * equal to itself) and for values whose text changed on the way (subnormal reals).
     */
    private static void equalsOriginal(JsonNode r) {
        Data decoded = BinaryFormat.decode(DataVectors.hex(r.get("bin").asText()));
        boolean changedOnTheWay = r.has("decoded_text")
                && !r.get("decoded_text").asText().equals(r.path("text").asText(null));
        boolean expected = r.path("decoded_equals_original").asBoolean(true);
        assertThat(!containsNaN(decoded) && !changedOnTheWay).isEqualTo(expected);
        assertThat(r.has("decoded_differs")).isEqualTo(r.has("decoded_text"));
    }

    private static boolean containsNaN(Data d) {
        switch (d.type()) {
            case REAL:
                return Double.isNaN(((RealValue) d).value());
            case VECTOR:
                return ((VectorValue) d).asList().stream().anyMatch(BinaryInteropValuesTest::containsNaN);
            case SET:
                return ((SetValue) d).elements().stream().anyMatch(BinaryInteropValuesTest::containsNaN);
            case TABLE:
                TableValue t = (TableValue) d;
                return t.keys().stream().anyMatch(BinaryInteropValuesTest::containsNaN)
                        || t.values().stream().anyMatch(BinaryInteropValuesTest::containsNaN);
            default:
                return false;
        }
    }

    private static String name(JsonNode r) {
        return "id " + r.get("id").asInt() + ": " + r.get("description").asText();
    }
}
