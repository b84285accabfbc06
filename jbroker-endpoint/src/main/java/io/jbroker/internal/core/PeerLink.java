package io.jbroker.internal.core;

import io.jbroker.EndpointId;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.Filter;

/**
 * The router's handle on one established peering: where to send envelopes and what the peer
 * subscribed to. Implementations are thread-safe; {@link #send} never blocks.
 */
public interface PeerLink {
    /** The peer's endpoint ID. */
    EndpointId remoteId();

    /** The peer's latest announced filter. */
    Filter filter();

    /**
     * Queues an envelope for the peer. The frame is shared with other peers and must not be
     * modified. Returns false if the peer's buffer policy rejected it.
     */
    boolean send(Envelope envelope);

    /**
     * Queues an envelope only if the peer's buffer has room now, without its overflow policy;
     * false means "try {@link #send(Envelope, long)}", not "dropped".
     */
    default boolean sendIfRoom(Envelope envelope) {
        return false;
    }

    /**
     * Queues an envelope, waiting until {@code deadlineNanos} ({@link System#nanoTime()} clock) for
     * room in the peer's buffer instead of applying the overflow policy.
     *
     * @return false if there was no room before the deadline or the peering is closing
     */
    default boolean send(Envelope envelope, long deadlineNanos) throws InterruptedException {
        return send(envelope);
    }
}
