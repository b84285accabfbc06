package io.jbroker.zeromq;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.endpoint.TlsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Endpoints, nodes and a proxy on 127.0.0.1, all closed after each test. */
abstract class ZeroMqTestBase {
    private final List<AutoCloseable> resources = new ArrayList<>();

    <T extends AutoCloseable> T closing(T resource) {
        resources.add(resource);
        return resource;
    }

    JeroMqProxy proxy() {
        return closing(new JeroMqProxy());
    }

    Endpoint endpoint() {
        return endpoint(EndpointConfig.builder());
    }

    Endpoint endpoint(EndpointConfig.Builder b) {
        return closing(Endpoint.create(b.tls(TlsConfig.off()).ioThreads(1).build()));
    }

    /** Attaches a node to {@code e} and waits until it may publish. */
    static ZeroMqNode node(Endpoint e, ZeroMqConfig config) throws InterruptedException {
        ZeroMqNode n = new ZeroMqNode(config);
        e.attach(n);
        assertThat(n.awaitReady(Duration.ofSeconds(20))).as("node ready").isTrue();
        return n;
    }

    static List<DataMessage> receive(Subscriber s, int n) throws InterruptedException {
        List<DataMessage> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (out.size() < n && System.nanoTime() < deadline) {
            DataMessage m = s.get(Duration.ofMillis(100));
            if (m != null) {
                out.add(m);
            }
        }
        assertThat(out).as("received").hasSize(n);
        return out;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }
}
