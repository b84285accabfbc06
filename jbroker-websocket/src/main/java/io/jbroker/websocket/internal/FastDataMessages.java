package io.jbroker.websocket.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.data.DataType;
import io.jbroker.data.JsonFormat;
import io.jbroker.data.JsonNames;
import io.jbroker.data.SetValue;
import io.jbroker.data.StringValue;
import io.jbroker.data.TableValue;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
 * before {@code data} in every value object, of any type, nested at most {@link #MAX_DEPTH}
 * containers, with no duplicate set element or table key. Address, subnet, port, timestamp and
 * timespan text goes through {@link JsonFormat#decodeText}, JsonFormat's own rule, and text that
 * rule rejects goes back to JsonFormat. For such a frame the result equals {@code JsonFormat}'s;
 * anything else (including every invalid frame) returns to {@code JsonFormat}, so results and
 * errors are unchanged. Stateless and thread-safe.
 *
 * <p>How it stays cheap: keys are matched against their expected bytes in the order Zeek and
 * Broker write them ({@link JsonParser#nextFieldName(com.fasterxml.jackson.core.SerializableString)}),
 * with the general lookup only when a frame has another order; type names and strings are read
 * from the frame's bytes at the token's offset (no {@code String} per token).
 */
public final class FastDataMessages {
    static final int MAX_DEPTH = 32;

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final SerializedString TYPE = new SerializedString(JsonNames.TYPE);
    private static final SerializedString TOPIC = new SerializedString(JsonNames.TOPIC);
    private static final SerializedString DATA_TYPE = new SerializedString(JsonNames.DATA_TYPE);
    private static final SerializedString DATA = new SerializedString(JsonNames.DATA);
    private static final SerializedString KEY = new SerializedString(JsonNames.KEY);
    private static final SerializedString VALUE = new SerializedString(JsonNames.VALUE);

    /**
     * Type codes: the {@link DataType#tag()}s, or {@link #UNKNOWN}. Written out rather than read
     * from {@code DataType}, as the decode switch needs compile-time constants; a test pins each
     * to its tag.
     */
    static final int UNKNOWN = -1, NONE = 0, BOOLEAN = 1, COUNT = 2, INTEGER = 3, REAL = 4, STRING = 5;

    static final int ADDRESS = 6, SUBNET = 7, PORT = 8, TIMESTAMP = 9, TIMESPAN = 10;
    static final int ENUM = 11, SET = 12, TABLE = 13, VECTOR = 14;
    /** The type names, each with its closing quote, indexed by tag. */
    private static final byte[][] TYPE_NAMES = typeNames();

    private static final byte[] DATA_MESSAGE = quoted(JsonNames.DATA_MESSAGE);
    private static final Data[] NO_DATA = new Data[0];

    private FastDataMessages() {}

    private static byte[] quoted(String name) {
        return (name + "\"").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[][] typeNames() {
        DataType[] types = DataType.values();
        byte[][] names = new byte[types.length][];
        for (DataType t : types) {
            names[t.tag()] = quoted(t.jsonName());
        }
        return names;
    }

    /**
     * The message in {@code frame}, as {@link JsonFormat#decodeMessage(byte[])} returns it.
     *
     * @throws io.jbroker.data.DecodeException as {@code JsonFormat} does
     */
    public static DataMessage decode(byte[] frame) {
        return decode(frame, 0, frame.length, null);
    }

    /**
     * The message in the {@code length} bytes of {@code buf} at {@code offset}, as {@link
     * JsonFormat#decodeMessage(byte[])} returns it for those bytes.
     *
     * @param previous a topic to reuse if the frame's topic has the same bytes (saves an
     *     allocation per frame on a stream of one topic), or null
     * @throws io.jbroker.data.DecodeException as {@code JsonFormat} does
     */
    public static DataMessage decode(byte[] buf, int offset, int length, Topic previous) {
        DataMessage m = tryFast(buf, offset, length, previous);
        if (m != null) {
            return m;
        }
        return JsonFormat.decodeMessage(
                offset == 0 && length == buf.length ? buf : Arrays.copyOfRange(buf, offset, offset + length));
    }

    /** The message, or null if the frame is not of the shape this class reads itself. */
    static DataMessage tryFast(byte[] frame) {
        return tryFast(frame, 0, frame.length, null);
    }

    static DataMessage tryFast(byte[] buf, int offset, int length, Topic previous) {
        int end = offset + length;
        if (!plainAscii(buf, offset, end)) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(buf, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Reader r = new Reader(p, buf, offset, end);
            boolean type = false, dataType = false, dataSeen = false;
            Topic topic = null;
            int typeCode = UNKNOWN;
            Data value = null;
            String name;
            SerializedString expected = TYPE;
            while ((name = r.nextName(expected)) != null) {
                JsonToken v = p.nextToken();
                switch (name) {
                    case JsonNames.TYPE -> {
                        if (type || v != JsonToken.VALUE_STRING || !r.stringIs(DATA_MESSAGE)) {
                            return null;
                        }
                        type = true;
                        expected = TOPIC;
                    }
                    case JsonNames.TOPIC -> {
                        if (topic != null || v != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        int start = r.stringStart();
                        int len = r.stringLength(start);
                        if (len <= 0) {
                            return null; // empty (JsonFormat rejects it) or unterminated
                        }
                        topic = previous != null && previous.contentEquals(buf, start, len)
                                ? previous
                                : Topic.ofBytes(buf, start, len);
                        expected = DATA_TYPE;
                    }
                    case JsonNames.DATA_TYPE -> {
                        if (dataType || v != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        dataType = true;
                        typeCode = r.typeCode();
                        expected = DATA;
                    }
                    case JsonNames.DATA -> {
                        if (dataSeen || !dataType) {
                            return null;
                        }
                        dataSeen = true;
                        value = r.data(typeCode, 0);
                        if (value == null) {
                            return null;
                        }
                        expected = TYPE;
                    }
                    default -> {
                        if (!skip(p, v)) {
                            return null;
                        }
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            if (!type || topic == null || !dataType) {
                return null;
            }
            if (!dataSeen) {
                if (typeCode != NONE) {
                    return null;
                }
                value = Data.none();
            }
            return new DataMessage(topic, value);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * Whether the bytes are all printable ASCII (0x20 to 0x7E) and none is a backslash; eight at a
     * time (a byte loop took a fifth of the decoding time).
     */
    static boolean plainAscii(byte[] buf, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(buf, i);
            long backslash = x ^ (ONES * '\\');
            long del = x ^ (ONES * 0x7F);
            // With no high bit set, these are exact: a byte below 0x20, a zero byte.
            if ((x & HIGH_BITS) != 0
                    || ((x - ONES * 0x20) & ~x & HIGH_BITS) != 0
                    || ((backslash - ONES) & ~backslash & HIGH_BITS) != 0
                    || ((del - ONES) & ~del & HIGH_BITS) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            byte b = buf[i];
            if (b < 0x20 || b == '\\' || b == 0x7F) { // bytes >= 0x80 are negative
                return false;
            }
        }
        return true;
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

    /** One frame's parser with the frame's bytes, for reading string tokens in place. */
    private static final class Reader {
        private final JsonParser p;
        private final byte[] buf;
        private final int offset;
        private final int end;
        /** Items of the arrays being read, innermost last; {@link #top} is the first free slot. */
        private Data[] stack = new Data[32];

        private int top;

        Reader(JsonParser p, byte[] buf, int offset, int end) {
            this.p = p;
            this.buf = buf;
            this.offset = offset;
            this.end = end;
        }

        /**
         * The next key: {@code expected}'s own string when the key has its bytes (the common order,
         * matched without a lookup), else the key as Jackson reads it; null at the end of the object
         * (or at anything that is not a key).
         */
        String nextName(SerializedString expected) throws IOException {
            if (p.nextFieldName(expected)) {
                return expected.getValue();
            }
            return p.currentToken() == JsonToken.FIELD_NAME ? p.currentName() : null;
        }

        /** Where the current string token's content starts in {@code buf} (after its quote). */
        int stringStart() throws IOException {
            return offset + (int) p.currentTokenLocation().getByteOffset() + 1;
        }

        /**
         * The length of the string starting at {@code start}: up to the next quote (the frame has no
         * backslashes), or -1 if the frame has none.
         */
        int stringLength(int start) {
            for (int i = start; i < end; i++) {
                if (buf[i] == '"') {
                    return i - start;
                }
            }
            return -1;
        }

        /** Whether the current string token is exactly {@code quotedName} (content and closing quote). */
        boolean stringIs(byte[] quotedName) throws IOException {
            return hasAt(stringStart(), quotedName);
        }

        /** The code of the current string token as a type name, or {@link #UNKNOWN}. */
        int typeCode() throws IOException {
            int start = stringStart();
            if (start >= end) {
                return UNKNOWN;
            }
            int code =
                    switch (buf[start]) {
                        case 'n' -> NONE;
                        case 'b' -> BOOLEAN;
                        case 'c' -> COUNT;
                        case 'i' -> INTEGER;
                        case 'r' -> REAL;
                        case 's' -> secondIs(start, 't') ? STRING : secondIs(start, 'e') ? SET : SUBNET;
                        case 'a' -> ADDRESS;
                        case 'p' -> PORT;
                        case 't' -> secondIs(start, 'a') ? TABLE : timeType(start);
                        case 'e' -> ENUM;
                        case 'v' -> VECTOR;
                        default -> UNKNOWN;
                    };
            // The first bytes only choose a candidate; the whole name must match.
            return code != UNKNOWN && hasAt(start, TYPE_NAMES[code]) ? code : UNKNOWN;
        }

        private boolean secondIs(int start, char c) {
            return start + 1 < end && buf[start + 1] == c;
        }

        /** timestamp or timespan, told apart by their sixth byte. */
        private int timeType(int start) {
            return start + 5 < end && buf[start + 5] == 'p' ? TIMESPAN : TIMESTAMP;
        }

        private boolean hasAt(int start, byte[] quotedName) {
            if (start + quotedName.length > end) {
                return false;
            }
            for (int i = 0; i < quotedName.length; i++) {
                if (buf[start + i] != quotedName[i]) {
                    return false;
                }
            }
            return true;
        }

        /** A value object's data; the parser is at its {@code data} token. */
        Data data(int type, int depth) throws IOException {
            JsonToken t = p.currentToken();
            switch (type) {
                case NONE:
                    return skip(p, t) ? Data.none() : null; // JsonFormat ignores the data of none
                case BOOLEAN:
                    return t == JsonToken.VALUE_TRUE
                            ? Data.bool(true)
                            : t == JsonToken.VALUE_FALSE ? Data.bool(false) : null;
                case COUNT:
                    if (t != JsonToken.VALUE_NUMBER_INT) {
                        return null;
                    }
                    if (!fitsLong(p)) { // up to 2^64 - 1, as JsonFormat reads it
                        BigInteger big = p.getBigIntegerValue();
                        return big.signum() > 0 && big.bitLength() <= 64 ? Data.count(big.longValue()) : null;
                    }
                    long c = p.getLongValue();
                    return c >= 0 ? Data.count(c) : null;
                case INTEGER:
                    return t == JsonToken.VALUE_NUMBER_INT && fitsLong(p) ? Data.integer(p.getLongValue()) : null;
                case REAL:
                    return t == JsonToken.VALUE_NUMBER_FLOAT ? real(p.getText()) : null;
                case STRING:
                    return t == JsonToken.VALUE_STRING ? string() : null;
                case ENUM:
                    return t == JsonToken.VALUE_STRING ? Data.enumValue(p.getText()) : null;
                case ADDRESS, SUBNET, PORT, TIMESTAMP, TIMESPAN:
                    return t == JsonToken.VALUE_STRING ? text(type) : null;
                case VECTOR:
                    if (t != JsonToken.START_ARRAY || depth >= MAX_DEPTH) {
                        return null;
                    }
                    Data[] items = items(depth);
                    return items == null ? null : Data.vector(items);
                case SET:
                    return t == JsonToken.START_ARRAY && depth < MAX_DEPTH ? set(depth) : null;
                case TABLE:
                    return t == JsonToken.START_ARRAY && depth < MAX_DEPTH ? table(depth) : null;
                default:
                    return null;
            }
        }

        /**
         * A value JsonFormat reads from text, by JsonFormat's own rule: the frame has no escapes
         * and only ASCII, so the token's text is the string JsonFormat passes to that rule. Text
         * the rule rejects is left to JsonFormat, which reports it.
         */
        private Data text(int type) throws IOException {
            try {
                return JsonFormat.decodeText(DataType.fromTag(type), p.getText());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /**
         * A set: JsonFormat sorts the elements, and a duplicate (under Broker's order) is an error
         * it reports, so a set with fewer distinct elements than items is left to it.
         */
        private Data set(int depth) throws IOException {
            Data[] items = items(depth);
            if (items == null) {
                return null;
            }
            SetValue set = Data.set(items);
            return set.size() == items.length ? set : null;
        }

        /**
         * A table of entries {@code {"key":<value>,"value":<value>}} (other members ignored, as
         * JsonFormat does); as for sets, a duplicate key is left to JsonFormat.
         */
        private Data table(int depth) throws IOException {
            TableValue.Builder b = null;
            int entries = 0;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                Data key = null, value = null;
                String name;
                SerializedString expected = KEY;
                while ((name = nextName(expected)) != null) {
                    JsonToken v = p.nextToken();
                    if (name.equals(JsonNames.KEY) || name.equals(JsonNames.VALUE)) {
                        boolean isKey = name.equals(JsonNames.KEY);
                        if ((isKey ? key : value) != null || v != JsonToken.START_OBJECT) {
                            return null;
                        }
                        Data d = valueObject(depth + 1);
                        if (d == null) {
                            return null;
                        }
                        if (isKey) {
                            key = d;
                            expected = VALUE;
                        } else {
                            value = d;
                            expected = KEY;
                        }
                    } else if (!skip(p, v)) {
                        return null;
                    }
                }
                if (p.currentToken() != JsonToken.END_OBJECT || key == null || value == null) {
                    return null;
                }
                if (b == null) {
                    b = TableValue.builder();
                }
                b.put(key, value);
                entries++;
            }
            if (t != JsonToken.END_ARRAY) {
                return null;
            }
            if (b == null) {
                return TableValue.EMPTY;
            }
            TableValue table = b.build();
            return table.size() == entries ? table : null;
        }

        private Data string() throws IOException {
            int start = stringStart();
            int len = stringLength(start);
            return len < 0 ? null : StringValue.ofBytes(buf, start, len);
        }

        /**
         * The value objects of an array; the parser is at its START_ARRAY. Null if one is not read.
         * They are collected on the frame's {@link #stack}, shared by all nesting levels (a list per
         * array grew several times for a conn.log line).
         */
        private Data[] items(int depth) throws IOException {
            int base = top;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                Data item = valueObject(depth + 1);
                if (item == null) {
                    return null;
                }
                if (top == stack.length) {
                    stack = Arrays.copyOf(stack, top * 2);
                }
                stack[top++] = item;
            }
            if (t != JsonToken.END_ARRAY) {
                return null;
            }
            Data[] items = top == base ? NO_DATA : Arrays.copyOfRange(stack, base, top);
            top = base;
            return items;
        }

        /** A value object; the parser is at its START_OBJECT and ends at its END_OBJECT. */
        private Data valueObject(int depth) throws IOException {
            int type = UNKNOWN;
            boolean typeSeen = false;
            Data value = null;
            boolean dataSeen = false;
            String name;
            SerializedString expected = DATA_TYPE;
            while ((name = nextName(expected)) != null) {
                JsonToken v = p.nextToken();
                if (name.equals(JsonNames.DATA_TYPE)) {
                    if (typeSeen || v != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    typeSeen = true;
                    type = typeCode();
                    expected = DATA;
                } else if (name.equals(JsonNames.DATA)) {
                    if (dataSeen || !typeSeen) {
                        return null;
                    }
                    dataSeen = true;
                    value = data(type, depth);
                    if (value == null) {
                        return null;
                    }
                    expected = DATA_TYPE;
                } else if (!skip(p, v)) {
                    return null;
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || !typeSeen) {
                return null;
            }
            if (!dataSeen) {
                return type == NONE ? Data.none() : null;
            }
            return value;
        }
    }
}
