package io.jbroker.zeek.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The log captures of live Zeek 9.1 copied into the test resources. */
public final class LogCaptures {
    /** One captured ZeroMQ log-write message. */
    public record Captured(String source, String run, int seq, List<byte[]> frames) {
        public byte[] payload() {
            return frames.get(3);
        }
    }

    private LogCaptures() {}

    /** The 38 batches of {@code zeromq/} (runs A-E) and the 5 of {@code zeromq-2/} (run A). */
    public static List<Captured> all() {
        List<Captured> out = new ArrayList<>(zeromq());
        out.addAll(zeromq2());
        return out;
    }

    /** {@code zeromq/log-batches.jsonl}. */
    public static List<Captured> zeromq() {
        List<Captured> out = new ArrayList<>();
        for (JsonNode n : lines("/interop/zeek/zeromq/log-batches.jsonl")) {
            out.add(new Captured("zeromq", n.get("run").asText(), n.get("seq").asInt(), frames(n.get("frames_hex"))));
        }
        return out;
    }

    /** {@code zeromq-2/log-batches.jsonl}. */
    public static List<Captured> zeromq2() {
        List<Captured> out = new ArrayList<>();
        for (JsonNode n : lines("/interop/zeek/zeromq-2/log-batches.jsonl")) {
            out.add(new Captured("zeromq-2", "A", n.get("seq").asInt(), frames(n.get("frames"))));
        }
        return out;
    }

    /** The lines of a JSON-lines resource. */
    public static List<JsonNode> lines(String resource) {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = LogCaptures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    out.add(mapper.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The bytes of a resource. */
    public static byte[] resource(String resource) {
        try (InputStream in = LogCaptures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<byte[]> frames(JsonNode array) {
        List<byte[]> out = new ArrayList<>();
        array.forEach(f -> out.add(hex(f.asText())));
        return out;
    }

    /** Bytes of hex text. */
    public static byte[] hex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
