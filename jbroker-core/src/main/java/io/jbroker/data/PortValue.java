package io.jbroker.data;

import java.util.Objects;

/** Broker's {@code port}: a 16-bit transport port number and its protocol. */
public record PortValue(int number, Protocol protocol) implements Data {
    public PortValue {
        if (number < 0 || number > 0xFFFF) {
            throw new IllegalArgumentException("port number out of range [0, 65535]: " + number);
        }
        Objects.requireNonNull(protocol, "protocol");
    }

    public static PortValue of(int number, Protocol protocol) {
        return new PortValue(number, protocol);
    }

    /**
     * Parses {@code <number>/<proto>} as Broker does: no {@code /} means TCP, an unknown protocol
     * word means {@link Protocol#UNKNOWN}, and the number is truncated to 16 bits.
     *
     * @throws IllegalArgumentException if the number is not a non-negative decimal
     */
    public static PortValue parse(String text) {
        int slash = text.indexOf('/');
        String num = slash < 0 ? text : text.substring(0, slash);
        Protocol proto = slash < 0 ? Protocol.TCP : Protocol.parse(text.substring(slash + 1));
        if (num.isEmpty() || num.length() > 20 || !num.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid port: " + text);
        }
        long n = Long.parseUnsignedLong(num);
        return new PortValue((int) (n & 0xFFFF), proto);
    }

    @Override
    public DataType type() {
        return DataType.PORT;
    }

    /** Broker's text form, for example {@code 80/tcp} or {@code 1234/?}. */
    @Override
    public String toString() {
        return number + "/" + protocol.text();
    }
}
