package io.jbroker.data;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Broker's {@code address}: 16 bytes in network order. IPv4 addresses use the IPv4-mapped layout
 * {@code ::ffff:a.b.c.d}; an address is IPv4 exactly when its first 12 bytes are that prefix.
 * Stored as two longs so comparison and hashing need no array.
 */
public final class AddressValue implements Data {
    private static final long V4_PREFIX_LO = 0x0000_FFFF_0000_0000L;
    private static final long V4_MASK_LO = 0xFFFF_FFFF_0000_0000L;

    private final long hi;
    private final long lo;

    private AddressValue(long hi, long lo) {
        this.hi = hi;
        this.lo = lo;
    }

    /** The address with the given 16 bytes (high 8 and low 8, big-endian). */
    public static AddressValue ofBits(long high, long low) {
        return new AddressValue(high, low);
    }

    /** An IPv4 address from its 32-bit value, stored IPv4-mapped. */
    public static AddressValue ofV4(int ipv4) {
        return new AddressValue(0L, V4_PREFIX_LO | (ipv4 & 0xFFFF_FFFFL));
    }

    /** An address from 4 (IPv4) or 16 (IPv6 or IPv4-mapped) bytes in network order. */
    public static AddressValue ofBytes(byte[] raw) {
        if (raw.length == 4) {
            return ofV4(((raw[0] & 0xFF) << 24) | ((raw[1] & 0xFF) << 16) | ((raw[2] & 0xFF) << 8) | (raw[3] & 0xFF));
        }
        if (raw.length != 16) {
            throw new IllegalArgumentException("address needs 4 or 16 bytes, got " + raw.length);
        }
        return new AddressValue(readLong(raw, 0), readLong(raw, 8));
    }

    public static AddressValue of(InetAddress address) {
        return ofBytes(address.getAddress());
    }

    /**
     * Parses an IPv4 dotted quad or an IPv6 address (with optional embedded dotted quad). Never
     * resolves host names.
     *
     * @throws IllegalArgumentException if the text is not an address
     */
    public static AddressValue parse(String text) {
        return AddressParser.parse(text);
    }

    /** The high 8 bytes, big-endian. */
    public long high() {
        return hi;
    }

    /** The low 8 bytes, big-endian. */
    public long low() {
        return lo;
    }

    public boolean isV4() {
        return hi == 0 && (lo & V4_MASK_LO) == V4_PREFIX_LO;
    }

    public boolean isV6() {
        return !isV4();
    }

    /** The 16 bytes in network order. */
    public byte[] bytes() {
        byte[] b = new byte[16];
        writeLong(b, 0, hi);
        writeLong(b, 8, lo);
        return b;
    }

    /** A 4-byte {@link InetAddress} for IPv4 addresses, 16 bytes otherwise. */
    public InetAddress toInetAddress() {
        try {
            if (isV4()) {
                int v4 = (int) lo;
                return InetAddress.getByAddress(
                        new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4});
            }
            return InetAddress.getByAddress(bytes());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    int compareBits(AddressValue o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public DataType type() {
        return DataType.ADDRESS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressValue && ((AddressValue) o).hi == hi && ((AddressValue) o).lo == lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi) * 31 + Long.hashCode(lo);
    }

    /**
     * Broker's text form: a dotted quad for IPv4, otherwise lowercase hex groups with the longest
     * run of two or more zero groups (the first on ties) written as {@code ::}.
     */
    @Override
    public String toString() {
        if (isV4()) {
            int v4 = (int) lo;
            return (v4 >>> 24) + "." + ((v4 >>> 16) & 0xFF) + "." + ((v4 >>> 8) & 0xFF) + "." + (v4 & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            groups[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    static void writeLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
