package io.jbroker.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.data.JsonFormat;
import io.jbroker.endpoint.OverflowPolicy;
import io.jbroker.websocket.internal.WireJson;
import io.jbroker.zeek.Event;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a test server that behaves as Zeek does (zeek-cluster.md §2, the captures):
 * heartbeat ping right after the upgrade, ack after the subscription array, pong events for
 * pings, error objects that keep the connection, closes with 1008, 1011 and 1001, TLS.
 */
class ZeekWebSocketClientTest {
    static final String ACK = "{\"type\":\"ack\",\"endpoint\":\"zeromq_test-websocket-0\",\"version\":\"9.1.0-dev\"}";

    /** Zeek's side: ping, ack, then a pong event for every Test::ping, an error for anything else. */
    static final class FakeZeek implements ScriptedServer.Script {
        final List<List<String>> subscriptions = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        volatile int closeAfterAckWith = -1; // on the first connection only

        @Override
        public void run(ScriptedServer.Conn conn) throws Exception {
            int n = connections.incrementAndGet();
            conn.ping("ixwebsocket::heartbeat::5s::0".getBytes(StandardCharsets.US_ASCII));
            ScriptedServer.Frame first = conn.nextData(10_000);
            if (first == null) {
                return;
            }
            List<String> topics = WireJson.parseSubscriptions(first.bytes(), 100);
            subscriptions.add(topics);
            conn.sendText(ACK);
            if (n == 1 && closeAfterAckWith > 0) {
                conn.close(closeAfterAckWith, closeAfterAckWith == 1001 ? "Terminating" : "policy");
                return;
            }
            ScriptedServer.Frame f;
            while ((f = conn.nextData(30_000)) != null) {
                DataMessage m;
                try {
                    m = JsonFormat.decodeMessage(f.bytes());
                } catch (RuntimeException e) {
                    conn.sendText(WireJson.error("deserialization_failed", "failed to decode JSON object"));
                    continue;
                }
                Event e = Event.from(m.data()).orElse(null);
                if (e == null || !e.name().equals("Test::ping")) {
                    conn.sendText(WireJson.error("deserialization_failed", "failed to create Zeek event"));
                    continue;
                }
                conn.sendText(JsonFormat.encodeMessage(
                        new DataMessage(Topic.of(topics.get(0)), new Event("Test::pong", e.args()).toData())));
            }
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void subscribesGetsAckPublishesAndReceivesTypedEvents() throws Exception {
        FakeZeek zeek = new FakeZeek();
        try (ScriptedServer server = new ScriptedServer(null, zeek);
                ZeekWebSocketClient client =
                        ZeekWebSocketClient.connect(server.url("/v1/messages/json"), "/test/to_client/", "/other")) {
            assertThat(client.ack()).isEqualTo(new Ack("zeromq_test-websocket-0", "9.1.0-dev"));
            assertThat(zeek.subscriptions).containsExactly(List.of("/test/to_client/", "/other"));
            client.publish("/test/to_zeek", Event.of("Test::ping", Data.string("hello"), Data.count(1)));
            ZeekWebSocketClient.ReceivedEvent got = client.receiveEvent(Duration.ofSeconds(10));
            assertThat(got.topic()).isEqualTo(Topic.of("/test/to_client/"));
            assertThat(got.event()).isEqualTo(Event.of("Test::pong", Data.string("hello"), Data.count(1)));
            assertThat(client.publishedCount()).isEqualTo(1);
        }
    }

    @Test
    void errorObjectsAreTypedAndKeepTheConnection() throws Exception {
        FakeZeek zeek = new FakeZeek();
        List<ClientStatus> statuses = new CopyOnWriteArrayList<>();
        try (ScriptedServer server = new ScriptedServer(null, zeek);
                ZeekWebSocketClient client = ZeekWebSocketClient.builder(server.url("/v1/messages/json"))
                        .topics("/t/")
                        .onStatus(statuses::add)
                        .connect()) {
            client.publish("/x", Event.of("Test::nope"));
            client.sendRaw("{not json");
            client.publish("/x", Event.of("Test::ping", Data.count(2)));
            assertThat(client.receiveEvent(Duration.ofSeconds(10)).event().name())
                    .isEqualTo("Test::pong");
            await(() -> client.serverErrorCount() == 2, "two errors");
            // Status callbacks run on their own executor, after the counter moved: wait for both.
            await(
                    () -> statuses.stream()
                                    .filter(s -> s.kind() == ClientStatus.Kind.SERVER_ERROR)
                                    .count()
                            == 2,
                    "two error statuses");
            assertThat(statuses)
                    .filteredOn(s -> s.kind() == ClientStatus.Kind.SERVER_ERROR)
                    .extracting(s -> s.serverError().orElseThrow())
                    .containsExactly(
                            ZeekError.of(ZeekErrorCode.DESERIALIZATION_FAILED, "failed to create Zeek event"),
                            ZeekError.of(ZeekErrorCode.DESERIALIZATION_FAILED, "failed to decode JSON object"));
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void refusedHandshakesThrowWithCodeAndCloseCode() throws Exception {
        // 1008 after invalid_uri (as Zeek for a wrong path), 1011 (subscribe failure), and a
        // handshake error without a close (Zeek leaves the connection dead).
        try (ScriptedServer server = new ScriptedServer(null, conn -> {
            if (!conn.path.equals("/v1/messages/json")) {
                conn.sendText(WireJson.error("invalid_uri", "Invalid URI - use /v1/messages/json"));
                conn.close(1008, "Invalid URI - use /v1/messages/json");
                return;
            }
            ScriptedServer.Frame f = conn.nextData(10_000);
            if (f != null && f.text().contains("fail-subscribe")) {
                conn.close(1011, "Could not subscribe. Something bad happened!");
            } else {
                conn.sendText(WireJson.error("deserialization_failed", "subscriptions not an array"));
            }
        })) {
            assertThatThrownBy(() -> ZeekWebSocketClient.connect(server.url("/v0/messages/json"), "/a"))
                    .isInstanceOfSatisfying(ZeekWebSocketException.class, e -> {
                        assertThat(e.error().orElseThrow().code()).isEqualTo(ZeekErrorCode.INVALID_URI);
                        assertThat(e.closeCode()).contains(CloseCode.POLICY_VIOLATION);
                        assertThat(e.closeReason()).contains("Invalid URI - use /v1/messages/json");
                    });
            assertThatThrownBy(() -> ZeekWebSocketClient.connect(server.url("/v1/messages/json"), "fail-subscribe"))
                    .isInstanceOfSatisfying(ZeekWebSocketException.class, e -> {
                        assertThat(e.error()).isEmpty();
                        assertThat(e.closeCode()).contains(CloseCode.INTERNAL_ERROR);
                    });
            assertThatThrownBy(() -> ZeekWebSocketClient.connect(server.url("/v1/messages/json"), "/a"))
                    .isInstanceOfSatisfying(ZeekWebSocketException.class, e -> {
                        assertThat(e.error())
                                .contains(ZeekError.of(
                                        ZeekErrorCode.DESERIALIZATION_FAILED, "subscriptions not an array"));
                        assertThat(e.closeCode()).isEmpty();
                    });
        }
    }

    @Test
    void reconnectsAfterGoingAwayAndSendsTheSubscriptionsAgain() throws Exception {
        FakeZeek zeek = new FakeZeek();
        zeek.closeAfterAckWith = 1001;
        List<ClientStatus> statuses = new CopyOnWriteArrayList<>();
        try (ScriptedServer server = new ScriptedServer(null, zeek);
                ZeekWebSocketClient client = ZeekWebSocketClient.builder(server.url("/v1/messages/json"))
                        .topics("/a/", "/b/")
                        .reconnect(Duration.ofMillis(20), Duration.ofMillis(200))
                        .onStatus(statuses::add)
                        .connect()) {
            await(() -> client.reconnectCount() == 1, "a reconnect");
            assertThat(zeek.subscriptions).containsExactly(List.of("/a/", "/b/"), List.of("/a/", "/b/"));
            client.publish("/x", Event.of("Test::ping", Data.count(7)));
            assertThat(client.receiveEvent(Duration.ofSeconds(10)).event().args())
                    .containsExactly(Data.count(7));
            await(
                    () -> statuses.stream()
                                    .filter(s -> s.kind() == ClientStatus.Kind.CONNECTED)
                                    .count()
                            == 2,
                    "2x");
            assertThat(statuses)
                    .extracting(ClientStatus::kind)
                    .containsSubsequence(
                            ClientStatus.Kind.CONNECTED,
                            ClientStatus.Kind.DISCONNECTED,
                            ClientStatus.Kind.RECONNECTING,
                            ClientStatus.Kind.CONNECTED);
            assertThat(statuses)
                    .filteredOn(s -> s.kind() == ClientStatus.Kind.DISCONNECTED)
                    .first()
                    .satisfies(s -> assertThat(s.closeCode()).isEqualTo(1001));
        }
    }

    @Test
    void policyCloseAfterAckStopsTheClient() throws Exception {
        FakeZeek zeek = new FakeZeek();
        zeek.closeAfterAckWith = 1008;
        try (ScriptedServer server = new ScriptedServer(null, zeek);
                ZeekWebSocketClient client = ZeekWebSocketClient.builder(server.url("/v1/messages/json"))
                        .reconnect(Duration.ofMillis(10), Duration.ofMillis(10))
                        .connect()) {
            await(client::isClosed, "the client to give up");
            assertThat(zeek.connections.get()).isEqualTo(1);
            assertThatThrownBy(() -> client.publish("/x", Event.of("Test::ping")))
                    .isInstanceOf(ZeekWebSocketException.class);
        }
    }

    @Test
    void fullQueuePausesTheSocketWithoutLoss() throws Exception {
        int n = 20_000;
        try (ScriptedServer server = new ScriptedServer(null, conn -> {
                    conn.nextData(10_000);
                    conn.sendText(ACK);
                    for (int i = 0; i < n; i++) {
                        conn.sendText(JsonFormat.encodeMessage(DataMessage.of(
                                "/f", Event.of("Test::flood_msg", Data.count(i)).toData())));
                    }
                });
                ZeekWebSocketClient client = ZeekWebSocketClient.builder(server.url("/v1/messages/json"))
                        .topics("/f")
                        .queue(64, 1 << 20)
                        .stallTimeout(Duration.ofSeconds(30))
                        .connect()) {
            long next = 0;
            while (next < n) {
                DataMessage m = client.receive(Duration.ofSeconds(10));
                assertThat(m).isNotNull();
                assertThat(Event.parse(m.data()).args()).containsExactly(Data.count(next));
                next++;
            }
            assertThat(client.droppedCount()).isZero();
        }
    }

    @Test
    void stalledConsumerDropsAreCountedAndReported() throws Exception {
        int n = 2_000;
        List<ClientStatus> statuses = new CopyOnWriteArrayList<>();
        try (ScriptedServer server = new ScriptedServer(null, conn -> {
                    conn.nextData(10_000);
                    conn.sendText(ACK);
                    for (int i = 0; i < n; i++) {
                        conn.sendText(JsonFormat.encodeMessage(DataMessage.of(
                                "/f", Event.of("Test::flood_msg", Data.count(i)).toData())));
                    }
                    conn.sendText(JsonFormat.encodeMessage(
                            DataMessage.of("/f", Event.of("Test::done").toData())));
                });
                ZeekWebSocketClient client = ZeekWebSocketClient.builder(server.url("/v1/messages/json"))
                        .topics("/f")
                        .queue(100, 1 << 20)
                        .overflowPolicy(OverflowPolicy.DROP_OLDEST)
                        .stallTimeout(Duration.ofMillis(200))
                        .onStatus(statuses::add)
                        .connect()) {
            // Nobody takes: after the stall timeout the policy applies and the reads go on.
            await(() -> client.receivedCount() == n + 1, "everything to arrive");
            assertThat(client.droppedCount()).isEqualTo(n + 1 - client.available());
            assertThat(client.available()).isLessThanOrEqualTo(100 + 4096);
            List<DataMessage> kept = client.receive(10_000, Duration.ofSeconds(1));
            assertThat(Event.parse(kept.get(kept.size() - 1).data()).name()).isEqualTo("Test::done");
            await(
                    () -> statuses.stream().anyMatch(s -> s.kind() == ClientStatus.Kind.MESSAGES_DROPPED),
                    "a drop report");
        }
    }

    @Test
    void asynchronousFormsAndTheFiveLineExample() throws Exception {
        FakeZeek zeek = new FakeZeek();
        try (ScriptedServer server = new ScriptedServer(null, zeek)) {
            String url = server.url("/v1/messages/json");
            List<String> printed = new CopyOnWriteArrayList<>();
            // The example of the docs, with println collected:
            try (ZeekWebSocketClient zeekClient = ZeekWebSocketClient.connect(url, "/topic/")) {
                zeekClient.onEvent((topic, event) -> printed.add(topic + ": " + event));
                zeekClient.publish("/topic/test", Event.of("Test::ping", Data.string("hi"), Data.count(1)));
                await(() -> printed.size() == 1, "an event");
            }
            assertThat(printed).containsExactly("/topic/: (1, 1, (Test::pong, (hi, 1)))");

            ZeekWebSocketClient client = ZeekWebSocketClient.builder(url)
                    .topics("/t/")
                    .connectAsync()
                    .get();
            try (client) {
                List<DataMessage> got = new ArrayList<>();
                client.onMessage(
                        m -> {
                            synchronized (got) {
                                got.add(m);
                            }
                            throw new IllegalStateException("handlers may throw");
                        },
                        Runnable::run);
                for (int i = 0; i < 10; i++) {
                    client.publishAsync(
                                    "/t/x",
                                    Event.of("Test::ping", Data.count(i)).toData())
                            .get();
                }
                await(
                        () -> {
                            synchronized (got) {
                                return got.size() == 10;
                            }
                        },
                        "10 pongs");
                assertThat(client.handlerFailureCount()).isEqualTo(10);
            }
        }
    }

    @Test
    void tlsChecksCertificatesUnlessInsecure(@TempDir Path dir) throws Exception {
        TestCerts certs = TestCerts.create(dir);
        SslContext ssl = SslContextBuilder.forServer(
                        certs.cert().toFile(), certs.key().toFile())
                .build();
        try (ScriptedServer server = new ScriptedServer(ssl, new FakeZeek())) {
            String url = "wss://127.0.0.1:" + server.port() + "/v1/messages/json";
            assertThatThrownBy(() -> ZeekWebSocketClient.builder(url).connect())
                    .isInstanceOf(ZeekWebSocketException.class);
            try (ZeekWebSocketClient c = ZeekWebSocketClient.builder(url)
                    .caFile(certs.cert())
                    .topics("/s/")
                    .connect()) {
                c.publish("/x", Event.of("Test::ping", Data.count(1)));
                assertThat(c.receiveEvent(Duration.ofSeconds(10))).isNotNull();
            }
            try (ZeekWebSocketClient c =
                    ZeekWebSocketClient.builder(url).insecure().topics("/s/").connect()) {
                assertThat(c.ack().version()).isEqualTo("9.1.0-dev");
            }
            // A CA file that did not sign the server certificate fails the check.
            TestCerts other = TestCerts.create(dir.resolve("other"));
            assertThatThrownBy(() -> ZeekWebSocketClient.builder(url)
                            .caFile(other.cert())
                            .connect())
                    .isInstanceOf(ZeekWebSocketException.class);
        }
    }
}
