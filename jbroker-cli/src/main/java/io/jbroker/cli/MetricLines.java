package io.jbroker.cli;

import io.jbroker.endpoint.EndpointMetrics;
import io.jbroker.endpoint.PeerInfo;
import io.jbroker.endpoint.SubscriberInfo;
import java.util.Locale;

/**
 * The {@code metrics:} lines the long-running commands print: one for the endpoint's totals, one
 * per peering and one per subscriber, as {@code key=value} pairs.
 */
final class MetricLines {
    private MetricLines() {}

    static void print(LineOutput out, EndpointMetrics m) {
        out.line(endpoint(m));
        for (PeerInfo p : m.peers()) {
            out.line(peer(p));
        }
        for (SubscriberInfo s : m.subscribers()) {
            out.line(subscriber(s));
        }
    }

    static String endpoint(EndpointMetrics m) {
        return String.format(
                Locale.ROOT,
                "metrics: endpoint published=%d encoded=%d decoded=%d forwarded=%d messages_in=%d bytes_in=%d"
                        + " messages_out=%d bytes_out=%d peer_dropped=%d subscriber_dropped=%d disconnects=%d"
                        + " ttl_expired=%d duplicates=%d malformed=%d rejected=%d suppressed_errors=%d",
                m.published(),
                m.encoded(),
                m.decoded(),
                m.forwarded(),
                m.messagesIn(),
                m.bytesIn(),
                m.messagesOut(),
                m.bytesOut(),
                m.peerDropped(),
                m.subscriberDropped(),
                m.disconnects(),
                m.ttlExpired(),
                m.duplicates(),
                m.malformed(),
                m.rejected(),
                m.suppressedErrors());
    }

    static String peer(PeerInfo p) {
        return String.format(
                Locale.ROOT,
                "metrics: peer %s %s messages_in=%d bytes_in=%d messages_out=%d bytes_out=%d buffered=%d"
                        + " buffered_bytes=%d dropped=%d disconnects=%d paused=%b rtt_us=%s",
                p.id(),
                p.network(),
                p.messagesIn(),
                p.bytesIn(),
                p.messagesOut(),
                p.bytesOut(),
                p.bufferedMessages(),
                p.bufferedBytes(),
                p.dropped(),
                p.disconnects(),
                p.paused(),
                p.roundTrip().map(d -> String.valueOf(d.toNanos() / 1000)).orElse("-"));
    }

    static String subscriber(SubscriberInfo s) {
        return String.format(
                Locale.ROOT,
                "metrics: subscriber %s messages_in=%d bytes_in=%d messages_out=%d bytes_out=%d buffered=%d/%d"
                        + " buffered_bytes=%d dropped=%d policy=%s stalled=%b disconnected=%b",
                String.join(",", s.topics()),
                s.messagesIn(),
                s.bytesIn(),
                s.messagesOut(),
                s.bytesOut(),
                s.bufferedMessages(),
                s.capacity(),
                s.bufferedBytes(),
                s.dropped(),
                s.policy().name().toLowerCase(Locale.ROOT),
                s.stalled(),
                s.disconnected());
    }
}
