package io.jbroker.zeromq;

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

/** The live Zeek captures in src/test/resources/zeek-zeromq (see the README there). */
final class Captures {
    /** One captured multipart message. */
    record Message(int seq, String dir, List<byte[]> frames, JsonNode decoded) {}

    private Captures() {}

    static List<Message> load(String file) {
        ObjectMapper json = new ObjectMapper();
        List<Message> out = new ArrayList<>();
        try (InputStream in = Captures.class.getResourceAsStream("/zeek-zeromq/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + file);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                List<byte[]> frames = new ArrayList<>();
                for (JsonNode f : n.get("frames")) {
                    frames.add(HexFormat.of().parseHex(f.asText()));
                }
                out.add(new Message(n.get("seq").asInt(), n.get("dir").asText(), frames, n.get("decoded")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The 4-frame event messages of a capture. */
    static List<Message> events(String file) {
        List<Message> out = new ArrayList<>();
        for (Message m : load(file)) {
            if (m.frames().size() == 4) {
                out.add(m);
            }
        }
        return out;
    }
}
