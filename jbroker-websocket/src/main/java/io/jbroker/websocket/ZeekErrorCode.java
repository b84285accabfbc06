package io.jbroker.websocket;

/**
 * The {@code code} names of the error objects Zeek's WebSocket server sends ({@code
 * {"type":"error","code":...,"context":...}}), as captured from Zeek 9.1. Codes this library does
 * not know map to {@link #OTHER}; the exact name is kept in {@link ZeekError#codeName()}.
 */
public enum ZeekErrorCode {
    /** A frame was not JSON, not the expected shape, or not a Zeek event the server accepts. */
    DESERIALIZATION_FAILED("deserialization_failed"),
    /** The request path was not {@code /v1/messages/json}; the server closes with 1008. */
    INVALID_URI("invalid_uri"),
    /** The {@code X-Application-Name} header did not match {@code [-/_.=:*@a-zA-Z0-9]+}; close 1008. */
    INVALID_APPLICATION_NAME("invalid_application_name"),
    /** Any other code. */
    OTHER("");

    private final String wireName;

    ZeekErrorCode(String wireName) {
        this.wireName = wireName;
    }

    /** The name as written in the error object ({@code ""} for {@link #OTHER}). */
    public String wireName() {
        return wireName;
    }

    /** The constant for a wire name, {@link #OTHER} if unknown. */
    public static ZeekErrorCode of(String wireName) {
        for (ZeekErrorCode c : values()) {
            if (c != OTHER && c.wireName.equals(wireName)) {
                return c;
            }
        }
        return OTHER;
    }
}
