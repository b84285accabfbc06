package io.jbroker.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Broker's {@code string}: a sequence of raw bytes. Zeek strings need not be UTF-8, so the bytes
 * are kept exactly; {@link #asString()} decodes them as UTF-8 (with replacement characters for
 * invalid sequences) for display.
 *
 * <p>Instances are immutable. A value decoded with {@link BinaryFormat#decodeShared} refers to the
 * decoded buffer instead of copying it.
 */
public final class StringValue implements Data {
    private static final byte[] EMPTY_BYTES = new byte[0];

    /** The empty string. */
    public static final StringValue EMPTY = new StringValue(EMPTY_BYTES, 0, 0);

    private final byte[] bytes;
    private final int offset;
    private final int length;
    private int hash;

    private StringValue(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    /** The UTF-8 encoding of {@code s}. */
    public static StringValue of(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new StringValue(b, 0, b.length);
    }

    /** A copy of the given raw bytes. */
    public static StringValue ofBytes(byte[] raw) {
        return new StringValue(raw.clone(), 0, raw.length);
    }

    /** A copy of {@code length} raw bytes at {@code offset}. */
    public static StringValue ofBytes(byte[] raw, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, raw.length);
        return new StringValue(Arrays.copyOfRange(raw, offset, offset + length), 0, length);
    }

    /** Wraps bytes the caller guarantees never to modify (decoder use). */
    static StringValue wrap(byte[] raw, int offset, int length) {
        return length == 0 ? EMPTY : new StringValue(raw, offset, length);
    }

    /** Number of bytes. */
    public int length() {
        return length;
    }

    /** A copy of the raw bytes. */
    public byte[] bytes() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /** The byte at {@code index}. */
    public byte byteAt(int index) {
        Objects.checkIndex(index, length);
        return bytes[offset + index];
    }

    /** The bytes decoded as UTF-8, invalid sequences replaced by U+FFFD. */
    public String asString() {
        return ByteSlices.utf8(bytes, offset, length);
    }

    /** Whether the bytes are valid UTF-8. */
    public boolean isValidUtf8() {
        return Utf8.isValid(bytes, offset, length);
    }

    byte[] array() {
        return bytes;
    }

    int offset() {
        return offset;
    }

    int compareBytes(StringValue o) {
        return ByteSlices.compare(bytes, offset, length, o.bytes, o.offset, o.length);
    }

    @Override
    public DataType type() {
        return DataType.STRING;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof StringValue)) {
            return false;
        }
        StringValue s = (StringValue) o;
        return length == s.length && ByteSlices.equals(bytes, offset, length, s.bytes, s.offset, s.length);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = ByteSlices.hash(bytes, offset, length);
            hash = h;
        }
        return h;
    }

    /** Broker's text form: the string itself, unquoted (decoded as UTF-8 for Java). */
    @Override
    public String toString() {
        return asString();
    }
}
