package io.jbroker.data;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
 * Loads the captured Broker 2.8 test vectors from the classpath ({@code /interop/broker-2.8/...}).
 * Lines that are not JSON objects are skipped and counted: values.jsonl holds one corrupt fragment
 * left by the capture tool.
 */
final class DataVectors {
    static final String ROOT = "/interop/broker-2.8/";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final HexFormat HEX = HexFormat.of();

    /** The records of one JSONL file and the number of lines skipped as not being JSON objects. */
    record Jsonl(List<JsonNode> records, int skippedLines) {}

    private DataVectors() {}

    static Jsonl jsonl(String name) {
        List<JsonNode> records = new ArrayList<>();
        int skipped = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(open(name), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = parseOrNull(line);
                if (node != null && node.isObject()) {
                    records.add(node);
                } else {
                    skipped++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Jsonl(List.copyOf(records), skipped);
    }

    /** The lines of a text resource. */
    static List<String> lines(String name) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(open(name), StandardCharsets.UTF_8))) {
            return in.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(String hex) {
        return HEX.parseHex(hex);
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** The expected text bytes of a record: {@code text} as UTF-8, or {@code text_hex}. */
    static byte[] textBytes(JsonNode record) {
        if (record.has("text")) {
            return record.get("text").asText().getBytes(StandardCharsets.UTF_8);
        }
        return hex(record.get("text_hex").asText());
    }

    private static JsonNode parseOrNull(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    private static InputStream open(String name) {
        InputStream in = DataVectors.class.getResourceAsStream(ROOT + name);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + ROOT + name);
        }
        return in;
    }
}
