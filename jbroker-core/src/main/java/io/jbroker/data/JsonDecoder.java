package io.jbroker.data;

import io.jbroker.ErrorCode;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Converts a parsed {@link JsonTree} into a value following Broker's rules (data-format.md §9.4).
 * A value of the wrong shape fails at once with {@link ErrorCode#TYPE_CLASH}. A duplicate set
 * element or table key is only remembered, because Broker finds it later (when it decodes the
 * binary form it built) and reports it as {@link ErrorCode#DESERIALIZATION_FAILED} only if no type
 * clash came first. Single use, not thread-safe.
 */
final class JsonDecoder {
    private static final Data[] NO_DATA = new Data[0];

    private DecodeException duplicate;

    private JsonDecoder() {}

    /** Converts one value object. */
    static Data decode(JsonTree root) {
        JsonDecoder d = new JsonDecoder();
        Data value = d.value(root, 0);
        if (d.duplicate != null) {
            throw d.duplicate;
        }
        return value;
    }

    private Data value(JsonTree node, int depth) {
        if (node.kind != JsonTree.Kind.OBJECT) {
            throw clash(node, "expected a value object, got " + node.describe());
        }
        JsonTree typeNode = node.member(JsonNames.DATA_TYPE);
        if (typeNode == null) {
            throw clash(node, "missing @data-type");
        }
        if (typeNode.kind != JsonTree.Kind.STRING) {
            throw clash(typeNode, "@data-type is not a string");
        }
        DataType type = DataType.fromJsonName(typeNode.latin1());
        if (type == null) {
            throw clash(typeNode, "unknown @data-type " + typeNode.latin1());
        }
        JsonTree data = node.member(JsonNames.DATA);
        if (type == DataType.NONE) {
            return NoneValue.INSTANCE;
        }
        if (data == null) {
            throw clash(node, "missing data");
        }
        switch (type) {
            case BOOLEAN:
                return BooleanValue.of(expect(data, JsonTree.Kind.BOOLEAN, type).bits != 0);
            case COUNT:
                if (data.kind == JsonTree.Kind.UINT64 || (data.kind == JsonTree.Kind.INT64 && data.bits >= 0)) {
                    return CountValue.of(data.bits);
                }
                throw clash(data, "count needs a non-negative integer, got " + data.describe());
            case INTEGER:
                return IntegerValue.of(expect(data, JsonTree.Kind.INT64, type).bits);
            case REAL:
                return RealValue.of(expect(data, JsonTree.Kind.REAL, type).real);
            case STRING:
                return StringValue.wrap(expect(data, JsonTree.Kind.STRING, type).string, 0, data.string.length);
            case ENUM_VALUE:
                return EnumValue.wrap(expect(data, JsonTree.Kind.STRING, type).string, 0, data.string.length);
            case ADDRESS:
            case SUBNET:
            case PORT:
            case TIMESTAMP:
            case TIMESPAN:
                return text(data, type);
            case VECTOR:
                return VectorValue.wrap(items(data, depth, type));
            case SET:
                return set(data, depth);
            default:
                return table(data, depth);
        }
    }

    private Data text(JsonTree data, DataType type) {
        String text = expect(data, JsonTree.Kind.STRING, type).latin1();
        try {
            return parseText(type, text);
        } catch (IllegalArgumentException e) {
            throw clash(data, "invalid " + type.jsonName() + " \"" + text + "\": " + e.getMessage());
        }
    }

    /** The rule of {@link JsonFormat#decodeText}. */
    static Data parseText(DataType type, String text) {
        switch (type) {
            case ADDRESS:
                return AddressValue.parse(ascii(text));
            case SUBNET:
                return SubnetValue.parse(ascii(text));
            case PORT:
                return parsePort(text);
            case TIMESTAMP:
                return TimestampValue.ofNanos(JsonTimes.parseTimestamp(text));
            case TIMESPAN:
                return TimespanValue.ofNanos(JsonTimes.parseTimespan(text));
            default:
                throw new IllegalArgumentException(type.jsonName() + " is not written as text");
        }
    }

    private static String ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                throw new IllegalArgumentException("non-ASCII character");
            }
        }
        return text;
    }

    /**
     * Broker's port text rule: the number is read like C's {@code strtoul} (leading blanks, an
     * optional sign, then digits; none gives 0, overflow gives the maximum) and truncated to 16 bits;
     * no {@code /} means TCP and an unknown protocol word means unknown.
     */
    static PortValue parsePort(String text) {
        int slash = text.indexOf('/');
        Protocol proto = slash < 0 ? Protocol.TCP : Protocol.parse(text.substring(slash + 1));
        int i = 0;
        while (i < text.length() && isCSpace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long n = 0;
        boolean overflow = false;
        for (; i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++) {
            int digit = text.charAt(i) - '0';
            if (Long.compareUnsigned(n, Long.divideUnsigned(-1L - digit, 10)) > 0) {
                overflow = true;
            }
            n = n * 10 + digit;
        }
        if (overflow) {
            n = -1L;
        } else if (negative) {
            n = -n;
        }
        return new PortValue((int) (n & 0xFFFF), proto);
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private Data[] items(JsonTree data, int depth, DataType type) {
        expect(data, JsonTree.Kind.ARRAY, type);
        checkDepth(data, depth);
        List<JsonTree> nodes = data.items;
        Data[] items = new Data[nodes.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = value(nodes.get(i), depth + 1);
        }
        return items.length == 0 ? NO_DATA : items;
    }

    private SetValue set(JsonTree data, int depth) {
        Data[] items = items(data, depth, DataType.SET);
        TreeSet<Data> sorted = new TreeSet<>();
        for (int i = 0; i < items.length; i++) {
            if (!sorted.add(items[i])) {
                recordDuplicate(data.items.get(i), "duplicate set element " + items[i]);
            }
        }
        return SetValue.wrapSorted(sorted.toArray(NO_DATA));
    }

    private TableValue table(JsonTree data, int depth) {
        expect(data, JsonTree.Kind.ARRAY, DataType.TABLE);
        checkDepth(data, depth);
        TreeMap<Data, Data> map = new TreeMap<>();
        for (JsonTree entry : data.items) {
            if (entry.kind != JsonTree.Kind.OBJECT) {
                throw clash(entry, "table entry is not an object");
            }
            JsonTree keyNode = entry.member(JsonNames.KEY);
            JsonTree valueNode = entry.member(JsonNames.VALUE);
            if (keyNode == null || valueNode == null) {
                throw clash(entry, "table entry needs key and value");
            }
            Data key = value(keyNode, depth + 1);
            Data val = value(valueNode, depth + 1);
            if (map.putIfAbsent(key, val) != null) {
                recordDuplicate(keyNode, "duplicate table key " + key);
            }
        }
        return TableValue.wrapSorted(map.keySet().toArray(NO_DATA), map.values().toArray(NO_DATA));
    }

    private static void checkDepth(JsonTree data, int depth) {
        if (depth >= BinaryFormat.MAX_NESTING_DEPTH) {
            throw new DecodeException(
                    ErrorCode.INVALID_JSON,
                    data.offset,
                    "nesting deeper than " + BinaryFormat.MAX_NESTING_DEPTH + " containers");
        }
    }

    private void recordDuplicate(JsonTree at, String reason) {
        if (duplicate == null) {
            duplicate = new DecodeException(ErrorCode.DESERIALIZATION_FAILED, at.offset, reason);
        }
    }

    private static JsonTree expect(JsonTree data, JsonTree.Kind kind, DataType type) {
        if (data.kind != kind) {
            throw clash(
                    data,
                    type.jsonName() + " needs " + kind.name().toLowerCase(java.util.Locale.ROOT) + ", got "
                            + data.describe());
        }
        return data;
    }

    private static DecodeException clash(JsonTree at, String reason) {
        return new DecodeException(ErrorCode.TYPE_CLASH, at.offset, reason);
    }
}
