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
 * The store channels' own repair, not TCP's: a writing clone reaches its master through a {@link
 * FrameFaultProxy} that drops single store frames and swaps others with their successor inside
 * one connection, both ways (the master's updates, heartbeats and retransmits to the clone; the
 * clone's writes, ACKs and NACKs to the master). Sequence numbers, NACKs and retransmits must
 * restore every message in order: increments are not idempotent, so the exact counts at the
 * master and at both clones prove that nothing was lost or applied twice, and no clone needed a
 * resynchronisation.
 */
class FrameFaultTest {
    private static final int KEYS = 10;
    private static final int WRITES = 3_000;
    private static final String STORE = "frames";

    private static Endpoint endpoint() {
        return Endpoint.create(
                EndpointConfig.builder().ioThreads(1).tls(TlsConfig.off()).build());
    }

    @Test
    void droppedAndReorderedStoreFramesAreRepairedByTheChannel() throws Exception {
        try (Endpoint m = endpoint();
                Endpoint w = endpoint();
                Endpoint r = endpoint()) {
            int port = m.listen("127.0.0.1", 0);
            try (FrameFaultProxy proxy =
                    new FrameFaultProxy(port, List.of(STORE + "/<$>/data/clone", STORE + "/<$>/data/master"))) {
                w.peerBlocking("127.0.0.1", proxy.port(), Duration.ZERO, Duration.ofSeconds(10));
                r.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
                try (Store master = Stores.attachMaster(m, STORE, new MemoryBackend());
                        Store writer = Stores.attachClone(w, STORE);
                        Store reader = Stores.attachClone(r, STORE)) {
                    writer.keys(); // attached and synchronised: every frame from here on is an envelope
                    reader.keys();
                    proxy.arm(7, 5);

                    List<CompletableFuture<Void>> writes = new ArrayList<>();
                    for (int i = 0; i < WRITES; i++) {
                        writes.add(writer.incrementAsync(Data.count(i % KEYS), Data.count(1), Optional.empty()));
                        if (i % 100 == 99) {
                            // Spread the writes over many channel ticks, so that frames are lost
                            // between heartbeats, not only inside one burst.
                            writes.get(i).get(30, TimeUnit.SECONDS);
                        }
                    }
                    for (CompletableFuture<Void> f : writes) {
                        f.get(30, TimeUnit.SECONDS);
                    }
                    long matchedAfterWrites = proxy.matched();
                    try {
                        Await.until(
                                "exact counts at the master, the same at both clones",
                                Duration.ofSeconds(45),
                                () -> exact(master) && exact(writer) && exact(reader));
                    } catch (AssertionError e) {
                        throw new AssertionError(
                                e.getMessage() + ": master " + counts(master) + ", writer " + counts(writer)
                                        + ", reader " + counts(reader) + "; proxy matched " + matchedAfterWrites
                                        + " after the writes, " + proxy.matched() + " now"
                                        + ", dropped " + proxy.dropped() + ", reordered " + proxy.swapped() + ", kinds "
                                        + proxy.kinds()
                                        + "; problems master " + master.recentProblems() + ", writer "
                                        + writer.recentProblems() + ", reader " + reader.recentProblems()
                                        + "; resyncs writer " + writer.resyncCount() + ", reader "
                                        + reader.resyncCount(),
                                e);
                    }
                    System.out.printf(
                            "store frames: %d matched, %d dropped, %d reordered%n",
                            proxy.matched(), proxy.dropped(), proxy.swapped());
                    assertThat(proxy.matched())
                            .as("store frames seen (the writes and their updates)")
                            .isGreaterThan(WRITES);
                    assertThat(proxy.dropped()).as("store frames dropped").isPositive();
                    assertThat(proxy.swapped()).as("store frames reordered").isPositive();
                    assertThat(writer.resyncCount()).isZero();
                    assertThat(reader.resyncCount()).isZero();
                    assertThat(master.recentProblems()).noneMatch(p -> p.contains("lost"));
                    assertThat(writer.recentProblems()).noneMatch(p -> p.contains("lost"));
                }
            }
        }
    }

    private static List<String> counts(Store s) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            try {
                out.add(String.valueOf(s.get(Data.count(k))));
            } catch (BrokerException e) {
                out.add("-");
            }
        }
        return out;
    }

    /** Every key holds exactly WRITES / KEYS. */
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
