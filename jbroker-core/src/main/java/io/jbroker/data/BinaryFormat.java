package io.jbroker.data;

/**
 * Broker's native binary encoding of data, {@code format::bin::v1}: one tag byte, then a
 * type-specific body (big-endian fixed-width numbers, varbyte lengths, nested containers). This is
 * exactly the payload of a data envelope on the wire.
 *
 * <p>Decoding is strict and bounded: every length is checked against the bytes that remain before
 * anything is allocated (a claimed element count allocates at most a small fixed amount until the
 * elements actually arrive, so nested claims cannot multiply memory use), nesting is limited to
 * {@link #MAX_NESTING_DEPTH} containers, and any malformed input raises a {@link DecodeException}
 * with the offset of the fault. Like Broker, the decoder accepts unsorted sets and tables (and
 * sorts them), non-minimal varbytes and any non-zero boolean byte, rejects duplicate elements and
 * keys, and requires the input to hold exactly one value.
 *
 * <p>Deliberate deviation from Broker: a varbyte length longer than 5 bytes or of 2^32 and above is
 * rejected (Broker accepts it by dropping the high bits in a C++ shift overflow).
 *
 * <p>Known limit: where set elements or table keys hold NaN reals inside nested containers, Broker's
 * order is not transitive, and for such pathological input the element order or the duplicate
 * verdict may differ from Broker's {@code std::set}. A NaN directly in a set, such as {@code {1.0,
 * NaN}} (a duplicate), is handled like Broker.
 *
 * <p>All methods are thread-safe.
 */
public final class BinaryFormat {
    /**
     * The deepest container nesting accepted by the decoder and encoder. Broker itself has no limit
     * and accepts a 1000-level vector, so this is set above that. For values within this depth,
     * encoding, decoding, {@code compareTo}, {@code equals}, {@code hashCode} and {@code toString}
     * fit in a thread stack of 512 KiB (each level costs about two small frames).
     */
    public static final int MAX_NESTING_DEPTH = 1024;

    private BinaryFormat() {}

    /** Encodes a value into a new array of exactly {@link #encodedSize} bytes. */
    public static byte[] encode(Data value) {
        return BinaryEncoder.encode(value, 0);
    }

    /**
     * Encodes a value into a new array that starts with {@code prefix} zero bytes, for callers that
     * put a header in front (a frame), so the encoding is never copied again.
     */
    public static byte[] encodeWithPrefix(Data value, int prefix) {
        if (prefix < 0) {
            throw new IllegalArgumentException("negative prefix: " + prefix);
        }
        return BinaryEncoder.encode(value, prefix);
    }

    /**
     * Writes a value at {@code offset} and returns the offset after it.
     *
     * @throws IndexOutOfBoundsException if {@code dst} is too small (check {@link #encodedSize})
     */
    public static int encode(Data value, byte[] dst, int offset) {
        return BinaryEncoder.encodeInto(value, dst, offset); // no intermediate array
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

    /** A value decoded from the front of a byte range, and the offset just after it. */
    public record Prefix(Data value, int end) {}

    /**
     * Decodes the one value that starts at {@code offset}, within {@code length} bytes, for formats
     * that embed values between other fields (store commands); the bytes after it are not looked
     * at. Same rules and bounds as {@link #decode}; strings are copied.
     *
     * @throws DecodeException if no complete, well-formed value starts there
     */
    public static Prefix decodePrefix(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        BinaryDecoder d = new BinaryDecoder(bytes, offset, length, false);
        Data value = d.decodeNext();
        return new Prefix(value, d.position());
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
