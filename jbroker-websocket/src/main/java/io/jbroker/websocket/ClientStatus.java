package io.jbroker.websocket;

import java.util.Objects;
import java.util.Optional;

/**
 * A change of a {@link ZeekWebSocketClient}'s connection, reported to its status listener.
 *
 * @param kind what happened
 * @param message a human-readable description
 * @param error the server's error object, for {@link Kind#SERVER_ERROR} (and a close that followed one)
 * @param closeCode the close code for {@link Kind#DISCONNECTED} (-1 if none applies)
 */
public record ClientStatus(Kind kind, String message, ZeekError error, int closeCode) {
    /** Kinds of status events. */
    public enum Kind {
        /** Subscriptions acknowledged; the client can publish and receive. */
        CONNECTED,
        /** The connection ended (a close code, or 1006 without a close frame). */
        DISCONNECTED,
        /** A reconnect attempt is scheduled. */
        RECONNECTING,
        /** The server sent an error object (the connection stays up unless a close follows). */
        SERVER_ERROR,
        /** A frame from the server could not be decoded; counted and skipped. */
        MALFORMED,
        /** Messages were dropped by the receive queue's overflow policy. */
        MESSAGES_DROPPED,
        /** The client gave up reconnecting or was closed. */
        CLOSED
    }

    public ClientStatus {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    static ClientStatus of(Kind kind, String message) {
        return new ClientStatus(kind, message, null, -1);
    }

    /** The server's error object, if any. */
    public Optional<ZeekError> serverError() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
