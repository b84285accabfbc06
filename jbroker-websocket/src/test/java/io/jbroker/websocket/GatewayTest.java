package io.jbroker.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.data.JsonFormat;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.OverflowPolicy;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.endpoint.testing.Endpoints;
import io.jbroker.zeek.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway against the JDK's {@link java.net.http.WebSocket} (a client jbroker did not write):
 * Zeek's handshake, ack, data messages, error objects and close codes; pub/sub between WebSocket
 * clients, the local endpoint and a Broker peer over 127.0.0.1; back-pressure on a fast publisher;
 * bad input and clients that do not read, while the others keep being served.
 */
class GatewayTest {
    @RegisterExtension
    final Endpoints resources = new Endpoints();

    private <T extends AutoCloseable> T track(T t) {
        return resources.track(t);
    }

    private Endpoint endpoint(EndpointConfig.Builder b) {
        return track(Endpoint.create(b.tls(TlsConfig.off()).ioThreads(1).build()));
    }

    private Endpoint endpoint() {
        return endpoint(EndpointConfig.builder());
    }

    private static String url(ZeekWebSocketGateway g) {
        return "ws://127.0.0.1:" + g.port() + "/v1/messages/json";
    }

    static String ping(String topic, String s, long n) {
        return new String(
                JsonFormat.encodeMessage(DataMessage.of(
                        topic,
                        Event.of("Test::ping", Data.string(s), Data.count(n)).toData())),
                StandardCharsets.UTF_8);
    }

    static void await(String what, BooleanSupplier c) throws InterruptedException {
        ZeekWebSocketClientTest.await(c, what);
    }

    @Test
    void ackThenEventsBetweenClientsAndTheEndpointButNoEcho() throws Exception {
        Endpoint ep = endpoint();
        ZeekWebSocketGateway g = track(ZeekWebSocketGateway.start(ep, "127.0.0.1", 0));
        Subscriber local = ep.subscribe("/test/");
        JdkClient a = track(new JdkClient(url(g)));
        a.send("[\"/test/\"]");
        assertThat(a.next())
                .isEqualTo("{\"type\":\"ack\",\"endpoint\":\"" + ep.id() + "-websocket-0\",\"version\":\""
                        + ZeekWebSocketGateway.VERSION + "\"}");
        JdkClient b = track(JdkClient.subscribed(url(g), "[\"/test/\"]"));
        a.send(ping("/test/to_zeek", "hello", 1));
        // b and the endpoint get it, a does not (Zeek never echoes a client's own events).
        assertThat(b.next()).isEqualTo(ping("/test/to_zeek", "hello", 1));
        DataMessage m = local.get(Duration.ofSeconds(10));
        assertThat(Event.parse(m.data())).isEqualTo(Event.of("Test::ping", Data.string("hello"), Data.count(1)));
        ep.publish("/test/from_node", Event.of("Test::pong", Data.count(2)).toData());
        String expected = new String(
                JsonFormat.encodeMessage(DataMessage.of(
                        "/test/from_node", Event.of("Test::pong", Data.count(2)).toData())),
                StandardCharsets.UTF_8);
        assertThat(a.next()).isEqualTo(expected);
        assertThat(b.next()).isEqualTo(expected);
        assertThat(a.texts).isEmpty();
        assertThat(g.metrics().echoesSuppressed()).isEqualTo(1);
        assertThat(g.metrics().clients()).isEqualTo(2);
        // Binary frames are read like text frames (as Zeek does, captured).
        a.sendBinary(ping("/test/bin", "binary", 3).getBytes(StandardCharsets.UTF_8));
        assertThat(b.next()).isEqualTo(ping("/test/bin", "binary", 3));
    }

