package io.jbroker.internal.peer;

/**
 * Broker's per-remote peering status ({@code peer_status}), numbered as upstream. It drives the
 * redundant-connection checks of the handshake.
 */
public enum PeerStatus {
    /** No handshake or peering known for the remote. */
    INITIALIZED,
    /** A first handshake with the remote is in progress. */
    CONNECTING,
    /** A handshake with the remote completed. */
    CONNECTED,
    /** The remote is an established peer. */
    PEERED,
    /** A former peering with the remote ended. */
    DISCONNECTED,
    /** A handshake with a former peer is in progress. */
    RECONNECTING,
    /** The local endpoint is shutting down. */
    UNKNOWN;

    /** Broker's numeric value. */
    public int code() {
        return ordinal();
    }
}
