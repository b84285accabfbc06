package io.jbroker.bench;

import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.store.Backend;
import io.jbroker.store.MemoryBackend;
import io.jbroker.store.SqliteBackend;
import io.jbroker.store.Store;
import io.jbroker.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Broker data store puts per second end to end, the shape of issue 13's benchmark: W writer clones
 * (each on its own endpoint) put distinct keys through the master (on its own endpoint, memory or
 * SQLite backend) to a reader clone on a further endpoint; the time runs from the first put to the
 * moment the reader has seen the last one. After that, every clone and the master must hold all N
 * keys (converged), else the run fails. All endpoints are in one JVM, without TLS, on 127.0.0.1.
 *
 * <p>Each writer thread keeps at most {@value #IN_FLIGHT} puts in flight ({@code putAsync}, a
 * semaphore released when the future completes, i.e. when the clone handed the write to its
 * channel). SQLite runs with the default durability ({@code POWER_LOSS}: fsync per commit).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.jbroker.bench.StoreThroughput [N] [BACKENDS] [WRITERS]}
 * (defaults: 200000 puts, {@code memory,sqlite}, {@code 1,4}), after a warm-up run per writer
 * count (memory, at most 1,000,000 puts, its line starts with {@code warmup}); one summary line per run:
 * {@code store backend=... writers=... puts=... seconds=... rate=.../s cpu=...us/put converged=...}.
 *
 * <p>Every store of a run (master, W writers' clones, the reader) holds all N entries in this one
 * JVM: give it a fixed heap ({@code -Xms} = {@code -Xmx}, and {@code -XX:+AlwaysPreTouch} so that
 * the kernel's first touch of each heap page is not paid during the run), as for any store server.
 */
public final class StoreThroughput {
    private static final int IN_FLIGHT = 20_000;
    private static final int WARMUP_PUTS = 1_000_000;

    private StoreThroughput() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        String[] backends = (args.length > 1 ? args[1] : "memory,sqlite").split(",");
        String[] writers = (args.length > 2 ? args[2] : "1,4").split(",");
        // JIT compilation, not measured: each writer count once, long enough for the compiler to
        // finish with the hot paths (100,000 puts left it compiling through the measured runs)
        for (String w : new java.util.LinkedHashSet<>(List.of(writers))) {
            run("memory", Integer.parseInt(w), Math.min(n, WARMUP_PUTS), "warmup ");
        }
        for (String w : writers) {
            for (String b : backends) {
                run(b, Integer.parseInt(w), n, "");
            }
        }
    }

    private static Endpoint endpoint() {
        return Endpoint.create(EndpointConfig.builder()
                .ioThreads(1)
                .tls(TlsConfig.off())
                .stallTimeout(Duration.ofSeconds(60))
                .build());
    }

    private static void run(String kind, int writerCount, int n, String label) throws Exception {
        Path dir = Files.createTempDirectory("store-bench");
        List<Endpoint> endpoints = new ArrayList<>();
        List<Store> stores = new ArrayList<>();
        try {
            Endpoint m = endpoint();
            endpoints.add(m);
            int port = m.listen("127.0.0.1", 0);
            Backend backend =
                    switch (kind) {
                        case "memory" -> new MemoryBackend();
                        case "sqlite" -> SqliteBackend.open(dir.resolve("bench.sqlite"));
                        default -> throw new IllegalArgumentException("backend memory or sqlite, not " + kind);
                    };
            List<Endpoint> peers = new ArrayList<>();
            for (int i = 0; i <= writerCount; i++) {
                Endpoint e = endpoint();
                endpoints.add(e);
                // retried: a peering the endpoint drops under overload (counted in disconnects) comes back
                e.peer("127.0.0.1", port, Duration.ofMillis(100)).get(10, TimeUnit.SECONDS);
                peers.add(e);
            }
            Store master = Stores.attachMaster(m, "bench", backend);
            stores.add(master);
            List<Store> writerStores = new ArrayList<>();
            for (int i = 0; i < writerCount; i++) {
                Store s = Stores.attachClone(peers.get(i), "bench");
                stores.add(s);
                writerStores.add(s);
            }
            Store reader = Stores.attachClone(peers.get(writerCount), "bench");
            stores.add(reader);
            for (Store s : stores) {
                s.keys(); // a clone answers once its snapshot arrived
            }
            CountDownLatch done = new CountDownLatch(1);
            AtomicLong seen = new AtomicLong();
            reader.onEvent(e -> {
                if (seen.incrementAndGet() == n) {
                    done.countDown();
                }
            });
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            for (int w = 0; w < writerCount; w++) {
                Store s = writerStores.get(w);
                int from = (int) ((long) n * w / writerCount);
                int to = (int) ((long) n * (w + 1) / writerCount);
                Thread t = new Thread(() -> putAll(s, from, to, failure), "writer-" + w);
                t.start();
                threads.add(t);
            }
            boolean all = awaitAll(done, seen);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMicros = (processCpuNanos() - cpuStart) / 1e3;
            if (!all) {
                threads.forEach(Thread::interrupt);
            }
            for (Thread t : threads) {
                t.join();
            }
            boolean converged = all && converged(stores, n);
            System.out.printf(
                    Locale.ROOT,
                    "%sstore backend=%s writers=%d puts=%d visible=%d seconds=%.2f rate=%.0f/s cpu=%.2fus/put"
                            + " commits=%d dropped=%d slow_clones_dropped=%d peer_dropped=%d disconnects=%d"
                            + " resyncs=%d converged=%s%n",
                    label,
                    kind,
                    writerCount,
                    n,
                    seen.get(),
                    seconds,
                    seen.get() / seconds,
                    cpuMicros / Math.max(1, seen.get()),
                    master.commitCount(),
                    stores.stream().mapToLong(Store::droppedCount).sum(),
                    master.slowClonesDropped(),
                    endpoints.stream().mapToLong(e -> e.metrics().peerDropped()).sum(),
                    endpoints.stream().mapToLong(e -> e.metrics().disconnects()).sum(),
                    stores.stream().mapToLong(Store::resyncCount).sum(),
                    converged);
            if (failure.get() != null) {
                throw new IllegalStateException("a put failed", failure.get());
            }
            if (!converged) {
                throw new IllegalStateException("not converged: " + seen.get() + " of " + n + " visible");
            }
        } finally {
            for (Store s : stores) {
                s.close();
            }
            for (Endpoint e : endpoints) {
                e.close();
            }
        }
    }

    /** Waits for the reader to see every put; gives up after 30 s without progress. */
    private static boolean awaitAll(CountDownLatch done, AtomicLong seen) throws InterruptedException {
        long last = -1;
        int idle = 0;
        while (!done.await(1, TimeUnit.SECONDS)) {
            long now = seen.get();
            idle = now == last ? idle + 1 : 0;
            last = now;
            if (idle >= STALL_SECONDS) {
                return false;
            }
        }
        return true;
    }

    private static final int STALL_SECONDS = 30;

    private static void putAll(Store s, int from, int to, AtomicReference<Throwable> failure) {
        Semaphore window = new Semaphore(IN_FLIGHT);
        try {
            for (int i = from; i < to; i++) {
                window.acquire();
                s.putAsync(Data.count(i), Data.count(i), Optional.empty()).whenComplete((ok, f) -> {
                    if (f != null) {
                        failure.compareAndSet(null, f);
                    }
                    window.release();
                });
            }
            window.acquire(IN_FLIGHT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every store (master and clones) holds the N keys, polled for up to 60 s. */
    private static boolean converged(List<Store> stores, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (Store s : stores) {
            while (s.keys().size() != n) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(20);
            }
        }
        return true;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
