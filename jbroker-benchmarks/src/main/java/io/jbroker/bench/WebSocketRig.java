package io.jbroker.bench;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.websocket.ClientStatus;
import io.jbroker.websocket.ZeekWebSocketClient;
import io.jbroker.websocket.ZeekWebSocketGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The setup of the WebSocket benchmarks, in one JVM over 127.0.0.1: node A with a {@link
 * ZeekWebSocketGateway}, node B peered with A (Broker protocol, plain TCP), and any number of
 * {@link ZeekWebSocketClient}s connected to A's gateway, each with its own topics. It counts every
 * status event of every client that is not a clean start ({@link #problems()}), so that a run that
 * disconnects, reconnects or drops says so instead of passing silently.
 *
 * <p>Threading: build and close from one thread; the counters are read from any thread.
 */
final class WebSocketRig implements AutoCloseable {
    /**
     * How long a receiver may take nothing before it counts as stalled (then its policy drops).
     * The defaults (1 s at the endpoints, 10 s at the client) declare a thread starved of CPU on a
     * loaded machine stalled, and the run is then lossy; a benchmark measures throughput instead.
     */
    static final Duration STALL = Duration.ofSeconds(60);

    final Endpoint a;
    final Endpoint b;
    final ZeekWebSocketGateway gateway;
    final List<ZeekWebSocketClient> clients = new ArrayList<>();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong otherProblems = new AtomicLong();
    private final List<String> problemLines = java.util.Collections.synchronizedList(new ArrayList<>());

    private final Subscriber bStatuses;

    WebSocketRig() {
        a = endpoint();
        b = endpoint();
        bStatuses = b.statusSubscriber();
        gateway = ZeekWebSocketGateway.start(a, "127.0.0.1", 0);
        int port = a.listen("127.0.0.1", 0);
        b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
    }

    private static Endpoint endpoint() {
        return Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .stallTimeout(STALL)
                .build());
    }

    /** Connects one more client to the gateway, subscribed to {@code topics} (none: publish only). */
    ZeekWebSocketClient connect(List<String> topics) {
        String url = "ws://127.0.0.1:" + gateway.port() + "/v1/messages/json";
        ZeekWebSocketClient c = ZeekWebSocketClient.builder(url)
                .topics(topics)
                .stallTimeout(STALL)
                .onStatus(this::count)
                .connect();
        clients.add(c);
        return c;
    }

    private void count(ClientStatus s) {
        switch (s.kind()) {
            case CONNECTED -> connects.incrementAndGet();
            case DISCONNECTED -> disconnects.incrementAndGet();
            case RECONNECTING -> reconnects.incrementAndGet();
            case CLOSED -> {
                return; // our own close at the end of a run
            }
            default -> otherProblems.incrementAndGet();
        }
        if (s.kind() != ClientStatus.Kind.CONNECTED) {
            problemLines.add(s.toString());
        }
    }

    /**
     * Waits until {@code at}'s peer announces a prefix of every topic in {@code topics} (so that
     * nothing published after this is lost to a subscription still on its way).
     */
    static void awaitAnnounced(Endpoint at, Collection<String> topics) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = topics.stream().allMatch(topic -> at.peers().stream().anyMatch(p -> p.topics().stream()
                    .anyMatch(t -> Topic.of(topic).startsWith(t))));
            if (all) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("subscriptions not exchanged: " + topics);
    }

    private String statusLines() {
        List<String> lines = new ArrayList<>();
        for (DataMessage m : bStatuses.poll(1000)) {
            lines.add(m.data().toString());
        }
        return lines.toString();
    }

    /**
     * Everything that went wrong at the clients and nodes: disconnects, reconnects, extra connects,
     * drops, malformed frames, server errors; empty if the run was clean.
     */
    List<String> problems() {
        List<String> p = new ArrayList<>();
        if (connects.get() != clients.size()) {
            p.add("connects=" + connects.get() + " for " + clients.size() + " clients");
        }
        if (disconnects.get() + reconnects.get() + otherProblems.get() > 0) {
            p.add("disconnects=" + disconnects.get() + " reconnects=" + reconnects.get() + " other status events="
                    + otherProblems.get());
        }
        for (ZeekWebSocketClient c : clients) {
            if (c.reconnectCount() + c.droppedCount() + c.malformedCount() + c.serverErrorCount() > 0
                    || !c.isConnected()) {
                p.add("client connected=" + c.isConnected() + " reconnects=" + c.reconnectCount() + " dropped="
                        + c.droppedCount() + " malformed=" + c.malformedCount() + " serverErrors="
                        + c.serverErrorCount());
            }
        }
        if (gateway.metrics().disconnects() + gateway.metrics().publishedNotLossless() > 0) {
            p.add("gateway disconnects=" + gateway.metrics().disconnects() + " publishedNotLossless="
                    + gateway.metrics().publishedNotLossless());
        }
        if (a.metrics().disconnects() + b.metrics().disconnects() > 0
                || b.peers().isEmpty()) {
            p.add("peering A-B disconnects A=" + a.metrics().disconnects() + " B="
                    + b.metrics().disconnects() + ", B's peers now " + b.peers().size() + ", B's status events: "
                    + statusLines());
        }
        if (a.metrics().dropped() + b.metrics().dropped() > 0) {
            p.add("node drops A=" + a.metrics().dropped() + " B=" + b.metrics().dropped());
        }
        synchronized (problemLines) {
            problemLines.stream().limit(10).forEach(l -> p.add("status " + l));
        }
        return p;
    }

    @Override
    public void close() {
        for (ZeekWebSocketClient c : clients) {
            c.close();
        }
        gateway.close();
        b.close();
        a.close();
    }
}
