package io.jbroker.internal.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.EndpointId;
import io.jbroker.endpoint.PeerStatus;
import io.jbroker.internal.peer.PeerRegistry.Decision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalPeerRegistryTest {
    private static final EndpointId X = EndpointId.parse("11111111-1111-4111-8111-111111111111");

    private final LocalPeerRegistry registry = new LocalPeerRegistry();
    private final List<String> decisions = Collections.synchronizedList(new ArrayList<>());

    private PeerRegistry.PausedHandshake recorder(String name) {
        return d -> decisions.add(name + ":" + d);
    }

    @Test
    void firstHandshakeProceedsAndMarksTheRemoteConnecting() {
        assertThat(registry.status(X)).isEqualTo(PeerStatus.INITIALIZED);
        assertThat(registry.begin(X, true, recorder("a"))).isEqualTo(Decision.PROCEED);
        assertThat(registry.status(X)).isEqualTo(PeerStatus.CONNECTING);
    }

    @Test
    void originatorsPauseBehindTheHandshakeInFlightAndAreDroppedInOrderOnCompletion() {
        registry.begin(X, true, recorder("a"));
        assertThat(registry.begin(X, true, recorder("b"))).isEqualTo(Decision.PAUSE);
        assertThat(registry.begin(X, true, recorder("c"))).isEqualTo(Decision.PAUSE);
        assertThat(decisions).isEmpty();

        registry.completed(X);
        assertThat(decisions).containsExactly("b:DROP_REDUNDANT", "c:DROP_REDUNDANT");
        assertThat(registry.status(X)).isEqualTo(PeerStatus.CONNECTED);
    }

    @Test
    void respondersAreDroppedWhileConnectingOrConnected() {
        registry.begin(X, false, recorder("a"));
        assertThat(registry.begin(X, false, recorder("b"))).isEqualTo(Decision.DROP_RESPONDER_REDUNDANT);
        registry.completed(X);
        assertThat(registry.begin(X, false, recorder("c"))).isEqualTo(Decision.DROP_RESPONDER_REDUNDANT);
        assertThat(registry.begin(X, true, recorder("d"))).isEqualTo(Decision.DROP_REDUNDANT);
        assertThat(decisions).isEmpty();
    }

    @Test
    void failureHandsTheTurnToTheOldestPausedHandshake() {
        registry.begin(X, true, recorder("a"));
        PeerRegistry.PausedHandshake b = recorder("b");
        registry.begin(X, true, b);
        registry.begin(X, true, recorder("c"));
        registry.cancelled(X, b);

        registry.failed(X);
        assertThat(decisions).containsExactly("c:PROCEED");
        assertThat(registry.status(X)).isEqualTo(PeerStatus.CONNECTING);

        registry.failed(X);
        assertThat(registry.status(X)).isEqualTo(PeerStatus.INITIALIZED);
    }

    @Test
    void disconnectedPeerReconnectsAndFallsBackToDisconnectedOnFailure() {
        registry.begin(X, true, recorder("a"));
        registry.completed(X);
        registry.disconnected(X);
        assertThat(registry.status(X)).isEqualTo(PeerStatus.DISCONNECTED);

        assertThat(registry.begin(X, false, recorder("b"))).isEqualTo(Decision.PROCEED);
        assertThat(registry.status(X)).isEqualTo(PeerStatus.RECONNECTING);
        assertThat(registry.begin(X, true, recorder("c"))).isEqualTo(Decision.PAUSE);
        registry.failed(X);
        assertThat(decisions).containsExactly("c:PROCEED");
        registry.failed(X);
        assertThat(registry.status(X)).isEqualTo(PeerStatus.DISCONNECTED);
    }

    @Test
    void shutdownDropsPausedHandshakesAndRefusesNewOnes() {
        registry.begin(X, true, recorder("a"));
        registry.begin(X, true, recorder("b"));
        registry.shutdown();
        assertThat(decisions).containsExactly("b:DROP_SHUTTING_DOWN");
        assertThat(registry.begin(X, true, recorder("c"))).isEqualTo(Decision.DROP_SHUTTING_DOWN);
        assertThat(registry.status(X)).isEqualTo(PeerStatus.UNKNOWN);
    }

    @Test
    void concurrentBeginsLetExactlyOneProceed() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Decision>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String name = "t" + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return registry.begin(X, true, recorder(name));
                }));
            }
            start.countDown();
            List<Decision> results = new ArrayList<>();
            for (Future<Decision> f : futures) {
                results.add(f.get(10, TimeUnit.SECONDS));
            }
            assertThat(results).filteredOn(d -> d == Decision.PROCEED).hasSize(1);
            assertThat(results).filteredOn(d -> d == Decision.PAUSE).hasSize(threads - 1);
            registry.completed(X);
            assertThat(decisions).hasSize(threads - 1).allMatch(s -> s.endsWith(":DROP_REDUNDANT"));
        } finally {
            pool.shutdownNow();
        }
    }
}