    @Test
    void zeekErrorObjectsAndCloseCodesForBadInput() throws Exception {
        Endpoint ep = endpoint();
        ZeekWebSocketGateway g =
                track(ZeekWebSocketGateway.builder(ep).maxFrameBytes(64 * 1024).start("127.0.0.1", 0));
        String base = "ws://127.0.0.1:" + g.port();

        JdkClient wrongPath = track(new JdkClient(base + "/v1/messages/json/"));
        assertThat(wrongPath.next())
                .isEqualTo(
                        "{\"type\":\"error\",\"code\":\"invalid_uri\",\"context\":\"Invalid URI - use /v1/messages/json\"}");
        assertThat(wrongPath.awaitClose()).isEqualTo(1008);
        assertThat(wrongPath.closeReason).isEqualTo("Invalid URI - use /v1/messages/json");

        JdkClient badName = track(new JdkClient(url(g), Map.of("X-Application-Name", "bad name!"), true));
        assertThat(badName.next())
                .isEqualTo(
                        "{\"type\":\"error\",\"code\":\"invalid_application_name\",\"context\":\"Invalid X-Application-Name\"}");
        assertThat(badName.awaitClose()).isEqualTo(1008);

        for (String[] c : new String[][] {
            {"{\"subscriptions\":[\"/a\"]}", "subscriptions not an array"},
            {"[\"/a\",1,null]", "individual subscription not a string"},
            {"[\"/a\"", "subscriptions not an array"},
            {"not json at all", "subscriptions not an array"}
        }) {
            JdkClient bad = track(new JdkClient(url(g)));
            bad.send(c[0]);
            assertThat(bad.next())
                    .isEqualTo("{\"type\":\"error\",\"code\":\"deserialization_failed\",\"context\":\"" + c[1] + "\"}");
            // Dead, as in Zeek: a later valid array gets nothing.
            bad.send("[\"/a\"]");
            bad.send(ping("/a", "x", 1));
            bad.close();
        }

        JdkClient c = track(JdkClient.subscribed(url(g), "[\"/test/\"]"));
        String[][] afterAck = {
            {"{\"type\":\"data-message\",\"topic\":", "failed to decode JSON object"},
            {"[1,2,3]", "failed to decode JSON object"},
            {"{\"type\":\"data-message\",\"@data-type\":\"count\",\"data\":1}", "no topic in top-level JSON object"},
            {
                "{\"type\":\"data-message\",\"topic\":\"/x\",\"@data-type\":\"count\",\"data\":1}",
                "failed to create Zeek event"
            },
            {
                "{\"type\":\"data-message\",\"topic\":\"/x\",\"@data-type\":\"phone\",\"data\":1}",
                "failed to decode JSON object"
            },
            {"", "failed to decode JSON object"},
            {
                "{\"type\":\"data-message\",\"topic\":\"/x\",\"@data-type\":\"count\",\"data\":\"wrong type\"}",
                "failed to decode JSON object"
            }
        };
        for (String[] in : afterAck) {
            c.send(in[0]);
            assertThat(c.next())
                    .as(in[0])
                    .isEqualTo(
                            "{\"type\":\"error\",\"code\":\"deserialization_failed\",\"context\":\"" + in[1] + "\"}");
        }
        // A frame above the limit closes that connection with 1009; the others stay.
        JdkClient huge = track(JdkClient.subscribed(url(g), "[]"));
        huge.send("{\"type\":\"data-message\",\"topic\":\"/x\",\"x\":\"" + "y".repeat(100_000) + "\"}");
        assertThat(huge.awaitClose()).isEqualTo(1009);

        JdkClient other = track(JdkClient.subscribed(url(g), "[\"/test/\"]"));
        c.send(ping("/test/still", "alive", 1));
        assertThat(other.next()).isEqualTo(ping("/test/still", "alive", 1));
        assertThat(g.metrics().errorsSent()).isGreaterThanOrEqualTo(2 + 4 + afterAck.length);
    }

