package io.jbroker.endpoint;

import io.jbroker.internal.core.PeerLink;
import io.jbroker.internal.core.Router;
import io.jbroker.internal.wire.Filter;

/**
 * All that Broker peering ({@link BrokerPeering}) sees of the rest of its endpoint: the internal
 * counterpart of the {@link io.jbroker.spi.TransportContext} through which the ZeroMQ node and the
 * WebSocket gateway plug in. It is wider where Broker peering needs more than a transport: a
 * peering is a {@link io.jbroker.internal.net.PeerConnection} that the router queues for directly,
 * matching the peer's own announced filter (a transport's link is an {@link AttachedLink} in the
 * hub), and Broker peers exchange the endpoint's announced filter, in the handshake and then in
 * routing updates.
 *
 * <p>Threading: any thread may call any method, I/O threads included; none blocks.
 */
interface PeeringContext {
    /** The endpoint's configuration: its ID, buffers and policies, timeouts, TLS. */
    EndpointConfig config();

    /** Where peerings are added and removed; delivers what they receive. */
    Router router();

    /** The filter the endpoint announces now, which a handshake sends. */
    Filter announced();

    /**
     * Sends the announced filter to the just-peered {@code peer} if it changed since {@code
     * atStart}, the filter its handshake sent (in order with the routing updates of new
     * subscriptions).
     */
    void announceIfChangedSince(PeerLink peer, Filter atStart);

    /** Emits a status or error event. */
    void emit(EndpointEvent event);

    /** Emits an error event about {@code address}, limited per kind and address. */
    void emitError(ErrorEvent event, String address);

    /** The context made of the endpoint's parts. */
    static PeeringContext of(
            EndpointConfig config, Router router, EndpointEvents events, SubscriptionRegistry subscriptions) {
        return new PeeringContext() {
            @Override
            public EndpointConfig config() {
                return config;
            }

            @Override
            public Router router() {
                return router;
            }

            @Override
            public Filter announced() {
                return subscriptions.announced();
            }

            @Override
            public void announceIfChangedSince(PeerLink peer, Filter atStart) {
                subscriptions.sendIfChangedSince(peer, atStart);
            }

            @Override
            public void emit(EndpointEvent event) {
                events.emit(event);
            }

            @Override
            public void emitError(ErrorEvent event, String address) {
                events.emitError(event, address);
            }
        };
    }
}
