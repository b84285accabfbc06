package io.jbroker.prometheus.internal;

import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointMetrics;
import io.jbroker.endpoint.PeerInfo;
import io.jbroker.endpoint.ProcessedMessages;
import io.jbroker.endpoint.SubscriberInfo;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The metrics of one endpoint, computed when scraped from {@link Endpoint#metrics()} and {@link
 * Endpoint#processedMessages()}: nothing is counted per message here. Names and labels of Broker's
 * own metrics follow upstream Broker ({@code broker_connections{type}}, {@code
 * broker_processed_messages_total{type}}); jbroker's are prefixed {@code jbroker_}. Families of
 * peers and subscribers have no data points while there are none. Thread-safe (a scrape reads a
 * fresh snapshot).
 */
public final class EndpointCollector implements MultiCollector {
    /** Every family name as exposed (counters with {@code _total}). */
    public static final List<String> NAMES = List.of(
            "broker_connections",
            "broker_processed_messages_total",
            "jbroker_published_total",
            "jbroker_encoded_total",
            "jbroker_decoded_total",
            "jbroker_forwarded_total",
            "jbroker_ttl_expired_total",
            "jbroker_duplicates_total",
            "jbroker_malformed_total",
            "jbroker_messages_in_total",
            "jbroker_messages_out_total",
            "jbroker_bytes_in_total",
            "jbroker_bytes_out_total",
            "jbroker_dropped_total",
            "jbroker_disconnects_total",
            "jbroker_subscribers",
            "jbroker_peer_messages_in_total",
            "jbroker_peer_messages_out_total",
            "jbroker_peer_bytes_in_total",
            "jbroker_peer_bytes_out_total",
            "jbroker_peer_dropped_total",
            "jbroker_peer_disconnects_total",
            "jbroker_peer_buffered_messages",
            "jbroker_peer_buffered_bytes",
            "jbroker_peer_paused",
            "jbroker_peer_round_trip_seconds",
            "jbroker_subscriber_messages_in_total",
            "jbroker_subscriber_messages_out_total",
            "jbroker_subscriber_bytes_in_total",
            "jbroker_subscriber_bytes_out_total",
            "jbroker_subscriber_dropped_total",
            "jbroker_subscriber_stalls_total",
            "jbroker_subscriber_buffered_messages",
            "jbroker_subscriber_buffered_bytes",
            "jbroker_subscriber_capacity_messages",
            "jbroker_subscriber_stalled",
            "jbroker_subscriber_disconnected");

    private final Endpoint endpoint;
    private final IntSupplier webSocketConnections;

    /**
     * @param webSocketConnections the WebSocket clients served beside the endpoint, exported as
     *     {@code broker_connections{type="web-socket"}} (upstream's second type)
     */
    public EndpointCollector(Endpoint endpoint, IntSupplier webSocketConnections) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.webSocketConnections = Objects.requireNonNull(webSocketConnections, "webSocketConnections");
    }

    @Override
    public MetricSnapshots collect() {
        EndpointMetrics m = endpoint.metrics();
        ProcessedMessages p = endpoint.processedMessages();
        Families f = new Families();

        Families.Gauge connections = f.gauge("broker_connections", "Number of active network connections.");
        connections.add(Labels.of("type", "native"), m.peers().size());
        connections.add(Labels.of("type", "web-socket"), webSocketConnections.getAsInt());

        Families.Counter processed = f.counter("broker_processed_messages", "Total number of processed messages.");
        processed.add(Labels.of("type", "data"), p.data());
        processed.add(Labels.of("type", "command"), p.command());
        processed.add(Labels.of("type", "routing-update"), p.routingUpdate());
        processed.add(Labels.of("type", "ping"), p.ping());
        processed.add(Labels.of("type", "pong"), p.pong());

        f.counter("jbroker_published", "Values published by this endpoint.").add(m.published());
        f.counter("jbroker_encoded", "Values serialized for publication (once per publication).")
                .add(m.encoded());
        f.counter("jbroker_decoded", "Received payloads decoded for local subscribers.")
                .add(m.decoded());
        f.counter("jbroker_forwarded", "Received messages relayed to other peers.")
                .add(m.forwarded());
        f.counter("jbroker_ttl_expired", "Received messages not relayed because their TTL ran out.")
                .add(m.ttlExpired());
        f.counter("jbroker_duplicates", "Received copies of a message suppressed as duplicates.")
                .add(m.duplicates());
        f.counter("jbroker_malformed", "Received messages rejected as malformed.")
                .add(m.malformed());
        f.counter("jbroker_messages_in", "Frames received over all peerings.").add(m.messagesIn());
        f.counter("jbroker_messages_out", "Frames sent over all peerings.").add(m.messagesOut());
        f.counter("jbroker_bytes_in", "Bytes received over all peerings.").add(m.bytesIn());
        f.counter("jbroker_bytes_out", "Bytes sent over all peerings.").add(m.bytesOut());
        Families.Counter dropped =
                f.counter("jbroker_dropped", "Messages discarded by overflow policies, by where they queued.");
        dropped.add(Labels.of("source", "peer"), m.peerDropped());
        dropped.add(Labels.of("source", "subscriber"), m.subscriberDropped());
        f.counter("jbroker_disconnects", "Peerings this endpoint closed because of a policy or a timeout.")
                .add(m.disconnects());
        f.gauge("jbroker_subscribers", "Current subscribers (status subscribers included).")
                .add(m.subscribers().size());

        peers(f, m.peers());
        subscribers(f, m.subscribers());
        return new MetricSnapshots(f.build());
    }

    private static void peers(Families f, List<PeerInfo> peers) {
        Families.Counter messagesIn =
                f.counter("jbroker_peer_messages_in", "Frames received from this peer (current connection).");
        Families.Counter messagesOut =
                f.counter("jbroker_peer_messages_out", "Frames sent to this peer (current connection).");
        Families.Counter bytesIn = f.counter("jbroker_peer_bytes_in", "Bytes received from this peer.");
        Families.Counter bytesOut = f.counter("jbroker_peer_bytes_out", "Bytes sent to this peer.");
        Families.Counter dropped =
                f.counter("jbroker_peer_dropped", "Messages to this peer discarded by its overflow policy.");
        Families.Counter disconnects = f.counter(
                "jbroker_peer_disconnects", "Earlier peerings with this peer that ended other than by unpeering.");
        Families.Gauge bufferedMessages =
                f.gauge("jbroker_peer_buffered_messages", "Messages waiting in this peer's outbound buffer.");
        Families.Gauge bufferedBytes =
                f.gauge("jbroker_peer_buffered_bytes", "Bytes waiting for this peer (buffer and socket).");
        Families.Gauge paused =
                f.gauge("jbroker_peer_paused", "1 while a full local subscriber holds back this peer's input, else 0.");
        Families.Gauge roundTrip = f.gauge(
                "jbroker_peer_round_trip_seconds", "Round trip of the last heartbeat ping (once one was measured).");
        for (PeerInfo p : peers) {
            // A transport's link (a ZeroMQ node) has no port: its address is the link's name.
            String address = p.network().port() == 0
                    ? p.network().address()
                    : p.network().toString();
            Labels l = Labels.of("peer", p.id().toString(), "address", address);
            messagesIn.add(l, p.messagesIn());
            messagesOut.add(l, p.messagesOut());
            bytesIn.add(l, p.bytesIn());
            bytesOut.add(l, p.bytesOut());
            dropped.add(l, p.dropped());
            disconnects.add(l, p.disconnects());
            bufferedMessages.add(l, p.bufferedMessages());
            bufferedBytes.add(l, p.bufferedBytes());
            paused.add(l, p.paused() ? 1 : 0);
            if (p.roundTrip().isPresent()) {
                roundTrip.add(l, seconds(p.roundTrip().get()));
            }
        }
    }

    private static void subscribers(Families f, List<SubscriberInfo> subscribers) {
        Families.Counter messagesIn =
                f.counter("jbroker_subscriber_messages_in", "Messages that reached this subscriber's queue.");
        Families.Counter messagesOut =
                f.counter("jbroker_subscriber_messages_out", "Messages the application took from the queue.");
        Families.Counter bytesIn =
                f.counter("jbroker_subscriber_bytes_in", "Encoded bytes of the messages that reached the queue.");
        Families.Counter bytesOut =
                f.counter("jbroker_subscriber_bytes_out", "Encoded bytes of the messages the application took.");
        Families.Counter dropped =
                f.counter("jbroker_subscriber_dropped", "Messages discarded by this subscriber's overflow policy.");
        Families.Counter stalls = f.counter(
                "jbroker_subscriber_stalls", "Times the queue stalled (full without progress for the stall timeout).");
        Families.Gauge bufferedMessages = f.gauge("jbroker_subscriber_buffered_messages", "Messages queued now.");
        Families.Gauge bufferedBytes = f.gauge("jbroker_subscriber_buffered_bytes", "Bytes queued now.");
        Families.Gauge capacity = f.gauge("jbroker_subscriber_capacity_messages", "The queue's bound in messages.");
        Families.Gauge stalled = f.gauge("jbroker_subscriber_stalled", "1 while the queue is stalled, else 0.");
        Families.Gauge disconnected =
                f.gauge("jbroker_subscriber_disconnected", "1 once the disconnect policy closed it, else 0.");
        for (SubscriberInfo s : subscribers) {
            Labels l = Labels.of("subscriber", Long.toString(s.id()), "topics", String.join(",", s.topics()));
            messagesIn.add(l, s.messagesIn());
            messagesOut.add(l, s.messagesOut());
            bytesIn.add(l, s.bytesIn());
            bytesOut.add(l, s.bytesOut());
            dropped.add(l, s.dropped());
            stalls.add(l, s.stalls());
            bufferedMessages.add(l, s.bufferedMessages());
            bufferedBytes.add(l, s.bufferedBytes());
            capacity.add(l, s.capacity());
            stalled.add(l, s.stalled() ? 1 : 0);
            disconnected.add(l, s.disconnected() ? 1 : 0);
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