    @Test
    void aClientThatNeverReadsIsDroppedAndOthersKeepGoing() throws Exception {
        Endpoint ep = endpoint(EndpointConfig.builder()
                .subscriberQueueSize(1000)
                .stallTimeout(Duration.ofMillis(500))
                .subscriberOverflowPolicy(OverflowPolicy.DROP_OLDEST));
        ZeekWebSocketGateway g = track(ZeekWebSocketGateway.builder(ep)
                // Long enough that the reader, starved of CPU on a loaded machine, is not taken for stuck.
                .sendTimeout(Duration.ofSeconds(5))
                .start("127.0.0.1", 0));
        JdkClient stuck = track(new JdkClient(url(g), Map.of(), false));
        stuck.send("[\"/flood/\"]");
        assertThat(stuck.next()).startsWith("{\"type\":\"ack\"");
        JdkClient reader = track(JdkClient.subscribed(url(g), "[\"/flood/\"]"));
        String payload = "p".repeat(1000);
        long sent = 0;
        int readerGot = 0;
        // Publish until the stuck client is dropped; the reader keeps receiving throughout.
        while (stuck.closeCode.getNow(null) == null && g.metrics().disconnects() == 0) {
            for (int i = 0; i < 100; i++) {
                ep.publish(
                        "/flood/x",
                        Event.of("Test::flood_msg", Data.count(sent++), Data.string(payload))
                                .toData());
            }
            while (reader.texts.poll() != null) {
                readerGot++;
            }
            Thread.sleep(1);
            assertThat(sent).as("the stuck client is dropped").isLessThan(10_000_000);
        }
        await("the drop", () -> g.metrics().clients() == 1);
        assertThat(g.metrics().disconnects()).as(g.metrics().toString()).isEqualTo(1);
        assertThat(reader.closeCode.getNow(null))
                .as("the reader is still connected")
                .isNull();
        ep.publish("/flood/last", Event.of("Test::done").toData());
        String last;
        do {
            last = reader.next();
            assertThat(last).isNotNull();
            readerGot++;
        } while (!last.contains("Test::done"));
        assertThat(readerGot).isPositive();
    }

