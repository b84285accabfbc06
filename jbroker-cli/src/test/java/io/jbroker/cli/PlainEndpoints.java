package io.jbroker.cli;

import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.EndpointConfigFile;
import io.jbroker.testing.Poll;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Test endpoints that match the commands' {@code --no-tls}: configured through the file key
 * {@code broker.disable-ssl}, so they stay plaintext once TLS is the default.
 */
final class PlainEndpoints {
    private PlainEndpoints() {}

    static Endpoint listening() {
        EndpointConfig config = EndpointConfigFile.parse("test", "broker.disable-ssl = true\n")
                .applyTo(EndpointConfig.builder())
                .build();
        return Endpoint.create(config);
    }

    /** A port on 127.0.0.1 that nothing listens on (bound, then released). */
    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Whether {@code condition} holds within {@code max} ({@link Poll#holds}). */
    static boolean await(BooleanSupplier condition, Duration max) {
        return Poll.holds(max, condition);
    }
}
