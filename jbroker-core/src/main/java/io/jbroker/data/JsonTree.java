package io.jbroker.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed JSON document, classified the way Broker's JSON parser (CAF) classifies values:
 * integers are int64 or, above int64's maximum, uint64; a number with a fraction or exponent (or
 * the bare token {@code nan}) is a real; strings are raw bytes. Every node remembers the offset of
 * its first character so conversion errors can point at it. Built once by {@link JsonReader}, then
 * only read.
 */
final class JsonTree {
    enum Kind {
        NULL,
        BOOLEAN,
        INT64,
        UINT64,
        REAL,
        STRING,
        ARRAY,
        OBJECT
    }

    final Kind kind;
    final long offset;
    long bits;
    double real;
    byte[] string;
    List<JsonTree> items;
    List<String> names;

    private JsonTree(Kind kind, long offset) {
        this.kind = kind;
        this.offset = offset;
    }

    static JsonTree nul(long offset) {
        return new JsonTree(Kind.NULL, offset);
    }

    static JsonTree bool(long offset, boolean value) {
        JsonTree t = new JsonTree(Kind.BOOLEAN, offset);
        t.bits = value ? 1 : 0;
        return t;
    }

    static JsonTree integer(long offset, long bits, boolean unsigned) {
        JsonTree t = new JsonTree(unsigned ? Kind.UINT64 : Kind.INT64, offset);
        t.bits = bits;
        return t;
    }

    static JsonTree real(long offset, double value) {
        JsonTree t = new JsonTree(Kind.REAL, offset);
        t.real = value;
        return t;
    }

    static JsonTree string(long offset, byte[] bytes) {
        JsonTree t = new JsonTree(Kind.STRING, offset);
        t.string = bytes;
        return t;
    }

    static JsonTree array(long offset) {
        JsonTree t = new JsonTree(Kind.ARRAY, offset);
        t.items = new ArrayList<>();
        return t;
    }

    /** An object; member names are kept as ISO-8859-1 strings (one char per raw byte). */
    static JsonTree object(long offset) {
        JsonTree t = new JsonTree(Kind.OBJECT, offset);
        t.items = new ArrayList<>();
        t.names = new ArrayList<>();
        return t;
    }

    /** The first member with this (ASCII) name, or {@code null}. */
    JsonTree member(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                return items.get(i);
            }
        }
        return null;
    }

    /** The string's bytes as ISO-8859-1 (one char per byte), for matching ASCII syntax. */
    String latin1() {
        return new String(string, StandardCharsets.ISO_8859_1);
    }

    /** What this node is, for error messages. */
    String describe() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
