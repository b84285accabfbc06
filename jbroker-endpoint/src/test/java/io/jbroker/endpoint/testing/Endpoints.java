package io.jbroker.endpoint.testing;

import io.jbroker.EndpointId;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.TlsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that opens endpoints (and anything else {@link AutoCloseable}) for a test
 * and closes all of them after it, newest first, whatever the test did: register it with
 * {@code @RegisterExtension final Endpoints endpoints = new Endpoints();}. Every resource is closed
 * even when closing another one throws; the first failure fails the test, the rest are attached
 * to it as suppressed. Shared with other modules' tests through jbroker-endpoint's test-jar.
 *
 * <p>Not thread-safe: call it from the test's thread.
 */
public final class Endpoints implements AfterEachCallback {
    /** How long {@link #peer} waits for a peering. */
    public static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** An endpoint with {@code config}, closed after the test. */
    public Endpoint create(EndpointConfig config) {
        return track(Endpoint.create(config));
    }

    /** An endpoint without TLS and with one I/O thread, otherwise defaults. */
    public Endpoint plain() {
        return plain(b -> {});
    }

    /** Like {@link #plain()}, with {@code settings} applied to the builder after those two. */
    public Endpoint plain(Consumer<EndpointConfig.Builder> settings) {
        EndpointConfig.Builder b = EndpointConfig.builder().tls(TlsConfig.off()).ioThreads(1);
        settings.accept(b);
        return create(b.build());
    }

    /** Makes {@code to} listen on 127.0.0.1 and peers {@code from} with it; returns {@code to}'s ID. */
    public static EndpointId peer(Endpoint from, Endpoint to) {
        int port = to.listen("127.0.0.1", 0);
        return from.peerBlocking("127.0.0.1", port, Duration.ZERO, PEER_TIMEOUT);
    }

    /** Closes {@code resource} after the test (before what was tracked earlier); returns it. */
    public <T extends AutoCloseable> T track(T resource) {
        opened.add(resource);
        return resource;
    }

    /** What is still open, oldest first. */
    public List<AutoCloseable> opened() {
        return List.copyOf(opened);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        closeAll();
    }

    /** Closes everything tracked, newest first; see the class comment for failures. */
    public void closeAll() throws Exception {
        Exception first = null;
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (first != null) {
            throw first;
        }
    }
}
