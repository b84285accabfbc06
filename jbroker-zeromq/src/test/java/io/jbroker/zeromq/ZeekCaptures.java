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

/** The live Zeek ZeroMQ captures copied into test resources (captures/zeromq/events.jsonl). */
final class ZeekCaptures {
    /** One recorded multipart message. */
    record Recorded(String run, int seq, String direction, List<byte[]> frames, JsonNode summary) {
        String topic() {
            return new String(frames.get(0), StandardCharsets.UTF_8);
        }

        String eventName() {
            return summary.path("event").path("event_name").asText();
        }

        byte[] frame(int i) {
            return frames.get(i);
        }
    }

    private static List<Recorded> events;

    private ZeekCaptures() {}

    static synchronized List<Recorded> events() {
        if (events == null) {
            events = load("captures/zeromq/events.jsonl");
        }
        return events;
    }

    /** The 4-frame messages the proxy delivered to the recorder in one run. */
    static List<Recorded> delivered(String run) {
        List<Recorded> out = new ArrayList<>();
        for (Recorded r : events()) {
            if (r.run().equals(run)
                    && r.direction().equals("proxy-xpub->recorder-xsub")
                    && r.frames().size() == 4) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<Recorded> load(String resource) {
        ObjectMapper json = new ObjectMapper();
        List<Recorded> out = new ArrayList<>();
        try (InputStream in = ZeekCaptures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode n = json.readTree(line);
                List<byte[]> frames = new ArrayList<>();
                for (JsonNode f : n.get("frames_hex")) {
                    frames.add(HexFormat.of().parseHex(f.asText()));
                }
                out.add(new Recorded(
                        n.get("run").asText(),
                        n.get("seq").asInt(),
                        n.get("direction").asText(),
                        frames,
                        n.get("summary")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