    @Test
    void aFastPublisherIsPushedBackNotDropped() throws Exception {
        Endpoint ep = endpoint(EndpointConfig.builder()
                .subscriberQueueSize(100)
                .stallTimeout(Duration.ofSeconds(30))
                .subscriberOverflowPolicy(OverflowPolicy.DROP_NEWEST));
        ZeekWebSocketGateway g =
                track(ZeekWebSocketGateway.builder(ep).maxPendingPublishes(16).start("127.0.0.1", 0));
        Subscriber slow = ep.subscribe("/fast/");
        int n = 5_000;
        Thread publisher = new Thread(() -> {
            try (ZeekWebSocketClient c = ZeekWebSocketClient.connect(url(g))) {
                for (int i = 0; i < n; i++) {
                    c.publish("/fast/x", Event.of("Test::n", Data.count(i)));
                }
                Thread.sleep(Long.MAX_VALUE); // keep the connection until interrupted
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        publisher.setDaemon(true);
        publisher.start();
        try {
            for (int i = 0; i < n; i++) {
                DataMessage m = slow.get(Duration.ofSeconds(20));
                assertThat(m).as("message %d", i).isNotNull();
                assertThat(Event.parse(m.data()).args()).containsExactly(Data.count(i));
                if (i % 500 == 0) {
                    Thread.sleep(20); // a slow consumer: the queue fills, the client is paused
                }
            }
        } finally {
            publisher.interrupt();
        }
        assertThat(slow.droppedCount()).isZero();
        assertThat(g.metrics().readPauses()).isPositive();
        assertThat(g.metrics().publishedNotLossless()).isZero();
    }

    @Test
    void gatewayReachesABrokerPeerBothWays() throws Exception {
        Endpoint node = endpoint();
        Endpoint peer = endpoint();
        ZeekWebSocketGateway g = track(ZeekWebSocketGateway.start(node, "127.0.0.1", 0));
        int port = node.listen("127.0.0.1", 0);
        Subscriber atPeer = peer.subscribe("/to-peer/");
        peer.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        try (ZeekWebSocketClient ws = ZeekWebSocketClient.connect(url(g), "/to-ws/")) {
            assertThat(ws.ack().endpoint()).startsWith(node.id().toString());
            // The node learns the peer's subscription and the peer the client's, asynchronously.
            await(
                    "filters exchanged",
                    () -> node.peers().stream().anyMatch(p -> p.topics().stream()
                                    .anyMatch(t -> Topic.of("/to-peer/x").startsWith(t)))
                            && peer.peers().stream().anyMatch(p -> p.topics().stream()
                                    .anyMatch(t -> Topic.of("/to-ws/x").startsWith(t))));
            ws.publish("/to-peer/x", Event.of("Test::from_ws", Data.count(1)));
            DataMessage m = atPeer.get(Duration.ofSeconds(10));
            assertThat(Event.parse(m.data())).isEqualTo(Event.of("Test::from_ws", Data.count(1)));
            peer.publish(
                    "/to-ws/x", Event.of("Test::from_peer", Data.string("hi")).toData());
            ZeekWebSocketClient.ReceivedEvent e = ws.receiveEvent(Duration.ofSeconds(10));
            assertThat(e.event()).isEqualTo(Event.of("Test::from_peer", Data.string("hi")));
        }
    }

    @Test
    void manyConnectsAndDisconnectsLeaveNothingBehind() throws Exception {
        Endpoint ep = endpoint();
        ZeekWebSocketGateway g = track(ZeekWebSocketGateway.start(ep, "127.0.0.1", 0));
        int n = 300;
        for (int i = 0; i < n; i++) {
            JdkClient c = JdkClient.subscribed(url(g), "[\"/churn/" + i + "\"]");
            if (i % 2 == 0) {
                c.close();
            } else {
                c.ws.abort(); // no close frame
            }
        }
        // And raw TCP connections that never send an HTTP request.
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", g.port())) {
                s.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        await("every client gone", () -> g.metrics().clients() == 0);
        assertThat(g.metrics().acknowledged()).isEqualTo(n);
        // Every client's subscriber is closed (the announced filter only grows, as in Broker).
        await("every subscriber gone", () -> ep.metrics().subscribers().isEmpty());
        try (ZeekWebSocketClient c = ZeekWebSocketClient.connect(url(g), "/still/")) {
            ep.publish("/still/here", Event.of("Test::ok").toData());
            assertThat(c.receiveEvent(Duration.ofSeconds(10)).event().name()).isEqualTo("Test::ok");
        }
    }

    @Test
    void tlsGatewayWithTheClientLibrary(@TempDir Path dir) throws Exception {
        TestCerts certs = TestCerts.create(dir);
        Endpoint ep = endpoint();
        ZeekWebSocketGateway g = track(
                ZeekWebSocketGateway.builder(ep).tls(certs.cert(), certs.key()).start("127.0.0.1", 0));
        String url = "wss://127.0.0.1:" + g.port() + "/v1/messages/json";
        try (ZeekWebSocketClient c = ZeekWebSocketClient.builder(url)
                .caFile(certs.cert())
                .topics("/tls/")
                .applicationName("jbroker-test/1.0")
                .connect()) {
            assertThat(c.ack().version()).isEqualTo(ZeekWebSocketGateway.VERSION);
            ep.publish("/tls/x", Event.of("Test::secure").toData());
            assertThat(c.receiveEvent(Duration.ofSeconds(10)).event().name()).isEqualTo("Test::secure");
        }
    }

    @Test
    void shutdownClosesClientsWithGoingAway() throws Exception {
        Endpoint ep = endpoint();
        ZeekWebSocketGateway g = ZeekWebSocketGateway.start(ep, "127.0.0.1", 0);
        JdkClient c = track(JdkClient.subscribed(url(g), "[\"/x\"]"));
        g.close();
        assertThat(c.awaitClose()).isEqualTo(1001);
        assertThat(c.closeReason).isEqualTo("Terminating");
    }
}
