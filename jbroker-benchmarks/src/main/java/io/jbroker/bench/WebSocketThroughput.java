package io.jbroker.bench;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.Publisher;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.websocket.ZeekWebSocketClient;
import io.jbroker.websocket.ZeekWebSocketGateway;
import io.jbroker.zeek.internal.workload.ThroughputWorkload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Events per second through Zeek's WebSocket API, in one JVM over 127.0.0.1: {@code CLIENTS}
 * {@link ZeekWebSocketClient}s talk to a {@link ZeekWebSocketGateway} on node A, which is peered
 * (Broker protocol, plain TCP) with node B ({@link WebSocketRig}). Every run must be lossless and
 * no client may disconnect, reconnect or drop: a run that does prints {@code FAILED} with what went
 * wrong, and the program exits with status 1 after the remaining modes.
 *
 * <ul>
 *   <li>{@code into-client}: B publishes N events (with a waiting {@link Publisher}); every client
 *       subscribes and must receive all N through A's gateway (CLIENTS × N deliveries).
 *   <li>{@code from-client}: the clients publish N events in all (N / CLIENTS each); B receives
 *       them.
 *   <li>{@code round-trip}: the clients publish N events in all (N / CLIENTS each, on their own
 *       topic), B echoes each on the client's own echo topic, every client receives its echoes
 *       (client, gateway, peer and back).
 *   <li>{@code latency}: one client, one event at a time through the same path as {@code
 *       round-trip} ({@link WebSocketLatency}); N samples after N / 10 warm-up round trips.
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.jbroker.bench.WebSocketThroughput [MODE] [N] [TYPE]
 * [CLIENTS]} (defaults: all three throughput modes, 500000 events, type 1 of upstream's
 * broker-throughput, one client).
 */
public final class WebSocketThroughput {
    private static final String ECHO = "/benchmark/echo";

