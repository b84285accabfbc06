package io.jbroker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The values captured from upstream Broker 2.8 ({@code interop/broker-2.8/data/values.jsonl} in the
 * jbroker-core test jar). Lines that are not JSON objects (the capture has one corrupt fragment) are
 * skipped and counted.
 */
final class CapturedValues {
    static final String RESOURCE = "/interop/broker-2.8/data/values.jsonl";

    /**
     * One captured value: its bin v1 hex; Broker's JSON output for the value as exact bytes; Broker's
     * text and JSON output for the value it decodes from the hex, which differs for a few reals (a subnormal,
     * a negative NaN); and whether Broker's JSON decoder gives back the same value.
     */
    record Value(
            int id,
            String description,
            String binHex,
            byte[] json,
            byte[] decodedText,
            byte[] decodedJson,
            String jsonDecode) {
        /** JSON text that Broker decodes back to the same value, or null. */
        String roundTripJson() {
            return "same".equals(jsonDecode) && isUtf8Text(json) ? new String(json, StandardCharsets.UTF_8) : null;
        }
    }

    final List<Value> values;
    final int skippedLines;

    private CapturedValues(List<Value> values, int skippedLines) {
        this.values = values;
        this.skippedLines = skippedLines;
    }

    static CapturedValues load() {
        ObjectMapper mapper = new ObjectMapper();
        List<Value> values = new ArrayList<>();
        int skipped = 0;
        try (InputStream in = CapturedValues.class.getResourceAsStream(RESOURCE);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode node = parseObject(mapper, line);
                if (node == null) {
                    skipped++;
                    continue;
                }
                values.add(new Value(
                        node.get("id").asInt(),
                        node.get("description").asText(),
                        node.get("bin").asText(),
                        bytes(node, "json_text"),
                        node.has("decoded_text") ? bytes(node, "decoded_text") : bytes(node, "text"),
                        node.has("decoded_json_text") ? bytes(node, "decoded_json_text") : bytes(node, "json_text"),
                        node.get("json_decode").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CapturedValues(values, skipped);
    }

    Value byId(int id) {
        return values.stream().filter(v -> v.id() == id).findFirst().orElseThrow();
    }

    private static JsonNode parseObject(ObjectMapper mapper, String line) {
        try {
            JsonNode node = mapper.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The field as UTF-8, or the bytes of its {@code _hex} twin where Broker's output is not UTF-8. */
    private static byte[] bytes(JsonNode node, String field) {
        JsonNode hex = node.get(field + "_hex");
        if (hex != null) {
            return HexFormat.of().parseHex(hex.asText());
        }
        return node.get(field).asText().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isUtf8Text(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
