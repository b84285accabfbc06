package io.jbroker.websocket;

import java.util.Optional;

/**
 * A failure of a WebSocket connection to Zeek's API: an error object from the server ({@link
 * #error()}), a close by the server ({@link #closeCode()}, {@link #closeReason()}), or a local
 * problem (connect failure, TLS, timeout, a closed client) with neither.
 */
public final class ZeekWebSocketException extends RuntimeException {
    private final transient ZeekError error;
    private final CloseCode closeCode;
    private final int rawCloseCode;
    private final String closeReason;

    public ZeekWebSocketException(String message, Throwable cause) {
        this(message, null, -1, null, cause);
    }

    public ZeekWebSocketException(String message) {
        this(message, null, -1, null, null);
    }

    /** A server error object. */
    public ZeekWebSocketException(ZeekError error) {
        this("server error " + error, error, -1, null, null);
    }

    /** A close by the server, possibly preceded by an error object. */
    public ZeekWebSocketException(ZeekError error, int closeCode, String closeReason) {
        this(
                "closed by the server with " + closeCode + " " + CloseCode.of(closeCode) + " '" + closeReason + "'"
                        + (error == null ? "" : " after error " + error),
                error,
                closeCode,
                closeReason,
                null);
    }

    private ZeekWebSocketException(String message, ZeekError error, int code, String reason, Throwable cause) {
        super(message, cause);
        this.error = error;
        this.rawCloseCode = code;
        this.closeCode = code < 0 ? null : CloseCode.of(code);
        this.closeReason = reason;
    }

    /** The server's error object, if it sent one. */
    public Optional<ZeekError> error() {
        return Optional.ofNullable(error);
    }

    /** The close code, if the server closed the connection. */
    public Optional<CloseCode> closeCode() {
        return Optional.ofNullable(closeCode);
    }

    /** The numeric close code, or -1. */
    public int rawCloseCode() {
        return rawCloseCode;
    }

    /** The close reason, if the server closed the connection. */
    public Optional<String> closeReason() {
        return Optional.ofNullable(closeReason);
    }
}
