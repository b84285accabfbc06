package io.jbroker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.BrokerException;
import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.TlsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The link between a writing clone and its master goes through a {@link FaultProxy} on 127.0.0.1
 * that holds the stream back and cuts the connection in the middle of a stream of increments; the
 * clone's endpoint peers again through the proxy. Increments are not idempotent, so the final
 * counts prove that no write was lost and none applied twice: the master holds exactly the sum,
 * and the writing clone and a second clone (peered directly) converge to the master's content.
 */
class LinkFaultTest {
    private static final int KEYS = 10;
    private static final int WRITES = 30_000;

    private static Endpoint endpoint() {
        return Endpoint.create(
                EndpointConfig.builder().ioThreads(1).tls(TlsConfig.off()).build());
    }

    @Test
    void aCloneWritingThroughACutAndStalledLinkLosesAndDuplicatesNothing() throws Exception {
        try (Endpoint m = endpoint();
                Endpoint w = endpoint();
                Endpoint r = endpoint()) {
            int port = m.listen("127.0.0.1", 0);
            try (FaultProxy proxy = new FaultProxy(port)) {
                w.peer("127.0.0.1", proxy.port(), Duration.ofMillis(50));
                r.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
                Await.until("the writer's peering through the proxy", () -> !w.peers()
                        .isEmpty());
                try (Store master = Stores.attachMaster(m, "counts", new MemoryBackend());
                        Store writer = Stores.attachClone(w, "counts");
                        Store reader = Stores.attachClone(r, "counts")) {
                    writer.keys(); // synchronised with the master
                    reader.keys();
                    List<CompletableFuture<Void>> writes = new ArrayList<>();

                    increments(writer, 0, WRITES / 3, writes);
                    long before = proxy.forwarded();
                    proxy.cut(); // whatever the clone's writes and the master's updates had in flight
                    increments(writer, WRITES / 3, WRITES / 2, writes); // partly while disconnected
                    Await.until("a new connection through the proxy", () -> proxy.accepted() >= 2);

                    proxy.pause(true); // the stream is held back, in order
                    increments(writer, WRITES / 2, 2 * WRITES / 3, writes);
                    proxy.pause(false);
                    proxy.cut();
                    increments(writer, 2 * WRITES / 3, WRITES, writes);
                    assertThat(before)
                            .as("the first cut came while the stream was flowing")
                            .isPositive();

                    for (CompletableFuture<Void> f : writes) {
                        f.get(30, TimeUnit.SECONDS); // every write was handed to the writer channel
                    }
                    Await.until(
                            "exact counts at the master, the same at both clones",
                            Duration.ofSeconds(45),
                            () -> exact(master) && exact(writer) && exact(reader));
                    assertThat(proxy.accepted())
                            .as("the writer peered again after each cut")
                            .isGreaterThanOrEqualTo(3);
                    assertThat(master.recentProblems()).noneMatch(p -> p.contains("lost write"));
                    assertThat(writer.resyncCount()).isZero();
                    assertThat(reader.resyncCount()).isZero();
                }
            }
        }
    }

    private static void increments(Store s, int from, int to, List<CompletableFuture<Void>> out) {
        for (int i = from; i < to; i++) {
            out.add(s.incrementAsync(Data.count(i % KEYS), Data.count(1), Optional.empty()));
        }
    }

    /** Every key holds exactly WRITES / KEYS (no lost and no duplicated increment). */
    private static boolean exact(Store s) {
        try {
            for (int k = 0; k < KEYS; k++) {
                if (!s.get(Data.count(k)).equals(Data.count(WRITES / KEYS))) {
                    return false;
                }
            }
            return true;
        } catch (BrokerException noSuchKeyYet) {
            return false;
        }
    }
}
