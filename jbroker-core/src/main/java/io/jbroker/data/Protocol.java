package io.jbroker.data;

/** Transport protocol of a {@link PortValue}, numbered as on the wire. */
public enum Protocol {
    UNKNOWN("?"),
    TCP("tcp"),
    UDP("udp"),
    ICMP("icmp");

    private static final Protocol[] BY_CODE = values();

    private final String text;

    Protocol(String text) {
        this.text = text;
    }

    /** The protocol byte of format bin v1. */
    public int code() {
        return ordinal();
    }

    /** The name used in the text form, {@code ?} for unknown. */
    public String text() {
        return text;
    }

    /** The protocol for a wire code, or {@code null} if the code is above 3. */
    public static Protocol fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Parses a protocol word as Broker does: anything but tcp, udp or icmp is unknown. */
    public static Protocol parse(String word) {
        switch (word) {
            case "tcp":
                return TCP;
            case "udp":
                return UDP;
            case "icmp":
                return ICMP;
            default:
                return UNKNOWN;
        }
    }
}
