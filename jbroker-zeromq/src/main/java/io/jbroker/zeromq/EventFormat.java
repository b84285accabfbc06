package io.jbroker.zeromq;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Zeek's event serializers, named in frame 3 of every event message: {@code broker-bin-v1} (the
 * default; Broker's binary data encoding) and {@code broker-json-v1} (Broker's JSON v1).
 */
public enum EventFormat {
    BROKER_BIN_V1("broker-bin-v1"),
    BROKER_JSON_V1("broker-json-v1");

    private final String wireName;
    private final byte[] bytes;

    EventFormat(String wireName) {
        this.wireName = wireName;
        this.bytes = wireName.getBytes(StandardCharsets.US_ASCII);
    }

    /** The name in frame 3. */
    public String wireName() {
        return wireName;
    }

    byte[] bytes() {
        return bytes;
    }

    /** The format named by frame 3, if known. */
    public static Optional<EventFormat> ofFrame(byte[] frame) {
        for (EventFormat f : values()) {
            if (Arrays.equals(f.bytes, frame)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format with this wire name or enum name (case-insensitive), for configuration. */
    public static EventFormat parse(String name) {
        for (EventFormat f : values()) {
            if (f.wireName.equalsIgnoreCase(name) || f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown event format " + name + " (broker-bin-v1 or broker-json-v1)");
    }
}
