package io.jbroker.endpoint;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.internal.core.PeerLink;
import io.jbroker.internal.core.Router;
import io.jbroker.internal.core.SubscriberQueue;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.Filter;
import io.jbroker.internal.wire.MessageType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The endpoint's local subscribers and the filter it announces to peers: creates each {@link
 * Subscriber} with its queue in the router, removes it when it closes (keeping its drop count for
 * the totals), and grows the announced filter by each subscription and forward, sending the grown
 * filter to every peer as a routing update.
 *
 * <p>Threading: the subscriber list is copy-on-write (any thread). The announced filter is owned by
 * this registry's monitor; routing updates are sent and transports told while holding it, so each
 * peer receives the filter's versions in the order they grew, also against the update that a
 * just-finished handshake sends ({@link #sendIfChangedSince}).
 */
final class SubscriptionRegistry {
    private final EndpointConfig config;
    private final Router router;
    private final EndpointEvents events;
    private final Consumer<Filter> onAnnounced;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final LongAdder closedDropped = new LongAdder();

    // Guarded by this:
    private Filter announced = Filter.EMPTY;

    /**
     * @param onAnnounced told of every new announced filter, under this registry's monitor (the
     *     transports' hub)
     */
    SubscriptionRegistry(EndpointConfig config, Router router, EndpointEvents events, Consumer<Filter> onAnnounced) {
        this.config = config;
        this.router = router;
        this.events = events;
        this.onAnnounced = onAnnounced;
    }

    /** A new subscriber to {@code topics}; {@code statusEvents} for the endpoint's own events. */
    Subscriber subscribe(Collection<String> topics, boolean statusEvents) {
        List<Topic> list = topics(topics);
        SubscriberQueue q = new SubscriberQueue(
                Filter.received(list),
                config.subscriberQueueSize(),
                config.subscriberQueueBytes(),
                config.subscriberOverflowPolicy(),
                config.stallTimeout());
        EndpointInfo self = EndpointInfo.of(router.self());
        Subscriber[] me = new Subscriber[1];
        Subscriber s = new Subscriber(
                q,
                new ArrayList<>(topics),
                statusEvents,
                () -> unsubscribed(me[0]),
                (sub, what) -> events.emit(
                        ErrorEvent.of(ErrorCode.UNSPECIFIED, self, "subscriber " + sub.topics() + " " + what)));
        me[0] = s;
        q.onOverflowDisconnect(() -> {
            // The queue is closed for producers only: what it holds can still be taken.
            unsubscribed(s);
            if (!statusEvents) {
                events.emit(new Status(
                        StatusCode.MESSAGES_DROPPED,
                        self,
                        "subscriber " + s.topics() + " closed: queue full (policy disconnect, " + q.droppedCount()
                                + " messages dropped)"));
            }
        });
        subscribers.add(s);
        router.addSink(q);
        announce(list);
        return s;
    }

    private void unsubscribed(Subscriber s) {
        router.removeSink(s.queue());
        if (subscribers.remove(s)) {
            closedDropped.add(s.droppedCount());
        }
    }

    /** The live subscribers (a copy-on-write view: iterating it takes no lock). */
    List<Subscriber> subscribers() {
        return subscribers;
    }

    /** What subscribers that are gone dropped in all. */
    long closedDropped() {
        return closedDropped.sum();
    }

    static List<Topic> topics(Collection<String> names) {
        List<Topic> list = new ArrayList<>();
        for (String t : names) {
            list.add(Topic.of(t));
        }
        return list;
    }

    synchronized Filter announced() {
        return announced;
    }

    /** Extends the announced filter by {@code topics} and sends the new one to every peer. */
    synchronized void announce(List<Topic> topics) {
        Filter next = announced;
        for (Topic t : topics) {
            next = next.extend(t);
        }
        if (next.equals(announced)) {
            return;
        }
        announced = next;
        for (PeerLink link : router.peers()) {
            link.send(routingUpdate(link.remoteId(), next));
        }
        onAnnounced.accept(next);
    }

    /**
     * Sends the announced filter to a just-peered {@code link} if it changed since {@code atStart}
     * (the filter its handshake carried): a subscription made while the handshake ran may have
     * missed both that filter and the routing updates (the peer was not routable yet).
     */
    synchronized void sendIfChangedSince(PeerLink link, Filter atStart) {
        if (!announced.equals(atStart)) {
            link.send(routingUpdate(link.remoteId(), announced));
        }
    }

    private Envelope routingUpdate(EndpointId receiver, Filter filter) {
        return Envelope.of(router.self(), receiver, MessageType.ROUTING_UPDATE, Topic.RESERVED, filter.toPayload());
    }
}
