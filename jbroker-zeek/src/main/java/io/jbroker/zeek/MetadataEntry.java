package io.jbroker.zeek;

import io.jbroker.data.Data;
import io.jbroker.data.TimestampValue;
import io.jbroker.data.VectorValue;
import java.util.Objects;

/**
 * One entry of an event's metadata, sent as {@code [count key, value]}. Key {@value
 * #NETWORK_TIMESTAMP} is Zeek's network time and must hold a timestamp; keys 2 to 199 are reserved
 * for Zeek and keys from {@value #FIRST_USER_KEY} on are free for applications that agree on them.
 *
 * @param key the key, an unsigned 64-bit count
 * @param value the value
 */
public record MetadataEntry(long key, Data value) {
    /** The key of the network timestamp. */
    public static final long NETWORK_TIMESTAMP = 1;

    /** The first key free for third-party use. */
    public static final long FIRST_USER_KEY = 200;

    /**
     * @throws IllegalArgumentException if the key is {@value #NETWORK_TIMESTAMP} and the value is not
     *     a timestamp (Broker would reject the event)
     */
    public MetadataEntry {
        Objects.requireNonNull(value, "value");
        if (key == NETWORK_TIMESTAMP && !(value instanceof TimestampValue)) {
            throw new IllegalArgumentException("network timestamp metadata must be a timestamp, not "
                    + value.type().jsonName());
        }
    }

    /** The network-timestamp entry {@code [1, timestamp]}. */
    public static MetadataEntry networkTimestamp(TimestampValue timestamp) {
        return new MetadataEntry(NETWORK_TIMESTAMP, timestamp);
    }

    /** {@code [count key, value]}. */
    public VectorValue toData() {
        return Data.vector(Data.count(key), value);
    }

    /** {@code key: value}, the key unsigned. */
    @Override
    public String toString() {
        return Long.toUnsignedString(key) + ": " + value;
    }
}
