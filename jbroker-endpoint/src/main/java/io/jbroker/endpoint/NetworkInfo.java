package io.jbroker.endpoint;

import io.jbroker.internal.net.NetworkErrors;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a peer is reached: host, TCP port, and the retry interval of an outbound peering ({@link
 * Duration#ZERO} when not retried). Printed as {@code host:port}, {@code [v6]:port} for IPv6; a
 * transport's link (port 0, its name as address, like {@code zeromq:<node id>}) as its name.
 */
public record NetworkInfo(String address, int port, Duration retry) {
    public NetworkInfo {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(retry, "retry");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public String toString() {
        return port == 0 ? address : NetworkErrors.hostPort(address, port);
    }
}
