package io.jbroker.websocket;

/**
 * WebSocket close codes (RFC 6455 §7.4) as Zeek's server uses them: 1000 after a client's close,
 * 1001 at shutdown ({@code Terminating}) or on an internal error, 1008 for a bad path or
 * application name, 1011 when subscribing failed or the client stopped answering pings, and 1006
 * (never sent, only reported) when the connection ended without a close frame.
 */
public enum CloseCode {
    NORMAL(1000),
    GOING_AWAY(1001),
    PROTOCOL_ERROR(1002),
    UNSUPPORTED_DATA(1003),
    NO_STATUS(1005),
    ABNORMAL(1006),
    INVALID_PAYLOAD(1007),
    POLICY_VIOLATION(1008),
    MESSAGE_TOO_BIG(1009),
    MANDATORY_EXTENSION(1010),
    INTERNAL_ERROR(1011),
    /** Any other code. */
    OTHER(-1);

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    /** The numeric code ({@code -1} for {@link #OTHER}). */
    public int code() {
        return code;
    }

    /** The constant for a numeric code, {@link #OTHER} if unknown. */
    public static CloseCode of(int code) {
        for (CloseCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return OTHER;
    }
}
