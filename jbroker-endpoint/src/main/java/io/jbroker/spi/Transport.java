package io.jbroker.spi;

/**
 * A way for an {@link io.jbroker.endpoint.Endpoint} to reach other nodes besides Broker peering
 * (the ZeroMQ cluster backend, a WebSocket gateway). The endpoint's hub owns routing, the bounded
 * buffers with their overflow policies, back-pressure, drop reports and metrics; a transport only
 * moves already-encoded messages between the hub and its sockets through the {@link Link}s it
 * attaches.
 *
 * <p>Lifecycle: {@link io.jbroker.endpoint.Endpoint#attach} calls {@link #start} once; the
 * endpoint closes every attached transport when it closes. {@link #close} must be idempotent and
 * may be called from any thread.
 */
public interface Transport extends AutoCloseable {
    /** A short name for status events and metrics, like {@code zeromq}. */
    String name();

    /** Starts the transport; must not block for long (start I/O threads and return). */
    void start(TransportContext context);

    /** Stops the transport and detaches its links. Idempotent. */
    @Override
    void close();
}
