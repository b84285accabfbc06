package io.jbroker.store;

import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A measurement, not a test: puts/s from one clone through a master to a second clone (time until
 * the last put is visible there), on the memory and the SQLite backend. Args: [puts] (default
 * 200000). Endpoints without TLS on 127.0.0.1.
 */
public final class StoreThroughput {
    private StoreThroughput() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        for (String backend : new String[] {"memory", "sqlite", "memory", "sqlite"}) {
            run(backend, n);
        }
    }

    private static Endpoint endpoint() {
        return Endpoint.create(
                EndpointConfig.builder().ioThreads(1).tls(TlsConfig.off()).build());
    }

    private static void run(String kind, int n) throws Exception {
        Path dir = Files.createTempDirectory("store-bench");
        try (Endpoint m = endpoint();
                Endpoint w = endpoint();
                Endpoint r = endpoint()) {
            int port = m.listen("127.0.0.1", 0);
            w.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
            r.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
            Backend b = kind.equals("memory") ? new MemoryBackend() : SqliteBackend.open(dir.resolve("b.sqlite"));
            try (Store master = Stores.attachMaster(m, "bench", b);
                    Store writer = Stores.attachClone(w, "bench");
                    Store reader = Stores.attachClone(r, "bench")) {
                writer.keys();
                reader.keys();
                CountDownLatch done = new CountDownLatch(1);
                AtomicLong seen = new AtomicLong();
                reader.onEvent(e -> {
                    if (seen.incrementAndGet() == n) {
                        done.countDown();
                    }
                });
                Semaphore window = new Semaphore(20_000);
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    window.acquire();
                    writer.putAsync(Data.count(i), Data.count(i), Optional.empty())
                            .whenComplete((ok, f) -> window.release());
                }
                boolean all = done.await(120, TimeUnit.SECONDS);
                double s = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        "%-6s %d puts, 1 writer clone -> master -> reader clone: %s in %.2f s = %.0f puts/s; "
                                + "master commits %d, dropped %d%n",
                        kind,
                        n,
                        all ? "all visible" : "NOT all visible (" + seen.get() + ")",
                        s,
                        n / s,
                        master.commitCount(),
                        master.droppedCount() + reader.droppedCount());
            }
        }
    }
}
