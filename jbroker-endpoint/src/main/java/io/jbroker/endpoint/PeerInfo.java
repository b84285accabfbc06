package io.jbroker.endpoint;

import io.jbroker.EndpointId;
import io.jbroker.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A peering as seen by the local endpoint, with its traffic counters: the remote ID, where it is,
 * the topics it subscribed to, whether this side initiated it, and its state.
 *
 * <p>Counters cover the current connection: messages and bytes received ({@code in}) and handed
 * to the socket ({@code out}), what waits in the outbound buffer, and what its overflow policy
 * dropped. {@code disconnects} counts earlier peerings with the same peer that ended other than by
 * a local unpeer (policy, timeout, or the peer going away). {@code paused} is true while a full
 * local subscriber holds back this peer's input. {@code roundTrip} is the last heartbeat ping's
 * round trip.
 *
 * <p>{@code bufferedMessages} stays within {@link EndpointConfig#peerBufferMessages()} for data;
 * control frames (pings, pongs, routing updates) are never dropped and may add at most {@link
 * #CONTROL_FRAME_HEADROOM} more.
 */
public record PeerInfo(
        EndpointId id,
        NetworkInfo network,
        List<Topic> topics,
        boolean outbound,
        PeerStatus status,
        long messagesIn,
        long bytesIn,
        long messagesOut,
        long bytesOut,
        long dropped,
        int bufferedMessages,
        long bufferedBytes,
        long disconnects,
        boolean paused,
        Optional<Duration> roundTrip) {
    /** Control frames a peer buffer holds beyond its configured message bound, at most. */
    public static final int CONTROL_FRAME_HEADROOM = 1024;

    public PeerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(network, "network");
        topics = List.copyOf(topics);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(roundTrip, "roundTrip");
    }
}
