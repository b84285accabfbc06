package io.jbroker.internal.peer;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.internal.wire.Filter;
import java.util.Objects;

/**
 * The user event {@link HandshakeHandler} fires once per connection: {@link Success} when the
 * handshake reached DONE (phase-3 frames follow), or {@link Failure} right before it closes the
 * connection.
 */
public sealed interface HandshakeResult {

    /**
     * The peering handshake completed.
     *
     * @param remote the peer's endpoint ID
     * @param remoteFilter the peer's complete subscription filter, exactly as it sent it
     * @param originator whether this endpoint was the originator (the smaller ID)
     */
    record Success(EndpointId remote, Filter remoteFilter, boolean originator) implements HandshakeResult {
        public Success {
            Objects.requireNonNull(remote, "remote");
            Objects.requireNonNull(remoteFilter, "remoteFilter");
        }
    }

    /**
     * The handshake ended without a peering; the connection is being closed.
     *
     * @param remote the peer's endpoint ID, or {@code null} if it was not known yet
     * @param code why: the code of the drop_conn sent or received, or a local reason ({@code
     *     PEER_TIMEOUT}, {@code PEER_DISCONNECT_DURING_HANDSHAKE}, {@code
     *     UNEXPECTED_HANDSHAKE_MESSAGE}, {@code INVALID_MESSAGE} for broken framing)
     * @param description human-readable detail (the drop_conn text where there is one)
     * @param redundant whether the connection was redundant to another connection with the same
     *     remote (Broker counts this as a successful outcome, not an error)
     */
    record Failure(EndpointId remote, ErrorCode code, String description, boolean redundant)
            implements HandshakeResult {
        public Failure {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(description, "description");
        }
    }
}
