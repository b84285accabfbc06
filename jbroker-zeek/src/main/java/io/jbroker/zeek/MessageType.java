package io.jbroker.zeek;

/**
 * The message type in element 1 of a Zeek message, numbered as on the wire. {@link #INVALID} is what
 * Broker reports for anything it cannot classify.
 */
public enum MessageType {
    INVALID(0),
    EVENT(1),
    LOG_CREATE(2),
    LOG_WRITE(3),
    IDENTIFIER_UPDATE(4),
    BATCH(5);

    private static final MessageType[] BY_CODE = values();

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The number used on the wire. */
    public int code() {
        return code;
    }

    /**
     * The type for a wire number read as an unsigned count; like Broker, every number above 5 is
     * {@link #INVALID}.
     */
    public static MessageType fromCode(long unsignedCode) {
        return unsignedCode >= 0 && unsignedCode < BY_CODE.length ? BY_CODE[(int) unsignedCode] : INVALID;
    }
}
