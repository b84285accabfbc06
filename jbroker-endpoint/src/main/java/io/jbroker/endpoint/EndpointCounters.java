package io.jbroker.endpoint;

import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.internal.core.Router;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the endpoint publishes and encodes, and assembles {@link EndpointMetrics} and {@link
 * ProcessedMessages} from every counter: the router's, the peerings' and links' (live and ended),
 * the subscribers' and the error-report limit's.
 *
 * <p>Threading: any thread. Its own counters are {@link LongAdder}s; assembling takes no lock but
 * the peering lock, once, for the peerings and the totals of ended ones together.
 */
final class EndpointCounters {
    private final Router router;
    private final BrokerPeering peering;
    private final SubscriptionRegistry subscriptions;
    private final TransportHub hub;
    private final EndpointEvents events;
    private final LongAdder published = new LongAdder();
    private final LongAdder encoded = new LongAdder();

    EndpointCounters(
            Router router,
            BrokerPeering peering,
            SubscriptionRegistry subscriptions,
            TransportHub hub,
            EndpointEvents events) {
        this.router = router;
        this.peering = peering;
        this.subscriptions = subscriptions;
        this.hub = hub;
        this.events = events;
    }

    /**
     * Counts one publication and serializes its value: the one place a published value is encoded,
     * once, whatever the number of receivers.
     */
    Envelope publication(EndpointId receiver, Topic topic, Data value) {
        published.increment();
        Envelope e = Envelope.data(router.self(), receiver, topic, value);
        encoded.increment();
        return e;
    }

    /** See {@link Endpoint#metrics()}. */
    EndpointMetrics metrics() {
        BrokerPeering.Snapshot s = peering.snapshot();
        List<SubscriberInfo> ss = new ArrayList<>();
        long subscriberDropped = subscriptions.closedDropped();
        for (Subscriber sub : subscriptions.subscribers()) {
            SubscriberInfo i = sub.metrics();
            ss.add(i);
            subscriberDropped += i.dropped();
        }
        Traffic t = s.closed().plus(hub.closedTotals());
        List<PeerInfo> ps = new ArrayList<>(s.peers());
        ps.addAll(hub.linkInfos()); // a transport's link counts like a peer
        for (PeerInfo p : ps) {
            t = t.plus(Traffic.of(p));
        }
        return new EndpointMetrics(
                ps,
                ss,
                published.sum(),
                encoded.sum(),
                router.decodedCount(),
                router.forwardedCount(),
                router.ttlExpiredCount(),
                router.duplicateCount(),
                router.malformedCount() + hub.malformedCount(),
                t.messagesIn(),
                t.bytesIn(),
                t.messagesOut(),
                t.bytesOut(),
                t.dropped(),
                subscriberDropped,
                peering.disconnects() + hub.forcedDisconnects(),
                router.rejectedCount(),
                events.suppressedCount());
    }

    /** See {@link Endpoint#processedMessages()}. */
    ProcessedMessages processedMessages() {
        return new ProcessedMessages(
                published.sum() + router.receivedCount(MessageType.DATA),
                router.receivedCount(MessageType.COMMAND),
                router.receivedCount(MessageType.ROUTING_UPDATE),
                router.receivedCount(MessageType.PING),
                router.receivedCount(MessageType.PONG));
    }
}
