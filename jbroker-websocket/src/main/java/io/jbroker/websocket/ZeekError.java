package io.jbroker.websocket;

import java.util.Objects;

/**
 * An error object of Zeek's WebSocket API: {@code {"type":"error","code":<codeName>,"context":<context>}}.
 *
 * @param code the typed code ({@link ZeekErrorCode#OTHER} for names this library does not know)
 * @param codeName the code exactly as on the wire
 * @param context the server's explanation
 */
public record ZeekError(ZeekErrorCode code, String codeName, String context) {
    public ZeekError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(codeName, "codeName");
        Objects.requireNonNull(context, "context");
    }

    /** An error with a known code. */
    public static ZeekError of(ZeekErrorCode code, String context) {
        return new ZeekError(code, code.wireName(), context);
    }

    /** An error read from the wire. */
    public static ZeekError parse(String codeName, String context) {
        return new ZeekError(ZeekErrorCode.of(codeName), codeName, context);
    }

    @Override
    public String toString() {
        return codeName + ": " + context;
    }
}
