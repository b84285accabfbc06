package io.jbroker.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Broker's {@code enum_value}: the symbolic name of an enumeration constant (for example {@code
 * Conn::LOG}). Only the name travels on the wire; it is kept as raw bytes.
 */
public final class EnumValue implements Data {
    private final byte[] bytes;
    private final int offset;
    private final int length;
    private int hash;

    private EnumValue(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    public static EnumValue of(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return new EnumValue(b, 0, b.length);
    }

    /** A copy of the given raw name bytes. */
    public static EnumValue ofBytes(byte[] raw) {
        return new EnumValue(raw.clone(), 0, raw.length);
    }

    static EnumValue wrap(byte[] raw, int offset, int length) {
        return new EnumValue(raw, offset, length);
    }

    /** The name decoded as UTF-8. */
    public String name() {
        return ByteSlices.utf8(bytes, offset, length);
    }

    /** A copy of the raw name bytes. */
    public byte[] nameBytes() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    public int length() {
        return length;
    }

    byte[] array() {
        return bytes;
    }

    int offset() {
        return offset;
    }

    int compareBytes(EnumValue o) {
        return ByteSlices.compare(bytes, offset, length, o.bytes, o.offset, o.length);
    }

    @Override
    public DataType type() {
        return DataType.ENUM_VALUE;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EnumValue)) {
            return false;
        }
        EnumValue e = (EnumValue) o;
        return length == e.length && ByteSlices.equals(bytes, offset, length, e.bytes, e.offset, e.length);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = ByteSlices.hash(bytes, offset, length) ^ 0x5bd1e995;
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return name();
    }
}
