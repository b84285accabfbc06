package io.jbroker.websocket;

import java.util.Objects;

/**
 * The server's answer to the subscription array: {@code {"type":"ack","endpoint":...,"version":...}}.
 *
 * @param endpoint the id the server gave this client ({@code <node id>-websocket-<n>} under Zeek)
 * @param version the server's version (Zeek's, e.g. {@code 9.1.0-dev})
 */
public record Ack(String endpoint, String version) {
    public Ack {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(version, "version");
    }
}
