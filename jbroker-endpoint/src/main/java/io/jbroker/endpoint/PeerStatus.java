package io.jbroker.endpoint;

/** Lifecycle of a peering as Broker reports it ({@code peer_status}). */
public enum PeerStatus {
    INITIALIZED,
    CONNECTING,
    CONNECTED,
    PEERED,
    DISCONNECTED,
    RECONNECTING,
    UNKNOWN
}
