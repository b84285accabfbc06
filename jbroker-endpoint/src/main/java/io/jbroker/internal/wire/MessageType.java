package io.jbroker.internal.wire;

/**
 * Broker's {@code p2p_message_type}: 1-5 are envelope types of the operational phase, 6-12 the
 * leading tag byte of handshake frames.
 */
public enum MessageType {
    DATA(1),
    COMMAND(2),
    ROUTING_UPDATE(3),
    PING(4),
    PONG(5),
    HELLO(6),
    PROBE(7),
    VERSION_SELECT(8),
    DROP_CONN(9),
    ORIGINATOR_SYN(10),
    RESPONDER_SYN_ACK(11),
    ORIGINATOR_ACK(12);

    private static final MessageType[] BY_CODE = new MessageType[13];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isEnvelope() {
        return code <= 5;
    }

    /** The type with this code, or {@code null}. */
    public static MessageType fromCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
