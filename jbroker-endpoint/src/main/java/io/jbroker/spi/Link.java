package io.jbroker.spi;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import java.util.List;

/**
 * The hub's side of one attached link: its outbound buffer, the filter the router sends by, and
 * the way inbound messages enter the router.
 *
 * <p>Threading: {@link #filter(List)} and {@link #detach} may be called from any thread; {@link
 * #poll}, {@link #receive}, {@link #flush} and the counters from one thread at a time (the
 * transport's I/O thread).
 */
public interface Link {
    /** The ID the router knows this link by (random; never a real peer's). */
    EndpointId id();

    /** The name given at {@link TransportContext#attach}. */
    String name();

    /** Sets the topic prefixes the other side wants; the router sends what matches one of them. */
    void filter(List<Topic> prefixes);

    /** The current filter's prefixes. */
    List<Topic> topics();

    /**
     * Moves up to {@code max} queued messages to {@code out} without waiting (publishers waiting
     * for room are released as the buffer drains).
     *
     * @return how many were moved
     */
    int poll(List<OutboundMessage> out, int max);

    /** Messages queued for the link now. */
    int queuedMessages();

    /**
     * Asks for a {@link LinkListener#wakeup()} when the next message is queued.
     *
     * @return false if messages are queued already (poll instead of sleeping)
     */
    boolean armWakeup();

    /**
     * Hands a received data message (its value encoded in Broker's binary format v1) to the
     * router: to matching local subscribers (collected until {@link #flush}) and, on an endpoint
     * that forwards, to Broker peers and other links, never back to this link. Copies the payload.
     *
     * @return false if the payload was malformed (counted, and an error event emitted)
     */
    boolean receive(Topic topic, byte[] payload, int offset, int length);

    /** Delivers what {@link #receive} collected; a full subscriber may pause {@code source}. */
    void flush(FlowControl source);

    /** Counts messages handed to the socket. */
    void sent(int messages, long bytes);

    /** Counts a malformed inbound message and emits an error event ({@code code}, {@code reason}). */
    void malformed(ErrorCode code, String reason);

    /** Whether {@link #flush} paused the source and it has not been resumed yet. */
    boolean paused();

    /** Removes the link from the router; its counters stay in the endpoint's totals. Idempotent. */
    void detach(String reason);
}