    private WebSocketThroughput() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        int type = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        boolean ok = true;
        for (String m : mode.equals("all") ? List.of("into-client", "from-client", "round-trip") : List.of(mode)) {
            ok &= m.equals("latency") ? WebSocketLatency.run(n, n / 10, type) : run(m, n, type, clients);
        }
        if (!ok) {
            System.exit(1);
        }
    }

    /** The topic client {@code i} publishes on (round-trip) and the one it receives its echoes on. */
    private static String own(String prefix, int i) {
        return String.format(Locale.ROOT, "%s/c%03d", prefix, i);
    }

    private static boolean run(String mode, int n, int type, int clientCount) throws Exception {
        Data event = new ThroughputWorkload().event(type);
        int each = mode.equals("into-client") ? n : n / clientCount;
        long expectedPerClient = mode.equals("from-client") ? 0 : each;
        long expectedTotal = mode.equals("into-client") ? (long) n * clientCount : (long) each * clientCount;
        ExecutorService pool = Executors.newCachedThreadPool();
        try (WebSocketRig rig = new WebSocketRig()) {
            // B's own subscriber only where B reads (a publisher also feeds local subscribers).
            Subscriber atB = mode.equals("into-client") ? null : rig.b.subscribe(ThroughputWorkload.TOPIC);
            List<String> echoTopics = new ArrayList<>();
            for (int i = 0; i < clientCount; i++) {
                List<String> topics =
                        switch (mode) {
                            case "into-client" -> List.of(ThroughputWorkload.TOPIC);
                            case "from-client" -> List.of();
                            case "round-trip" -> List.of(own(ECHO, i));
                            default -> throw new IllegalArgumentException("unknown mode " + mode);
                        };
                echoTopics.addAll(topics);
                rig.connect(topics);
            }
            WebSocketRig.awaitAnnounced(rig.b, echoTopics);
            if (atB != null) {
                WebSocketRig.awaitAnnounced(rig.a, List.of(ThroughputWorkload.TOPIC));
            }
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            List<Future<Long>> producers = new ArrayList<>();
            List<Future<long[]>> consumers = new ArrayList<>();
            switch (mode) {
                case "into-client" ->
                    producers.add(pool.submit(() -> publishAll(rig.b, ThroughputWorkload.TOPIC, event, n)));
                case "from-client", "round-trip" -> {
                    for (int i = 0; i < clientCount; i++) {
                        ZeekWebSocketClient c = rig.clients.get(i);
                        String topic =
                                mode.equals("round-trip") ? own(ThroughputWorkload.TOPIC, i) : ThroughputWorkload.TOPIC;
                        producers.add(pool.submit(() -> publishAll(c, DataMessage.of(topic, event), each)));
                    }
                }
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
            if (mode.equals("round-trip")) {
                producers.add(pool.submit(() -> echo(atB, rig.b, expectedTotal)));
            }
            if (mode.equals("from-client")) {
                consumers.add(pool.submit(timed(start, () -> take(atB, expectedTotal))));
            } else {
                for (ZeekWebSocketClient c : rig.clients) {
                    consumers.add(pool.submit(timed(start, () -> take(c, each))));
                }
            }
            long received = 0;
            double slowest = 0;
            double minRate = Double.MAX_VALUE;
            double maxRate = 0;
            List<String> problems = new ArrayList<>();
            for (Future<long[]> f : consumers) {
                long[] r = get(f, problems);
                if (r == null) {
                    continue;
                }
                received += r[0];
                double s = r[1] / 1e9;
                slowest = Math.max(slowest, s);
                minRate = Math.min(minRate, r[0] / s);
                maxRate = Math.max(maxRate, r[0] / s);
            }
            for (Future<Long> f : producers) {
                get(f, problems);
            }
            double cpuMicros = (processCpuNanos() - cpuStart) / 1e3;
            if (received != expectedTotal) {
                problems.add("lost " + (expectedTotal - received) + " of " + expectedTotal + " events");
            }
            problems.addAll(rig.problems());
            System.out.printf(
                    Locale.ROOT,
                    "websocket %s type=%d clients=%d events=%d per_client=%d received=%d seconds=%.2f rate=%.0f/s"
                            + "%s cpu=%.2fus/event%n",
                    mode,
                    type,
                    clientCount,
                    expectedTotal,
                    mode.equals("from-client") ? each : expectedPerClient,
                    received,
                    slowest,
                    received / slowest,
                    clientCount > 1 && !mode.equals("from-client")
                            ? String.format(Locale.ROOT, " per_client_rate=%.0f..%.0f/s", minRate, maxRate)
                            : "",
                    cpuMicros / Math.max(1, received));
            System.out.println("  gateway " + rig.gateway.metrics());
            return report(problems, rig);
        } finally {
            pool.shutdownNow();
        }
    }

    static boolean report(List<String> problems, WebSocketRig rig) {
        if (problems.isEmpty()) {
            System.out.println("  ok: lossless, no client disconnected, reconnected or dropped");
            return true;
        }
        System.out.println("  FAILED: " + String.join("; ", problems));
        System.out.println("  node A " + rig.a.metrics());
        for (ZeekWebSocketClient c : rig.clients) {
            System.out.println("  client received=" + c.receivedCount() + " dropped=" + c.droppedCount() + " queued="
                    + c.available() + " reconnects=" + c.reconnectCount());
        }
        return false;
    }

    /** The thread's result, or {@code null} (and the failure among the problems) if it threw. */
    private static <T> T get(Future<T> f, List<String> problems) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            problems.add("thread failed: " + e.getCause());
            return null;
        }
    }

    /** {@code count} and the nanoseconds from {@code start} to its end. */
    private static Callable<long[]> timed(long start, Callable<Long> count) {
        return () -> {
            long got = count.call();
            return new long[] {got, System.nanoTime() - start};
        };
    }

    /**
     * CPU time of the whole process (all threads, both nodes, gateway and clients): per event it
     * depends far less on the machine's load than the rate does.
     */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static long publishAll(Endpoint e, String topic, Data event, int n) throws InterruptedException {
        try (Publisher p = e.publisher(topic, Duration.ofSeconds(60))) {
            for (int i = 0; i < n; i++) {
                p.publish(event);
            }
        }
        return n;
    }

    private static long publishAll(ZeekWebSocketClient c, DataMessage m, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            c.publish(m);
        }
        return n;
    }

    /** B: publishes every event it receives on the echo topic of the client that sent it. */
    private static long echo(Subscriber from, Endpoint e, long n) throws InterruptedException {
        Map<Topic, Publisher> publishers = new HashMap<>();
        int prefix = ThroughputWorkload.TOPIC.length();
        long done = 0;
        try {
            while (done < n) {
                List<DataMessage> batch = from.get(1024, Duration.ofSeconds(30));
                if (batch.isEmpty()) {
                    break;
                }
                for (DataMessage m : batch) {
                    publishers
                            .computeIfAbsent(
                                    m.topic(),
                                    t -> e.publisher(ECHO + t.toString().substring(prefix), Duration.ofSeconds(60)))
                            .publish(m.data());
                }
                done += batch.size();
            }
        } finally {
            publishers.values().forEach(Publisher::close);
        }
        return done;
    }

    private static long take(ZeekWebSocketClient c, long n) throws InterruptedException {
        long got = 0;
        while (got < n) {
            List<DataMessage> batch = c.receive(4096, Duration.ofSeconds(30));
            if (batch.isEmpty()) {
                break;
            }
            got += batch.size();
        }
        return got;
    }

    private static long take(Subscriber s, long n) throws InterruptedException {
        long got = 0;
        while (got < n) {
            List<DataMessage> batch = s.get(4096, Duration.ofSeconds(30));
            if (batch.isEmpty()) {
                break;
            }
            got += batch.size();
        }
        return got;
    }
}
