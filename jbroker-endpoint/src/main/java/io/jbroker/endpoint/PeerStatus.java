package io.jbroker.endpoint;

import java.util.Optional;

/**
 * Broker's per-remote peering status ({@code peer_status}), numbered and named as upstream (the
 * numbers are explicit and pinned to the spec by a test; they are never sent on the wire).
 *
 * <p>jbroker uses all seven as Broker's connector does: the handshake's registry of remotes moves
 * a remote through {@link #INITIALIZED}, {@link #CONNECTING}/{@link #RECONNECTING}, {@link
 * #CONNECTED} and {@link #DISCONNECTED}, and reports {@link #UNKNOWN} once the endpoint shuts down;
 * these states decide which of two redundant connections survives. {@link Endpoint#peers()} lists
 * established peerings only, so {@link PeerInfo#status()} is always {@link #PEERED}.
 */
public enum PeerStatus {
    /** No handshake or peering known for the remote. */
    INITIALIZED(0, "initialized"),
    /** A first handshake with the remote is in progress. */
    CONNECTING(1, "connecting"),
    /** A handshake with the remote completed. */
    CONNECTED(2, "connected"),
    /** The remote is an established peer (every peering {@link Endpoint#peers()} lists). */
    PEERED(3, "peered"),
    /** A former peering with the remote ended. */
    DISCONNECTED(4, "disconnected"),
    /** A handshake with a former peer is in progress. */
    RECONNECTING(5, "reconnecting"),
    /** The local endpoint is shutting down. */
    UNKNOWN(6, "unknown");

    private final int code;
    private final String brokerName;

    PeerStatus(int code, String brokerName) {
        this.code = code;
        this.brokerName = brokerName;
    }

    /** Broker's numeric value. */
    public int code() {
        return code;
    }

    /** Broker's name for the status. */
    public String brokerName() {
        return brokerName;
    }

    /** The status with Broker's numeric value {@code code}, or empty. */
    public static Optional<PeerStatus> of(int code) {
        for (PeerStatus s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
