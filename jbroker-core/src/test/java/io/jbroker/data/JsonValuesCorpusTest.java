package io.jbroker.data;

import static io.jbroker.data.JsonCorpusSupport.expectedOutcome;
import static io.jbroker.data.JsonCorpusSupport.hex;
import static io.jbroker.data.JsonCorpusSupport.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every value in data/values.jsonl against Broker's JSON encoder and decoder. */
class JsonValuesCorpusTest {
    private static final JsonCorpusSupport.Corpus CORPUS = JsonCorpusSupport.load("values.jsonl");

    /**
     * Vectors whose {@code json_decode} verdict we deliberately do not reproduce (id → reason).
     * Must match the list in {@link JsonFormat}'s Javadoc.
     */
    private static final Map<Integer, String> DECODE_DEVIATIONS = Map.of();

    @Test
    void exactlyTheOneCorruptLineIsSkipped() {
        assertThat(CORPUS.skipped()).isEqualTo(1);
        assertThat(CORPUS.records()).hasSize(230);
    }

    @Test
    void encodingMatchesBrokerBytesForEveryValue() {
        List<String> mismatches = new ArrayList<>();
        for (JsonNode r : CORPUS.records()) {
            Data value = BinaryFormat.decode(hex(r.get("bin").asText()));
            byte[] expected = receivedText(r);
            byte[] actual = JsonFormat.encode(value);
            if (!java.util.Arrays.equals(expected, actual)) {
                mismatches.add(r.get("id") + ": expected " + new String(expected, StandardCharsets.UTF_8) + " got "
                        + new String(actual, StandardCharsets.UTF_8));
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void encodeToStringIsTheUtf8DecodingOfTheBytes() {
        for (JsonNode r : CORPUS.records()) {
            if (r.has("json_text")) {
                Data value = BinaryFormat.decode(hex(r.get("bin").asText()));
                assertThat(JsonFormat.encodeToString(value))
                        .isEqualTo(new String(receivedText(r), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void decodingBrokerTextGivesBrokerResult() {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (JsonNode r : CORPUS.records()) {
            int id = r.get("id").asInt();
            if (DECODE_DEVIATIONS.containsKey(id)) {
                continue;
            }
            String verdict = r.get("json_decode").asText();
            String expected;
            if (verdict.equals("same")) {
                expected = r.get("bin").asText();
            } else if (verdict.equals("different")) {
                expected = r.get("json_decode_bin").asText();
            } else {
                expected = expectedOutcome(verdict, null);
            }
            byte[] text = brokerText(r);
            String actual = outcome(() -> JsonFormat.decode(text));
            if (!expected.equals(actual)) {
                mismatches.add(
                        id + " (" + r.get("description").asText() + "): expected " + expected + " got " + actual);
            }
            checked++;
        }
        assertThat(mismatches).isEmpty();
        assertThat(checked).isEqualTo(CORPUS.records().size() - DECODE_DEVIATIONS.size());
    }

    @Test
    void everyValueTypeAndVerdictKindIsCovered() {
        assertThat(CORPUS.records().stream().map(r -> r.get("type").asText()).distinct())
                .hasSize(DataType.values().length);
        assertThat(CORPUS.records().stream()
                        .map(r -> r.get("json_decode").asText().split(":")[0])
                        .distinct())
                .contains("same", "different", "error");
    }

    /**
     * Broker's JSON for the value that {@code bin} decodes to. For the few values that do not
     * survive the wire (subnormals, NaN with the sign bit) that is {@code decoded_json_text}, not the
     * text Broker wrote for the original.
     */
    private static byte[] receivedText(JsonNode r) {
        return r.has("decoded_json_text")
                ? r.get("decoded_json_text").asText().getBytes(StandardCharsets.UTF_8)
                : brokerText(r);
    }

    private static byte[] brokerText(JsonNode r) {
        return r.has("json_text")
                ? r.get("json_text").asText().getBytes(StandardCharsets.UTF_8)
                : hex(r.get("json_text_hex").asText());
    }
}
