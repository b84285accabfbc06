package io.jbroker.endpoint;

import io.jbroker.EndpointId;
import io.jbroker.Topic;
import java.util.List;
import java.util.Objects;

/**
 * A peering as seen by the local endpoint: the remote ID, where it is, the topics it subscribed
 * to, whether this side initiated it, its state, and traffic counters.
 */
public record PeerInfo(
        EndpointId id,
        NetworkInfo network,
        List<Topic> topics,
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
        topics = List.copyOf(topics);
        Objects.requireNonNull(status, "status");
    }
}
