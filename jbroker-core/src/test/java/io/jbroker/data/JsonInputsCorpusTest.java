package io.jbroker.data;

import static io.jbroker.data.JsonCorpusSupport.expectedOutcome;
import static io.jbroker.data.JsonCorpusSupport.hex;
import static io.jbroker.data.JsonCorpusSupport.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jbroker.DataMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every hand-written input in data/json_inputs.jsonl against Broker's two JSON decoders. */
class JsonInputsCorpusTest {
    private static final JsonCorpusSupport.Corpus CORPUS = JsonCorpusSupport.load("json_inputs.jsonl");

    /**
     * Inputs whose {@code decode} result we deliberately do not reproduce: id → (reason, our bin).
     * Must match the list in {@link JsonFormat}'s Javadoc.
     */
    private static final Map<Integer, Map.Entry<String, String>> DECODE_DEVIATIONS =
            Map.of(33, Map.entry("\\/ is the JSON escape for '/'; Broker decodes it as '?'", "0503612f62"));

    @Test
    void allInputsAreLoaded() {
        assertThat(CORPUS.skipped()).isZero();
        assertThat(CORPUS.records()).hasSize(92);
    }

    @Test
    void decodeMatchesBrokerFormatJsonV1Decode() {
        List<String> mismatches = new ArrayList<>();
        for (JsonNode r : CORPUS.records()) {
            int id = r.get("id").asInt();
            String verdict = r.get("decode").asText();
            String expected = DECODE_DEVIATIONS.containsKey(id)
                    ? DECODE_DEVIATIONS.get(id).getValue()
                    : expectedOutcome(verdict, r.path("bin").asText());
            byte[] input = input(r);
            String actual = outcome(() -> JsonFormat.decode(input));
            if (!expected.equals(actual)) {
                mismatches.add(
                        id + " (" + r.get("description").asText() + "): expected " + expected + " got " + actual);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void decodeMessageMatchesBrokerDeserializeJson() {
        List<String> mismatches = new ArrayList<>();
        int accepted = 0;
        for (JsonNode r : CORPUS.records()) {
            String verdict = r.get("deserialize_json").asText();
            String expected = verdict.equals("ok")
                    ? r.get("deserialize_json_topic").asText() + " "
                            + r.get("deserialize_json_bin").asText()
                    : expectedOutcome(verdict, null);
            byte[] input = input(r);
            String actual;
            try {
                DataMessage m = JsonFormat.decodeMessage(input);
                actual = m.topic() + " " + hex(BinaryFormat.encode(m.data()));
                accepted++;
            } catch (DecodeException e) {
                actual = "error: " + e.code().brokerName();
            }
            if (!expected.equals(actual)) {
                mismatches.add(r.get("id") + " (" + r.get("description").asText() + "): expected " + expected + " got "
                        + actual);
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(accepted).isEqualTo(1);
    }

    @Test
    void decodingTheStringFormGivesTheSameResults() {
        for (JsonNode r : CORPUS.records()) {
            String text = r.get("input").asText();
            assertThat(outcome(() -> JsonFormat.decode(text)))
                    .as("input %s", r.get("id"))
                    .isEqualTo(outcome(() -> JsonFormat.decode(input(r))));
        }
    }

    private static byte[] input(JsonNode r) {
        return r.get("input").asText().getBytes(StandardCharsets.UTF_8);
    }
}
