package io.jbroker.endpoint;

/**
 * Broker's status codes ({@code sc}), numbered and named as upstream, plus one of jbroker's own
 * ({@link #MESSAGES_DROPPED}) that upstream endpoints never emit.
 */
public enum StatusCode {
    UNSPECIFIED(0, "unspecified"),
    PEER_ADDED(1, "peer_added"),
    PEER_REMOVED(2, "peer_removed"),
    PEER_LOST(3, "peer_lost"),
    ENDPOINT_DISCOVERED(4, "endpoint_discovered"),
    ENDPOINT_UNREACHABLE(5, "endpoint_unreachable"),
    /**
     * jbroker only: an overflow policy discarded messages at a peer's buffer or a subscriber's
     * queue since the last report (at most one event per buffer and second), or closed a
     * subscriber. The message says where, how many, and under which policy.
     */
    MESSAGES_DROPPED(6, "messages_dropped");

    private final int code;
    private final String brokerName;

    StatusCode(int code, String brokerName) {
        this.code = code;
        this.brokerName = brokerName;
    }

    /**
     * Broker's numeric value (explicit, pinned to the spec by a test); 6 for jbroker's {@link
     * #MESSAGES_DROPPED}, which upstream does not have.
     */
    public int code() {
        return code;
    }

    /** The status code with this numeric value, or {@code null}. */
    public static StatusCode fromCode(int code) {
        for (StatusCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
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
