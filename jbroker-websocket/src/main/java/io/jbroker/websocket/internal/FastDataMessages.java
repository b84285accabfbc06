package io.jbroker.websocket.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.data.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes data-message frames in one pass with Jackson's byte-based streaming parser, straight into
 * {@link Data} values, for the common shape of a frame; every other frame goes to {@link
 * JsonFormat#decodeMessage(byte[])}, which stays the authority on Broker's rules and errors.
 *
 * <p>Why: {@code JsonFormat} accepts what Broker accepts beyond RFC 8259 (raw control and
 * non-UTF-8 bytes, {@code \v}, bare {@code nan}), so it copies each frame to chars and builds a
 * tree first; on a busy client that costs about half of its CPU time per frame.
 *
 * <p>The fast path takes a frame only if it is printable ASCII without backslashes (so every string
 * is its own bytes), strict JSON, an object whose keys appear once each, with {@code @data-type}
 * before {@code data} in every value object, of the types none, boolean, count, integer, real,
 * string, enum and vector, nested at most {@link #MAX_DEPTH} containers. For such a frame the result
 * equals {@code JsonFormat}'s; anything else (including every invalid frame) returns to {@code
 * JsonFormat}, so results and errors are unchanged. Stateless and thread-safe.
 */
public final class FastDataMessages {
    static final int MAX_DEPTH = 32;

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Data[] NO_DATA = new Data[0];

    private FastDataMessages() {}

    /**
     * The message in {@code frame}, as {@link JsonFormat#decodeMessage(byte[])} returns it.
     *
     * @throws io.jbroker.data.DecodeException as {@code JsonFormat} does
     */
    public static DataMessage decode(byte[] frame) {
        DataMessage m = tryFast(frame);
        return m != null ? m : JsonFormat.decodeMessage(frame);
    }

    /** The message, or null if the frame is not of the shape this class reads itself. */
    static DataMessage tryFast(byte[] frame) {
        for (byte b : frame) {
            if (b < 0x20 || b == '\\' || b == 0x7F) { // bytes >= 0x80 are negative
                return null;
            }
        }
        try (JsonParser p = FACTORY.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            boolean type = false, topicSeen = false, dataType = false, dataSeen = false;
            String topic = null;
            String typeName = null;
            Data value = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "type" -> {
                        if (type || v != JsonToken.VALUE_STRING || !"data-message".equals(p.getText())) {
                            return null;
                        }
                        type = true;
                    }
                    case "topic" -> {
                        if (topicSeen || v != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        topicSeen = true;
                        topic = p.getText();
                    }
                    case "@data-type" -> {
                        if (dataType || v != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        dataType = true;
                        typeName = p.getText();
                    }
                    case "data" -> {
                        if (dataSeen || !dataType) {
                            return null;
                        }
                        dataSeen = true;
                        value = data(p, typeName, 0);
                        if (value == null) {
                            return null;
                        }
                    }
                    default -> {
                        if (!skip(p, v)) {
                            return null;
                        }
                    }
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            if (!type || topic == null || topic.isEmpty() || !dataType) {
                return null;
            }
            if (!dataSeen) {
                if (!"none".equals(typeName)) {
                    return null;
                }
                value = Data.none();
            }
            return new DataMessage(Topic.ofBytes(topic.getBytes(StandardCharsets.US_ASCII)), value);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Skips a value the decoder ignores. Jackson checks its syntax; JsonFormat also rejects numbers
     * beyond 64 bits anywhere, so such a number (or one near the limit) leaves it to JsonFormat.
     */
    private static boolean skip(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT && v != JsonToken.START_ARRAY) {
            return plainNumberOrOther(p, v);
        }
        int open = 1;
        while (open > 0) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return false;
            }
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                open++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                open--;
            } else if (!plainNumberOrOther(p, t)) {
                return false;
            }
        }
        return true;
    }

    private static boolean plainNumberOrOther(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return fitsLong(p);
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return real(p.getText()) != null;
        }
        return true;
    }

    /** A value object whose {@code @data-type} was read; the parser is at its {@code data} token. */
    private static Data data(JsonParser p, String type, int depth) throws IOException {
        JsonToken t = p.currentToken();
        switch (type) {
            case "none":
                return skip(p, t) ? Data.none() : null; // JsonFormat ignores the data of none
            case "boolean":
                return t == JsonToken.VALUE_TRUE
                        ? Data.bool(true)
                        : t == JsonToken.VALUE_FALSE ? Data.bool(false) : null;
            case "count":
                if (t != JsonToken.VALUE_NUMBER_INT || !fitsLong(p)) {
                    return null;
                }
                long c = p.getLongValue();
                return c >= 0 ? Data.count(c) : null;
            case "integer":
                return t == JsonToken.VALUE_NUMBER_INT && fitsLong(p) ? Data.integer(p.getLongValue()) : null;
            case "real":
                return t == JsonToken.VALUE_NUMBER_FLOAT ? real(p.getText()) : null;
            case "string":
                return t == JsonToken.VALUE_STRING ? Data.string(p.getText()) : null;
            case "enum-value":
                return t == JsonToken.VALUE_STRING ? Data.enumValue(p.getText()) : null;
            case "vector":
                return t == JsonToken.START_ARRAY && depth < MAX_DEPTH ? vector(p, depth) : null;
            default:
                return null; // the types JsonFormat parses from text, sets, tables
        }
    }

    private static boolean fitsLong(JsonParser p) throws IOException {
        JsonParser.NumberType n = p.getNumberType();
        return n == JsonParser.NumberType.INT || n == JsonParser.NumberType.LONG;
    }

    /** Broker reads the integer part as a 64-bit integer first; long ones are left to JsonFormat. */
    private static Data real(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch >= '0' && ch <= '9') {
                digits++;
            } else if (ch != '-') {
                break;
            }
        }
        return digits > 18 ? null : Data.real(Double.parseDouble(text));
    }

    private static Data vector(JsonParser p, int depth) throws IOException {
        List<Data> items = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            Data item = valueObject(p, depth + 1);
            if (item == null) {
                return null;
            }
            if (items == null) {
                items = new ArrayList<>(4);
            }
            items.add(item);
        }
        if (t != JsonToken.END_ARRAY) {
            return null;
        }
        return Data.vector(items == null ? NO_DATA : items.toArray(NO_DATA));
    }

    /** A value object; the parser is at its START_OBJECT and ends at its END_OBJECT. */
    private static Data valueObject(JsonParser p, int depth) throws IOException {
        String type = null;
        Data value = null;
        boolean dataSeen = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("@data-type")) {
                if (type != null || v != JsonToken.VALUE_STRING) {
                    return null;
                }
                type = p.getText();
            } else if (name.equals("data")) {
                if (dataSeen || type == null) {
                    return null;
                }
                dataSeen = true;
                value = data(p, type, depth);
                if (value == null) {
                    return null;
                }
            } else if (!skip(p, v)) {
                return null;
            }
        }
        if (t != JsonToken.END_OBJECT || type == null) {
            return null;
        }
        if (!dataSeen) {
            return type.equals("none") ? Data.none() : null;
        }
        return value;
    }
}
