package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Hand-made byte strings fed to Broker 2.8 (data/invalid.jsonl): jbroker rejects what Broker
 * rejects and decodes what Broker accepts to the value Broker re-encodes, except for the deliberate
 * deviations listed in {@link #DELIBERATE_DEVIATIONS}.
 */
class BinaryInteropInvalidTest {
    private static final DataVectors.Jsonl INVALID = DataVectors.jsonl("data/invalid.jsonl");

    /**
     * Inputs Broker accepts that jbroker rejects on purpose, with the reason. Nothing else may
     * differ.
     */
    static final Map<Integer, String> DELIBERATE_DEVIATIONS = Map.of(
            23,
            "6-byte varbyte length 81 80 80 80 80 00: Broker accepts it only because the bits beyond 32"
                    + " fall off in a C++ shift overflow; jbroker rejects varbytes longer than 5 bytes or"
                    + " >= 2^32 (data-format.md section 2)");

    @Test
    void fileHasEveryRecordAndNoCorruptLines() {
        assertThat(INVALID.skippedLines()).isZero();
        assertThat(INVALID.records()).hasSize(58);
        assertThat(INVALID.records().stream().filter(BinaryInteropInvalidTest::brokerAccepts))
                .hasSize(19);
    }

    @Test
    void everyDeliberateDeviationIsAnInputBrokerAccepts() {
        for (int id : DELIBERATE_DEVIATIONS.keySet()) {
            JsonNode r = INVALID.records().stream()
                    .filter(x -> x.get("id").asInt() == id)
                    .findFirst()
                    .orElseThrow();
            assertThat(brokerAccepts(r)).as("id %d", id).isTrue();
        }
    }

    @TestFactory
    Stream<DynamicTest> inputsBrokerRejectsAreRejectedWithAnOffsetAndReason() {
        return INVALID.records().stream()
                .filter(r -> !brokerAccepts(r)
                        || DELIBERATE_DEVIATIONS.containsKey(r.get("id").asInt()))
                .map(r -> DynamicTest.dynamicTest(name(r), () -> rejected(r)));
    }

    @TestFactory
    Stream<DynamicTest> inputsBrokerAcceptsDecodeToWhatBrokerReencodes() {
        return INVALID.records().stream()
                .filter(r -> brokerAccepts(r)
                        && !DELIBERATE_DEVIATIONS.containsKey(r.get("id").asInt()))
                .map(r -> DynamicTest.dynamicTest(name(r), () -> accepted(r)));
    }

    private static void rejected(JsonNode r) {
        byte[] bin = DataVectors.hex(r.get("bin").asText());
        assertThatThrownBy(() -> BinaryFormat.decode(bin)).isInstanceOfSatisfying(DecodeException.class, e -> {
            assertThat(e.offset()).isBetween(0L, (long) bin.length);
            assertThat(e.reason()).isNotBlank();
            assertThat(e.code()).isEqualTo(io.jbroker.ErrorCode.DESERIALIZATION_FAILED);
        });
        assertThatThrownBy(() -> BinaryFormat.decodeShared(bin, 0, bin.length)).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> BinaryFormat.validate(bin, 0, bin.length)).isInstanceOf(DecodeException.class);
    }

    private static void accepted(JsonNode r) {
        byte[] bin = DataVectors.hex(r.get("bin").asText());
        Data decoded = BinaryFormat.decode(bin);
        String reencoded = DataVectors.hex(BinaryFormat.encode(decoded));
        assertThat(reencoded).isEqualTo(r.get("reencoded_bin").asText());
        assertThat(reencoded.equals(r.get("bin").asText()))
                .isEqualTo(r.get("reencodes_identically").asBoolean());
        assertThat(DataVectors.hex(TextFormat.toBytes(decoded))).isEqualTo(DataVectors.hex(DataVectors.textBytes(r)));
        BinaryFormat.validate(bin, 0, bin.length);
    }

    private static boolean brokerAccepts(JsonNode r) {
        String result = r.get("broker_result").asText();
        boolean ok = result.equals("ok");
        assertThat(r.get("data_deserialize").asText().equals("ok"))
                .as("both Broker decoders agree")
                .isEqualTo(ok);
        return ok;
    }

    private static String name(JsonNode r) {
        return "id " + r.get("id").asInt() + ": " + r.get("description").asText();
    }
}
