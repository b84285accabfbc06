package io.jbroker.store;

import io.jbroker.EndpointId;
import io.jbroker.Topic;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The frames of the captured Broker 2.8 master/clone session (test resources store-session/, copied
 * from interop/broker-2.8/store-session): A = master of "vstore" (listener), B = clone (connector).
 */
public final class Capture {
    public static final EndpointId A = EndpointId.parse("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
    public static final EndpointId B = EndpointId.parse("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");
    public static final long MASTER_OBJECT = 7;
    public static final long CLONE_OBJECT = 9;

    /** One frame (length prefix included) with its description from the capture. */
    public record Frame(int index, String kind, byte[] bytes) {
        public boolean isCommand() {
            return kind.startsWith("envelope command");
        }

        public EndpointId envelopeSender() {
            return EndpointId.fromBytes(bytes, 4);
        }

        public EndpointId envelopeReceiver() {
            return EndpointId.fromBytes(bytes, 20);
        }

        public Topic topic() {
            int len = ((bytes[39] & 0xFF) << 8) | (bytes[40] & 0xFF);
            return Topic.ofBytes(Arrays.copyOfRange(bytes, 41, 41 + len));
        }

        /** The envelope payload (the internal_command of a command envelope). */
        public byte[] payload() {
            int len = ((bytes[39] & 0xFF) << 8) | (bytes[40] & 0xFF);
            return Arrays.copyOfRange(bytes, 41 + len, bytes.length);
        }

        public String hex() {
            return HexFormat.of().formatHex(bytes);
        }
    }

    /** One line of the merged timeline: a frame ({@code c2s}/{@code s2c} and its index) or a mark. */
    public record Step(long nanos, String direction, int frame, String mark) {
        public boolean isMark() {
            return mark != null;
        }
    }

    private Capture() {}

    /** The frames of both directions and the driver's marks, in time order. */
    public static List<Step> timeline() {
        List<Step> out = new ArrayList<>();
        String resource = "store-session/store_session.timeline.txt";
        try (InputStream in = Capture.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("+")) {
                    continue;
                }
                int s = line.indexOf("s ");
                long nanos = Math.round(Double.parseDouble(line.substring(1, s)) * 1e9);
                String rest = line.substring(s + 2);
                if (rest.startsWith("mark ")) {
                    out.add(new Step(nanos, null, -1, rest.substring(5)));
                } else {
                    String[] parts = rest.split(" ", 4); // c2s frame N len=..
                    out.add(new Step(nanos, parts[0], Integer.parseInt(parts[2]), null));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Frames from B to A (the clone's side). */
    public static List<Frame> c2s() {
        return load("store-session/store_session.c2s.frames.txt");
    }

    /** Frames from A to B (the master's side). */
    public static List<Frame> s2c() {
        return load("store-session/store_session.s2c.frames.txt");
    }

    private static List<Frame> load(String resource) {
        List<Frame> out = new ArrayList<>();
        try (InputStream in = Capture.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            String header = null;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (line.startsWith("frame ")) {
                    header = line;
                    continue;
                }
                int colon = header.indexOf(':');
                int index = Integer.parseInt(header.substring(6, colon));
                String rest = header.substring(colon + 1).trim();
                String kind = rest.substring(rest.indexOf(' ', rest.indexOf("offset=")) + 1);
                out.add(new Frame(index, kind, HexFormat.of().parseHex(line.trim())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
