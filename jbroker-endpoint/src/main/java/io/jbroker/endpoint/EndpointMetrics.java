package io.jbroker.endpoint;

import java.util.List;

/**
 * A snapshot of an endpoint's counters ({@link Endpoint#metrics()}): every current peering and
 * subscriber, and endpoint-wide totals since the start, closed peerings and subscribers included.
 *
 * <ul>
 *   <li>{@code published}: values published by this endpoint; {@code encoded}: values serialized
 *       for that, once per publication however many peers receive it;
 *   <li>{@code decoded}: received payloads decoded for local subscribers ({@code forwarded}
 *       relays are never decoded or re-encoded); {@code ttlExpired}, {@code duplicates}, {@code
 *       malformed}: received messages not relayed or delivered for those reasons;
 *   <li>{@code messagesIn/Out}, {@code bytesIn/Out}: frames over all peerings;
 *   <li>{@code peerDropped}, {@code subscriberDropped}: messages discarded by overflow policies;
 *   <li>{@code disconnects}: peerings this endpoint closed because of a policy or a timeout;
 *   <li>{@code rejected}: received envelopes a peer may not send (on a local or reserved topic,
 *       or with a sender other than that peer; see docs/endpoint.md), neither delivered nor relayed;
 *   <li>{@code suppressedErrors}: error events held back by the limit on repeated errors of one
 *       kind from one address (each interval's count is summarised in one error event).
 * </ul>
 */
public record EndpointMetrics(
        List<PeerInfo> peers,
        List<SubscriberInfo> subscribers,
        long published,
        long encoded,
        long decoded,
        long forwarded,
        long ttlExpired,
        long duplicates,
        long malformed,
        long messagesIn,
        long bytesIn,
        long messagesOut,
        long bytesOut,
        long peerDropped,
        long subscriberDropped,
        long disconnects,
        long rejected,
        long suppressedErrors) {
    public EndpointMetrics {
        peers = List.copyOf(peers);
        subscribers = List.copyOf(subscribers);
    }

    /** Messages dropped anywhere in this endpoint. */
    public long dropped() {
        return peerDropped + subscriberDropped;
    }
}
