package io.jbroker;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.UUID;

/**
 * The 16-byte identity of a Broker endpoint (a UUID). Ordered by unsigned byte-wise comparison,
 * which decides the handshake originator (the smaller ID). The nil ID (all zeros) means "none" or
 * "not addressed". Immutable.
 */
public final class EndpointId implements Comparable<EndpointId> {
    /** The all-zero ID. */
    public static final EndpointId NIL = new EndpointId(0, 0);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final long hi;
    private final long lo;

    private EndpointId(long hi, long lo) {
        this.hi = hi;
        this.lo = lo;
    }

    /** A new random version-4 UUID with the RFC 4122 variant, as jbroker endpoints use. */
    public static EndpointId random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0F) | 0x40);
        b[8] = (byte) ((b[8] & 0x3F) | 0x80);
        return fromBytes(b, 0);
    }

    /** The ID whose big-endian halves are {@code high} and {@code low}. */
    public static EndpointId of(long high, long low) {
        return high == 0 && low == 0 ? NIL : new EndpointId(high, low);
    }

    /** The ID stored in 16 bytes at {@code offset}. */
    public static EndpointId fromBytes(byte[] b, int offset) {
        java.util.Objects.checkFromIndexSize(offset, 16, b.length);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[offset + i] & 0xFF);
            lo = (lo << 8) | (b[offset + 8 + i] & 0xFF);
        }
        return of(hi, lo);
    }

    /** The ID with the same 128 bits as {@code uuid}. */
    public static EndpointId of(UUID uuid) {
        return of(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    /**
     * Parses the text form {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} (ASCII hex digits, either
     * case). Any version nibble is accepted, unlike Broker's parser, which rejects non-nil IDs of
     * version 0 or above 5.
     *
     * @throws IllegalArgumentException if the text is not in that form
     */
    public static EndpointId parse(String text) {
        if (text.length() != 36
                || text.charAt(8) != '-'
                || text.charAt(13) != '-'
                || text.charAt(18) != '-'
                || text.charAt(23) != '-') {
            throw new IllegalArgumentException("not a UUID: " + text);
        }
        long hi = 0;
        long lo = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            if (c == '-' && (i == 8 || i == 13 || i == 18 || i == 23)) {
                continue;
            }
            int v = hexValue(c);
            if (v < 0) {
                throw new IllegalArgumentException("not a UUID: " + text);
            }
            if (digits < 16) {
                hi = (hi << 4) | v;
            } else {
                lo = (lo << 4) | v;
            }
            digits++;
        }
        return of(hi, lo);
    }

    /** The value of an ASCII hex digit, or -1 ({@link Character#digit} would accept other scripts). */
    private static int hexValue(char c) {
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

    /** Writes the 16 bytes at {@code offset}. */
    public void writeTo(byte[] dst, int offset) {
        java.util.Objects.checkFromIndexSize(offset, 16, dst.length);
        for (int i = 7; i >= 0; i--) {
            dst[offset + i] = (byte) (hi >>> (8 * (7 - i)));
            dst[offset + 8 + i] = (byte) (lo >>> (8 * (7 - i)));
        }
    }

    /** The 16 bytes, big-endian (as on the wire). */
    public byte[] toBytes() {
        byte[] b = new byte[16];
        writeTo(b, 0);
        return b;
    }

    public UUID toUuid() {
        return new UUID(hi, lo);
    }

    public long high() {
        return hi;
    }

    public long low() {
        return lo;
    }

    public boolean isNil() {
        return hi == 0 && lo == 0;
    }

    @Override
    public int compareTo(EndpointId o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EndpointId && ((EndpointId) o).hi == hi && ((EndpointId) o).lo == lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi) * 31 + Long.hashCode(lo);
    }

    /** Lowercase {@code 8-4-4-4-12} hex, as Broker prints IDs. */
    @Override
    public String toString() {
        return toUuid().toString().toLowerCase(Locale.ROOT);
    }
}
