package io.jbroker.spi;

import io.jbroker.Topic;

/**
 * A data message the hub hands a link to send: its topic and its value already encoded once in
 * Broker's binary format v1 (the payload of a Broker data message, which is exactly ZeroMQ's
 * {@code broker-bin-v1} payload). The payload bytes are a view into a buffer shared with other
 * links: read them, never modify them.
 */
public record OutboundMessage(Topic topic, byte[] array, int offset, int length) {
    /** A copy of the payload bytes. */
    public byte[] payload() {
        return java.util.Arrays.copyOfRange(array, offset, offset + length);
    }
}
