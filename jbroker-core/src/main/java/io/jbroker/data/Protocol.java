package io.jbroker.data;

/** Transport protocol of a {@link PortValue}, numbered as on the wire. */
public enum Protocol {
    UNKNOWN(0, "?"),
    TCP(1, "tcp"),
    UDP(2, "udp"),
    ICMP(3, "icmp");

    private static final Protocol[] BY_CODE = new Protocol[4];

    static {
        for (Protocol p : values()) {
            BY_CODE[p.code] = p;
        }
    }

    private final int code;
    private final String text;

    Protocol(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The protocol byte of format bin v1 (explicit, pinned to the spec by a test). */
    public int code() {
        return code;
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
