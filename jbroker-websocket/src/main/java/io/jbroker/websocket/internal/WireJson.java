package io.jbroker.websocket.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The control objects of Zeek's WebSocket API besides data messages: the subscription array, the
 * ack and the error object, written compactly with the key order Zeek uses, and read leniently
 * (Zeek may put raw control bytes into strings).
 */
public final class WireJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();
    private static final byte[] DATA_MESSAGE_PREFIX =
            "{\"type\":\"data-message\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private WireJson() {}

    /** {@code ["a","b"]}. */
    public static byte[] subscriptions(List<String> topics) {
        return write(g -> {
            g.writeStartArray();
            for (String t : topics) {
                g.writeString(t);
            }
            g.writeEndArray();
        });
    }

    /** {@code {"type":"ack","endpoint":E,"version":V}}. */
    public static byte[] ack(String endpoint, String version) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "ack");
            g.writeStringField("endpoint", endpoint);
            g.writeStringField("version", version);
            g.writeEndObject();
        });
    }

    /** {@code {"type":"error","code":C,"context":X}}. */
    public static byte[] error(String code, String context) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "error");
            g.writeStringField("code", code);
            g.writeStringField("context", context);
            g.writeEndObject();
        });
    }

    /** Whether a frame starts exactly as Zeek's and Broker's data messages do (fast path). */
    public static boolean looksLikeDataMessage(byte[] frame) {
        if (frame.length < DATA_MESSAGE_PREFIX.length) {
            return false;
        }
        for (int i = 0; i < DATA_MESSAGE_PREFIX.length; i++) {
            if (frame[i] != DATA_MESSAGE_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /** The top-level string members of an object (type, endpoint, version, code, context, ...). */
    public record Fields(String type, String endpoint, String version, String code, String context) {}

    /**
     * Reads the top-level string members of a JSON object; nested values are skipped.
     *
     * @return null if the frame is not one JSON object
     */
    public static Fields fields(byte[] frame) {
        String type = null, endpoint = null, version = null, code = null, context = null;
        try (JsonParser p = FACTORY.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                if (v != JsonToken.VALUE_STRING) {
                    continue;
                }
                String s = p.getText();
                switch (name) {
                    case "type" -> type = type == null ? s : type;
                    case "endpoint" -> endpoint = endpoint == null ? s : endpoint;
                    case "version" -> version = version == null ? s : version;
                    case "code" -> code = code == null ? s : code;
                    case "context", "message" -> context = context == null ? s : context;
                    default -> {}
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return new Fields(type, endpoint, version, code, context);
    }

    /** A subscription array that is not one: Zeek's error text in the message. */
    public static final class BadSubscriptions extends Exception {
        public BadSubscriptions(String zeekContext) {
            super(zeekContext, null, false, false);
        }
    }

    /**
     * Parses the first client frame as Zeek does: an array of strings.
     *
     * @throws BadSubscriptions with {@code subscriptions not an array} (also for malformed JSON) or
     *     {@code individual subscription not a string}
     */
    public static List<String> parseSubscriptions(byte[] frame, int maxTopics) throws BadSubscriptions {
        List<String> topics = new ArrayList<>();
        boolean nonString = false;
        try (JsonParser p = FACTORY.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new BadSubscriptions("subscriptions not an array");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new BadSubscriptions("subscriptions not an array");
                }
                if (t == JsonToken.VALUE_STRING) {
                    if (topics.size() >= maxTopics) {
                        throw new BadSubscriptions("too many subscriptions (at most " + maxTopics + ")");
                    }
                    topics.add(p.getText());
                } else {
                    nonString = true;
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new BadSubscriptions("subscriptions not an array");
            }
        } catch (IOException e) {
            throw new BadSubscriptions("subscriptions not an array");
        }
        if (nonString) {
            throw new BadSubscriptions("individual subscription not a string");
        }
        return topics;
    }

    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            w.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
