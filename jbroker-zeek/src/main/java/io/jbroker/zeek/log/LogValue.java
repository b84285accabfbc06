package io.jbroker.zeek.log;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One value of a Zeek log record ({@code threading::Value}): a type tag, a subtype tag (0 in what
 * Zeek sends; kept so that decoded bytes re-encode exactly) and, unless {@link Unset}, the value.
 * Immutable; the static factories build the values a producer writes.
 */
public sealed interface LogValue
        permits LogValue.Unset,
                LogValue.Bool,
                LogValue.Int,
                LogValue.Count,
                LogValue.Real,
                LogValue.Text,
                LogValue.Port,
                LogValue.Addr,
                LogValue.Subnet,
                LogValue.Container {

    /** The type tag on the wire. */
    int typeTag();

    /** The subtype tag on the wire. */
    int subtypeTag();

    /** An unset ({@code &optional}) value of a field of type {@code typeTag}. */
    record Unset(int typeTag, int subtypeTag) implements LogValue {}

    /** A {@code bool}. */
    record Bool(boolean value, int subtypeTag) implements LogValue {
        @Override
        public int typeTag() {
            return ZeekType.BOOL.tag();
        }
    }

    /** An {@code int}. */
    record Int(long value, int subtypeTag) implements LogValue {
        @Override
        public int typeTag() {
            return ZeekType.INT.tag();
        }
    }

    /** A {@code count}; {@code value} holds the unsigned 64 bits. */
    record Count(long value, int subtypeTag) implements LogValue {
        @Override
        public int typeTag() {
            return ZeekType.COUNT.tag();
        }
    }

    /** A {@code double}, {@code time} (seconds since the epoch) or {@code interval} (seconds). */
    record Real(ZeekType type, double value, int subtypeTag) implements LogValue {
        public Real {
            if (type != ZeekType.DOUBLE && type != ZeekType.TIME && type != ZeekType.INTERVAL) {
                throw new IllegalArgumentException("not a real type: " + type);
            }
        }

        @Override
        public int typeTag() {
            return type.tag();
        }
    }

    /** A {@code string}, {@code enum} (its full name), {@code file} or {@code func}: raw bytes. */
    record Text(ZeekType type, byte[] bytes, int subtypeTag) implements LogValue {
        public Text {
            if (type != ZeekType.STRING && type != ZeekType.ENUM && type != ZeekType.FILE && type != ZeekType.FUNC) {
                throw new IllegalArgumentException("not a text type: " + type);
            }
            bytes = bytes.clone();
        }

        @Override
        public int typeTag() {
            return type.tag();
        }

        /** A copy of the bytes. */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        byte[] raw() {
            return bytes;
        }

        /** The bytes as UTF-8 text (malformed bytes replaced). */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text t && t.type == type && t.subtypeTag == subtypeTag && Arrays.equals(t.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(type, subtypeTag) * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return type.zeekName() + ":" + text();
        }
    }

    /** A {@code port}: number and protocol (0 unknown, 1 tcp, 2 udp, 3 icmp). */
    record Port(long port, int protocol, int subtypeTag) implements LogValue {
        public static final int UNKNOWN = 0;
        public static final int TCP = 1;
        public static final int UDP = 2;
        public static final int ICMP = 3;

        public Port {
            if (protocol < 0 || protocol > 3) {
                throw new IllegalArgumentException("unknown port protocol " + protocol);
            }
        }

        @Override
        public int typeTag() {
            return ZeekType.PORT.tag();
        }
    }

    /** An {@code addr}: 4 bytes (IPv4) or 16 bytes (IPv6), network order. */
    record Addr(byte[] bytes, int subtypeTag) implements LogValue {
        public Addr {
            if (bytes.length != 4 && bytes.length != 16) {
                throw new IllegalArgumentException("address of " + bytes.length + " bytes");
            }
            bytes = bytes.clone();
        }

        @Override
        public int typeTag() {
            return ZeekType.ADDR.tag();
        }

        /** A copy of the address bytes. */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        byte[] raw() {
            return bytes;
        }

        /** Whether this is an IPv4 address. */
        public boolean isV4() {
            return bytes.length == 4;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Addr a && a.subtypeTag == subtypeTag && Arrays.equals(a.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 31 + subtypeTag;
        }

        @Override
        public String toString() {
            return ZeekText.addr(bytes);
        }
    }

    /**
     * A {@code subnet}: prefix address and the length as on the wire, relative to 128 bits also
     * for IPv4 (10.0.0.0/8 has {@code rawLength} 104).
     */
    record Subnet(Addr prefix, int rawLength, int subtypeTag) implements LogValue {
        public Subnet {
            Objects.requireNonNull(prefix, "prefix");
            if (rawLength < 0 || rawLength > 255) {
                throw new IllegalArgumentException("subnet length " + rawLength);
            }
        }

        @Override
        public int typeTag() {
            return ZeekType.SUBNET.tag();
        }

        /** The prefix length as people write it (10.0.0.0/8 has 8). */
        public int prefixLength() {
            return prefix.isV4() ? rawLength - 96 : rawLength;
        }

        @Override
        public String toString() {
            return ZeekText.subnet(this);
        }
    }

    /** A {@code set} (type tag {@code table}) or {@code vector}: its elements in wire order. */
    record Container(ZeekType type, List<LogValue> elements, int subtypeTag) implements LogValue {
        public Container {
            if (type != ZeekType.TABLE && type != ZeekType.VECTOR) {
                throw new IllegalArgumentException("not a container type: " + type);
            }
            elements = List.copyOf(elements);
        }

        @Override
        public int typeTag() {
            return type.tag();
        }
    }

    /** An unset value of a field of {@code type}. */
    static LogValue unset(ZeekType type) {
        return new Unset(type.tag(), 0);
    }

    /** A {@code bool}. */
    static LogValue bool(boolean value) {
        return new Bool(value, 0);
    }

    /** An {@code int}. */
    static LogValue integer(long value) {
        return new Int(value, 0);
    }

    /** A {@code count} (unsigned 64 bits). */
    static LogValue count(long value) {
        return new Count(value, 0);
    }

    /** A {@code double}. */
    static LogValue real(double value) {
        return new Real(ZeekType.DOUBLE, value, 0);
    }

    /** A {@code time}, seconds since the epoch. */
    static LogValue time(double epochSeconds) {
        return new Real(ZeekType.TIME, epochSeconds, 0);
    }

    /** An {@code interval} in seconds. */
    static LogValue interval(double seconds) {
        return new Real(ZeekType.INTERVAL, seconds, 0);
    }

    /** A {@code string} of UTF-8 text. */
    static LogValue string(String text) {
        return new Text(ZeekType.STRING, text.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** A {@code string} of raw bytes. */
    static LogValue string(byte[] bytes) {
        return new Text(ZeekType.STRING, bytes, 0);
    }

    /** An {@code enum} by its full name, e.g. {@code Conn::LOG}. */
    static LogValue enumValue(String name) {
        return new Text(ZeekType.ENUM, name.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** A {@code port}, e.g. {@code port(80, Port.TCP)}. */
    static LogValue port(int port, int protocol) {
        return new Port(port, protocol, 0);
    }

    /**
     * An {@code addr} from its text, e.g. {@code 192.168.1.1} or {@code 2001:db8::1}. An
     * IPv4-mapped IPv6 address is IPv4, as in Zeek.
     *
     * @throws IllegalArgumentException if {@code text} is not a literal address
     */
    static Addr addr(String text) {
        return new Addr(addressBytes(text), 0);
    }

    /** A {@code subnet} from its text, e.g. {@code 10.0.0.0/8}. */
    static LogValue subnet(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("no prefix length in " + text);
        }
        Addr prefix = addr(text.substring(0, slash));
        int length = Integer.parseInt(text.substring(slash + 1));
        int max = prefix.isV4() ? 32 : 128;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length out of range in " + text);
        }
        return new Subnet(prefix, prefix.isV4() ? length + 96 : length, 0);
    }

    /** A {@code set} of elements (sent in the given order). */
    static LogValue set(List<LogValue> elements) {
        return new Container(ZeekType.TABLE, elements, 0);
    }

    /** A {@code vector} of elements. */
    static LogValue vector(List<LogValue> elements) {
        return new Container(ZeekType.VECTOR, elements, 0);
    }

    private static byte[] addressBytes(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean literal = t.indexOf(':') >= 0
                ? t.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')
                : t.indexOf('.') >= 0 && t.chars().allMatch(c -> Character.isDigit(c) || c == '.');
        if (!literal) {
            throw new IllegalArgumentException("not an address literal: " + text);
        }
        try {
            // A literal never causes a name lookup.
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + text, e);
        }
    }
}
