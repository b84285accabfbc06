package io.jbroker.endpoint;

import io.jbroker.EndpointId;
import java.util.Objects;

/**
 * A peering as seen by the local endpoint: the remote ID (nil while not yet known), where it is,
 * whether this side initiated it, its state, and traffic counters.
 */
public record PeerInfo(
        EndpointId id,
        NetworkInfo network,
        boolean outbound,
        PeerStatus status,
        long messagesIn,
        long messagesOut,
        long bytesIn,
        long bytesOut,
        long dropped,
        int queuedMessages) {
    public PeerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(status, "status");
    }
}
