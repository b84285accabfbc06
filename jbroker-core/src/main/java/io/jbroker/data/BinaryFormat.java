package io.jbroker.data;

/**
 * Broker's native binary encoding of data, {@code format::bin::v1}: one tag byte, then a
 * type-specific body (big-endian fixed-width numbers, varbyte lengths, nested containers). This is
 * exactly the payload of a data envelope on the wire.
 *
 * <p>Decoding is strict and bounded: every length is checked against the bytes that remain before
 * anything is allocated, nesting is limited to {@link #MAX_NESTING_DEPTH} containers, and any
 * malformed input raises a {@link DecodeException} with the offset of the fault. Like Broker, the
 * decoder accepts unsorted sets and tables (and sorts them), rejects duplicate elements and keys,
 * and requires the input to hold exactly one value.
 *
 * <p>All methods are thread-safe.
 */
public final class BinaryFormat {
    /**
     * The deepest container nesting accepted by the decoder and encoder. Broker itself has no limit
     * and accepts a 1000-level vector, so this is set above that.
     */
    public static final int MAX_NESTING_DEPTH = 1024;

    private BinaryFormat() {}

    /** Encodes a value into a new array of exactly {@link #encodedSize} bytes. */
    public static byte[] encode(Data value) {
        byte[] out = new byte[encodedSize(value)];
        BinaryEncoder.write(value, out, 0);
        return out;
    }

    /**
     * Writes a value at {@code offset} and returns the offset after it.
     *
     * @throws IndexOutOfBoundsException if {@code dst} is too small (check {@link #encodedSize})
     */
    public static int encode(Data value, byte[] dst, int offset) {
        int size = encodedSize(value);
        java.util.Objects.checkFromIndexSize(offset, size, dst.length);
        return BinaryEncoder.write(value, dst, offset);
    }

    /** The number of bytes {@link #encode} writes for this value. */
    public static int encodedSize(Data value) {
        return BinaryEncoder.size(value, 0);
    }

    /** Decodes exactly one value filling the whole array; strings are copied out. */
    public static Data decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes exactly one value filling {@code length} bytes at {@code offset}; strings are copied. */
    public static Data decode(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        return new BinaryDecoder(bytes, offset, length, false).decodeOne();
    }

    /**
     * Like {@link #decode(byte[], int, int)} but without copying string bytes: the result refers to
     * {@code bytes}, which the caller must never modify afterwards. For decoding received frames
     * that are already private, immutable copies.
     */
    public static Data decodeShared(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        return new BinaryDecoder(bytes, offset, length, true).decodeOne();
    }

    /**
     * Checks that {@code length} bytes at {@code offset} hold exactly one well-formed value (every
     * rule of {@link #decode}, including duplicate detection) without building it.
     *
     * @throws DecodeException if they do not
     */
    public static void validate(byte[] bytes, int offset, int length) {
        decodeShared(bytes, offset, length);
    }
}
