package io.jbroker.internal.peer;

import io.jbroker.EndpointId;
import io.jbroker.endpoint.PeerStatus;

/**
 * Decides, per remote endpoint ID, whether a handshake may go on or the connection is redundant
 * (Broker's rules, wire-protocol spec §6.3). Shared by all connections of one endpoint, so
 * implementations are thread-safe; {@link HandshakeHandler}s call it from their event loops.
 *
 * <p>Lifecycle of one handshake: {@link #begin} once the remote ID is known; if it returned {@link
 * Decision#PROCEED}, exactly one of {@link #completed} or {@link #failed} follows. If it returned
 * {@link Decision#PAUSE}, the registry later hands the paused handshake a final decision through
 * {@link PausedHandshake#decide}, unless the handshake ends first and calls {@link #cancelled}.
 */
public interface PeerRegistry {

    /** Outcome of {@link #begin}. */
    enum Decision {
        /** Go on with the handshake; this connection now owns the remote's "connecting" status. */
        PROCEED,
        /** Originator, another handshake with the remote is in flight: send nothing, wait. */
        PAUSE,
        /** Originator, already peered (or the awaited handshake completed): drop_conn 39. */
        DROP_REDUNDANT,
        /** Responder, the remote is already connecting or peered: drop_conn 40. */
        DROP_RESPONDER_REDUNDANT,
        /** The local endpoint is shutting down: drop_conn 28. */
        DROP_SHUTTING_DOWN
    }

    /** A handshake told to {@link Decision#PAUSE}, waiting for its final decision. */
    @FunctionalInterface
    interface PausedHandshake {
        /**
         * Delivers the final decision ({@code PROCEED} if the awaited handshake failed and this one
         * takes over, otherwise a drop). Called from any thread; must not block (hand the decision
         * to the connection's event loop). If the handshake is already over when it handles a
         * {@code PROCEED}, it must call {@link #failed} so the next paused handshake gets its turn.
         */
        void decide(Decision decision);
    }

    /**
     * Registers a handshake with {@code remote} that is about to send {@code version_select}
     * (originator) or has just received it (responder).
     *
     * @param paused notified later if the answer is {@link Decision#PAUSE}
     */
    Decision begin(EndpointId remote, boolean asOriginator, PausedHandshake paused);

    /** The handshake that got {@code PROCEED} for {@code remote} reached DONE. */
    void completed(EndpointId remote);

    /** The handshake that got {@code PROCEED} for {@code remote} ended without DONE. */
    void failed(EndpointId remote);

    /** A paused handshake ended before it got its decision (closed, timed out). */
    void cancelled(EndpointId remote, PausedHandshake paused);

    /** An established peering with {@code remote} ended (called by the operational layer). */
    void disconnected(EndpointId remote);

    /** The current status of {@code remote}; {@link PeerStatus#INITIALIZED} if unknown. */
    PeerStatus status(EndpointId remote);
}
