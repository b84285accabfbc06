package io.jbroker.data;

import java.util.Objects;

/**
 * Broker's {@code subnet}: a network address and a prefix length. On the wire the length is "raw",
 * relative to 128 bits, so an IPv4 {@code /8} is stored as 104.
 *
 * <p>{@link #of} builds a normalized subnet exactly as Broker's constructor does (host bits
 * cleared; an out-of-range length gives {@code ::/0}). Values decoded from the wire are kept as
 * sent, like Broker's {@code subnet::unchecked}, so they re-encode to the same bytes.
 */
public final class SubnetValue implements Data {
    private static final SubnetValue EMPTY = new SubnetValue(AddressValue.ofBits(0, 0), 0);

    private final AddressValue network;
    private final int rawLength;

    private SubnetValue(AddressValue network, int rawLength) {
        this.network = network;
        this.rawLength = rawLength;
    }

    /**
     * A normalized subnet: for IPv4 the length must be at most 32, for IPv6 at most 128; host bits
     * are cleared. Like Broker, an invalid length yields {@code ::/0} instead of an error.
     */
    public static SubnetValue of(AddressValue address, int length) {
        Objects.requireNonNull(address, "address");
        int raw;
        if (address.isV4()) {
            if (length < 0 || length > 32) {
                return EMPTY;
            }
            raw = length + 96;
        } else {
            if (length < 0 || length > 128) {
                return EMPTY;
            }
            raw = length;
        }
        return new SubnetValue(mask(address, raw), raw);
    }

    /**
     * A subnet taken verbatim: any address and a raw length of 0 to 255, without masking. This is
     * what a decoder produces for bytes received from a peer.
     */
    public static SubnetValue unchecked(AddressValue network, int rawLength) {
        Objects.requireNonNull(network, "network");
        if (rawLength < 0 || rawLength > 255) {
            throw new IllegalArgumentException("raw subnet length out of range [0, 255]: " + rawLength);
        }
        return new SubnetValue(network, rawLength);
    }

    /**
     * Parses {@code <address>/<length>} with Broker's rules: the length must be a number from 0 to
     * 255 and is then validated as in {@link #of}.
     *
     * @throws IllegalArgumentException if there is no {@code /}, the address is invalid or the
     *     length is not a number from 0 to 255
     */
    public static SubnetValue parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("subnet needs '/': " + text);
        }
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid subnet length: " + text);
        }
        int length = Integer.parseInt(len);
        if (length > 255) {
            throw new IllegalArgumentException("invalid subnet length: " + text);
        }
        return of(AddressValue.parse(text.substring(0, slash)), length);
    }

    /** The network address as stored (masked unless created with {@link #unchecked}). */
    public AddressValue network() {
        return network;
    }

    /** The length as on the wire, relative to 128 bits. */
    public int rawLength() {
        return rawLength;
    }

    /** The prefix length as Broker reports it: raw − 96 (wrapping in 8 bits) for IPv4 networks. */
    public int length() {
        return network.isV4() ? (rawLength - 96) & 0xFF : rawLength;
    }

    /** Whether the address lies inside this subnet. */
    public boolean contains(AddressValue address) {
        int bits = Math.min(rawLength, 128);
        return mask(address, bits).equals(mask(network, bits));
    }

    private static AddressValue mask(AddressValue a, int bits) {
        long hiMask = bits >= 64 ? -1L : bits == 0 ? 0L : -1L << (64 - bits);
        long loMask = bits >= 128 ? -1L : bits <= 64 ? 0L : -1L << (128 - bits);
        return AddressValue.ofBits(a.high() & hiMask, a.low() & loMask);
    }

    int compareSubnet(SubnetValue o) {
        int c = network.compareBits(o.network);
        return c != 0 ? c : Integer.compare(rawLength, o.rawLength);
    }

    @Override
    public DataType type() {
        return DataType.SUBNET;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubnetValue
                && ((SubnetValue) o).rawLength == rawLength
                && ((SubnetValue) o).network.equals(network);
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 31 + rawLength;
    }

    /** Broker's text form {@code <address>/<length>}. */
    @Override
    public String toString() {
        return network + "/" + length();
    }
}
