package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.EndpointId;
import io.jbroker.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Peering, unpeering, subscribing and reading metrics at once from several threads, over real
 * sockets: the endpoint's parts keep their state under separate locks (peerings, outbound
 * peerings, the announced filter), so this is where a wrong lock order would deadlock, and where a
 * subscription racing a handshake could leave a peer with a stale filter.
 */
class ConcurrentControlTest {
    private static final int ROUNDS = 40;

    private static Endpoint endpoint() {
        return Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .ioThreads(2)
                .unpeerTimeout(Duration.ofSeconds(2))
                .build());
    }

    @Test
    void controlCallsFromManyThreadsNeitherDeadlockNorLeaveAStaleFilter() throws Exception {
        try (Endpoint a = endpoint();
                Endpoint b = endpoint()) {
            racePeeringAndSubscribing(a, b);
        }
    }

    private static void racePeeringAndSubscribing(Endpoint a, Endpoint b) throws Exception {
        int port = b.listen("127.0.0.1", 0);
        ConcurrentLinkedQueue<CompletableFuture<EndpointId>> futures = new ConcurrentLinkedQueue<>();
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            topics.add("/concurrent/" + i + "/"); // none a prefix of another
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> work = List.of(
                    pool.submit(() -> {
                        for (int i = 0; i < ROUNDS; i++) {
                            futures.add(a.peer("127.0.0.1", port, Duration.ofMillis(20)));
                            if (i % 3 == 2) {
                                a.unpeer("127.0.0.1", port);
                            }
                        }
                    }),
                    pool.submit(() -> {
                        for (int i = 0; i < ROUNDS; i++) {
                            if (i % 2 == 0) {
                                a.subscribe(topics.get(i));
                            } else {
                                a.forward(topics.get(i));
                            }
                        }
                    }),
                    pool.submit(() -> {
                        for (int i = 0; i < ROUNDS; i++) {
                            a.metrics();
                            a.peers();
                            if (i % 5 == 4) {
                                a.unpeer(b.id());
                            }
                        }
                    }));
            for (Future<?> f : work) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("control calls did not finish in 30 s: a deadlock?", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        // Whatever the races left, a peering made now ends up with every topic in b's view of a.
        futures.add(a.peer("127.0.0.1", port, Duration.ofMillis(20)));
        Await.until("b sees a's whole filter", Duration.ofSeconds(20), () -> b.peers().stream()
                .anyMatch(p -> p.id().equals(a.id())
                        && p.topics().containsAll(topics.stream().map(Topic::of).toList())));
        assertThat(a.announcedTopics())
                .containsAll(topics.stream().map(Topic::of).toList());

        a.close();
        Await.until("every peer() future settled", Duration.ofSeconds(10), () -> futures.stream()
                .allMatch(CompletableFuture::isDone));
        assertThat(a.peers()).isEmpty();
    }
}
