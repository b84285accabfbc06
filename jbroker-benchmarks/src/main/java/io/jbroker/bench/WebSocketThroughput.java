package io.jbroker.bench;

import io.jbroker.DataMessage;
import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Publisher;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.websocket.ZeekWebSocketClient;
import io.jbroker.websocket.ZeekWebSocketGateway;
import io.jbroker.zeek.internal.workload.ThroughputWorkload;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Events per second through Zeek's WebSocket API, in one JVM over 127.0.0.1: a {@link
 * ZeekWebSocketClient} talks to a {@link ZeekWebSocketGateway} on node A, which is peered (Broker
 * protocol, plain TCP) with node B. Every run is lossless (counted, else it fails).
 *
 * <ul>
 *   <li>{@code into-client}: B publishes N events (with a waiting {@link Publisher}); the client
 *       receives them through A's gateway.
 *   <li>{@code from-client}: the client publishes N events; B receives them.
 *   <li>{@code round-trip}: the client publishes N events, B echoes each on another topic, the
 *       client receives the echoes (client, gateway, peer and back).
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.jbroker.bench.WebSocketThroughput [MODE] [N] [TYPE]}
 * (defaults: all modes, 500000 events, type 1 of upstream's broker-throughput).
 */
public final class WebSocketThroughput {
    private static final String ECHO = "/benchmark/echo";

    private WebSocketThroughput() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        int type = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        for (String m : mode.equals("all") ? List.of("into-client", "from-client", "round-trip") : List.of(mode)) {
            run(m, n, type);
        }
    }

    /**
     * How long a receiver may take nothing before it counts as stalled (then its policy drops).
     * The defaults (1 s at the endpoints, 10 s at the client) declare a thread starved of CPU on a
     * loaded machine stalled, and the run is then lossy; a benchmark measures throughput instead.
     */
    private static final Duration STALL = Duration.ofSeconds(60);

    private static Endpoint endpoint() {
        return Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .stallTimeout(STALL)
                .build());
    }

    private static void run(String mode, int n, int type) throws Exception {
        ThroughputWorkload w = new ThroughputWorkload();
        Data event = w.event(type);
        try (Endpoint a = endpoint();
                Endpoint b = endpoint();
                ZeekWebSocketGateway gateway = ZeekWebSocketGateway.start(a, "127.0.0.1", 0)) {
            int port = a.listen("127.0.0.1", 0);
            // B's own subscriber only where B reads (a publisher also feeds local subscribers).
            Subscriber atB = mode.equals("into-client") ? null : b.subscribe(ThroughputWorkload.TOPIC);
            b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
            String url = "ws://127.0.0.1:" + gateway.port() + "/v1/messages/json";
            String clientTopic = mode.equals("round-trip") ? ECHO : ThroughputWorkload.TOPIC;
            try (ZeekWebSocketClient client = ZeekWebSocketClient.builder(url)
                    .topics(mode.equals("from-client") ? List.of() : List.of(clientTopic))
                    .stallTimeout(STALL)
                    .connect()) {
                awaitPeerSubscribed(a, b, mode.equals("from-client") ? null : clientTopic, atB != null);
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                long received;
                switch (mode) {
                    case "into-client" -> {
                        Thread pub = new Thread(() -> publishAll(b, ThroughputWorkload.TOPIC, event, n));
                        pub.start();
                        received = take(client, n);
                        pub.join();
                    }
                    case "from-client" -> {
                        Thread pub = new Thread(() -> publishAll(client, event, n));
                        pub.start();
                        received = take(atB, n);
                        pub.join();
                    }
                    case "round-trip" -> {
                        Thread echo = new Thread(() -> echo(atB, b, n));
                        echo.start();
                        Thread pub = new Thread(() -> publishAll(client, event, n));
                        pub.start();
                        received = take(client, n);
                        pub.join();
                        echo.join();
                    }
                    default -> throw new IllegalArgumentException("unknown mode " + mode);
                }
                double s = (System.nanoTime() - start) / 1e9;
                double cpuMicros = (processCpuNanos() - cpuStart) / 1e3;
                System.out.printf(
                        Locale.ROOT,
                        "websocket %s type=%d events=%d received=%d seconds=%.2f rate=%.0f/s cpu=%.2fus/event"
                                + " dropped=%d%n",
                        mode,
                        type,
                        n,
                        received,
                        s,
                        received / s,
                        cpuMicros / Math.max(1, received),
                        client.droppedCount()
                                + a.metrics().dropped()
                                + b.metrics().dropped());
                System.out.println("  gateway " + gateway.metrics());
                if (received != n) {
                    System.out.println("  node " + a.metrics());
                    System.out.println("  client received=" + client.receivedCount() + " dropped="
                            + client.droppedCount() + " queued=" + client.available());
                }
                if (received != n) {
                    throw new IllegalStateException("lost " + (n - received) + " events");
                }
            }
        }
    }

    /**
     * CPU time of the whole process (all threads, both nodes, gateway and client): per event it
     * depends far less on the machine's load than the rate does.
     */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static void awaitPeerSubscribed(Endpoint a, Endpoint b, String clientTopic, boolean bSubscribes)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            boolean aKnowsB = !bSubscribes
                    || a.peers().stream().anyMatch(p -> p.topics().stream()
                            .anyMatch(t -> io.jbroker.Topic.of(ThroughputWorkload.TOPIC)
                                    .startsWith(t)));
            boolean bKnowsClient = clientTopic == null
                    || b.peers().stream().anyMatch(p -> p.topics().stream()
                            .anyMatch(t -> io.jbroker.Topic.of(clientTopic).startsWith(t)));
            if (aKnowsB && bKnowsClient) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("subscriptions not exchanged");
    }

    private static void publishAll(Endpoint e, String topic, Data event, int n) {
        try (Publisher p = e.publisher(topic, Duration.ofSeconds(60))) {
            for (int i = 0; i < n; i++) {
                p.publish(event);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void publishAll(ZeekWebSocketClient c, Data event, int n) {
        try {
            DataMessage m = DataMessage.of(ThroughputWorkload.TOPIC, event);
            for (int i = 0; i < n; i++) {
                c.publish(m);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void echo(Subscriber from, Endpoint e, int n) {
        try (Publisher p = e.publisher(ECHO, Duration.ofSeconds(60))) {
            int done = 0;
            while (done < n) {
                List<DataMessage> batch = from.get(1024, Duration.ofSeconds(30));
                if (batch.isEmpty()) {
                    return;
                }
                for (DataMessage m : batch) {
                    p.publish(m.data());
                }
                done += batch.size();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static long take(ZeekWebSocketClient c, int n) throws InterruptedException {
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

    private static long take(Subscriber s, int n) throws InterruptedException {
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
