package io.jbroker.spi;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.StatusCode;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the endpoint's hub offers a {@link Transport}: its identity and configuration, the topics
 * it wants from the outside (its local subscriptions and forwards, reserved topics excluded),
 * links into the router, and status and error events. Thread-safe.
 */
public interface TransportContext {
    /** The endpoint's ID. */
    EndpointId endpointId();

    /** The endpoint's configuration (buffer bounds, policies and stall timeout apply to links). */
    EndpointConfig config();

    /** The topic prefixes this endpoint wants now. */
    List<Topic> wantedTopics();

    /**
     * Calls {@code listener} with the new list whenever {@link #wantedTopics()} changes. It runs on
     * the thread that subscribed, under the lock of the endpoint's announced filter: it must be quick and must not block
     * (hand the list to the transport's own thread).
     */
    void onWantedTopicsChanged(Consumer<List<Topic>> listener);

    /**
     * Attaches a link: from now on the router queues for it every message its {@linkplain
     * Link#filter(List) filter} matches, in a buffer bounded like a peer's ({@link
     * EndpointConfig#peerBufferMessages()}, {@link EndpointConfig#peerBufferBytes()}, {@link
     * EndpointConfig#peerOverflowPolicy()}), and counts it in the endpoint's metrics like a peer.
     *
     * @param name shown in metrics and events, like {@code zeromq:<node id>}
     * @param listener told when messages are queued and when the hub closed the link
     */
    Link attach(String name, LinkListener listener);

    /** Emits a status event on the endpoint's status topic. */
    void status(StatusCode code, String message);

    /** Emits an error event on the endpoint's error topic. */
    void error(ErrorCode code, String message);
}
