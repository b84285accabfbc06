package io.jbroker.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jbroker.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/** Loads the captured Broker vectors from the test classpath for the JSON codec tests. */
final class JsonCorpusSupport {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The records of a JSONL file, and how many lines were not JSON objects. */
    record Corpus(List<JsonNode> records, int skipped) {}

    private JsonCorpusSupport() {}

    static Corpus load(String name) {
        String path = "/interop/broker-2.8/data/" + name;
        List<JsonNode> records = new ArrayList<>();
        int skipped = 0;
        try (InputStream in = JsonCorpusSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = parseOrNull(line);
                if (node == null || !node.isObject()) {
                    skipped++;
                } else {
                    records.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Corpus(records, skipped);
    }

    private static JsonNode parseOrNull(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The error code named by a vector's {@code error: <name>[: message]} verdict. */
    static ErrorCode errorCode(String verdict) {
        String name = verdict.substring("error: ".length());
        int colon = name.indexOf(':');
        String code = colon < 0 ? name : name.substring(0, colon);
        for (ErrorCode c : ErrorCode.values()) {
            if (c.brokerName().equals(code)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown error code in " + verdict);
    }

    /** What decoding produced: the binary hex of the value or {@code error: <code>}. */
    static String outcome(Supplier<Data> decode) {
        try {
            return hex(BinaryFormat.encode(decode.get()));
        } catch (DecodeException e) {
            return "error: " + e.code().brokerName();
        }
    }

    /** The verdict of a vector reduced to what {@link #outcome} reports. */
    static String expectedOutcome(String verdict, String binHex) {
        return verdict.startsWith("error: ") ? "error: " + errorCode(verdict).brokerName() : binHex;
    }
}
