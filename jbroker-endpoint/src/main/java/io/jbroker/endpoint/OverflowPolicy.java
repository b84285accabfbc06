package io.jbroker.endpoint;

/**
 * What happens when a bounded buffer (a peer's outbound buffer or a subscriber's queue) is full.
 * Names follow upstream Broker's {@code peer-overflow-policy}.
 */
public enum OverflowPolicy {
    /** Drop the peering (or close the subscriber) and report why. Upstream's default for peers. */
    DISCONNECT,
    /** Discard the oldest buffered message to make room; the drop is counted and reported. */
    DROP_OLDEST,
    /** Discard the message that did not fit; the drop is counted and reported. */
    DROP_NEWEST
}
