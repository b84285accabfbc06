package io.jbroker.cli;

import io.jbroker.data.DecodeException;

/** Hexadecimal text for byte strings: lower-case output, either case accepted on input. */
final class Hex {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Hex() {}

    /**
     * Parses the hex digits in {@code text[start, end)}.
     *
     * @throws DecodeException at the index into {@code text} of the first character that is not a
     *     hex digit, or of the last digit if their number is odd
     */
    static byte[] decode(byte[] text, int start, int end) {
        byte[] out = new byte[(end - start) / 2];
        for (int i = start; i < end; i++) {
            int digit = digit(text[i]);
            if (digit < 0) {
                throw DecodeException.binary(i, "invalid hex digit " + describe(text[i]));
            }
            int k = i - start;
            if ((k & 1) == 0) {
                if (i + 1 == end) {
                    throw DecodeException.binary(i, "odd number of hex digits");
                }
                out[k >> 1] = (byte) (digit << 4);
            } else {
                out[k >> 1] |= (byte) digit;
            }
        }
        return out;
    }

    /** The lower-case hex digits of {@code bytes}, as ASCII bytes. */
    static byte[] encode(byte[] bytes) {
        byte[] out = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return out;
    }

    private static int digit(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static String describe(byte c) {
        return c >= 0x21 && c < 0x7f ? "'" + (char) c + "'" : String.format("0x%02x", c & 0xff);
    }
}
