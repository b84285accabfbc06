package io.jbroker.endpoint;

/**
 * Broker's status codes ({@code sc}), numbered and named as upstream, plus one of jbroker's own
 * ({@link #MESSAGES_DROPPED}) that upstream endpoints never emit.
 */
public enum StatusCode {
    UNSPECIFIED("unspecified"),
    PEER_ADDED("peer_added"),
    PEER_REMOVED("peer_removed"),
    PEER_LOST("peer_lost"),
    ENDPOINT_DISCOVERED("endpoint_discovered"),
    ENDPOINT_UNREACHABLE("endpoint_unreachable"),
    /**
     * jbroker only: an overflow policy discarded messages at a peer's buffer or a subscriber's
     * queue since the last report (at most one event per buffer and second), or closed a
     * subscriber. The message says where, how many, and under which policy.
     */
    MESSAGES_DROPPED("messages_dropped");

    private final String brokerName;

    StatusCode(String brokerName) {
        this.brokerName = brokerName;
    }

    public int code() {
        return ordinal();
    }

    /** The name used in status events. */
    public String brokerName() {
        return brokerName;
    }

    /** The status code with this Broker name, or {@code null}. */
    public static StatusCode fromBrokerName(String name) {
        for (StatusCode c : values()) {
            if (c.brokerName.equals(name)) {
                return c;
            }
        }
        return null;
    }
}
