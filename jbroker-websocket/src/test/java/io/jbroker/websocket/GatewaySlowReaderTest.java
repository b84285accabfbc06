package io.jbroker.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Publisher;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.endpoint.testing.Endpoints;
import io.jbroker.zeek.Event;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that keeps reading, but slower than the gateway sends, is pushed back and never
 * disconnected (issue 10: "no client disconnected while it keeps reading"). Its pong waits behind
 * megabytes of frames in the socket buffers, far longer than the ping interval; the gateway takes
 * the bytes the socket keeps accepting as a sign of life. Client: the JDK's {@link WebSocket},
 * asking for one message at a time, one per millisecond.
 */
class GatewaySlowReaderTest {
    @RegisterExtension
    final Endpoints resources = new Endpoints();

    @Test
    void aSlowButReadingClientIsNotTakenForDeadByThePings() throws Exception {
        Endpoint ep = resources.track(Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .ioThreads(1)
                .stallTimeout(Duration.ofSeconds(60))
                .build()));
        ZeekWebSocketGateway g = resources.track(ZeekWebSocketGateway.builder(ep)
                .pingInterval(Duration.ofMillis(100))
                .start("127.0.0.1", 0));
        int n = 3000;
        AtomicInteger got = new AtomicInteger();
        CompletableFuture<String> ack = new CompletableFuture<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try {
            WebSocket.Listener listener = new WebSocket.Listener() {
                @Override
                public void onOpen(WebSocket ws) {
                    ws.request(1);
                }

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    if (!ack.isDone()) {
                        ack.complete(data.toString());
                    } else if (last) {
                        got.incrementAndGet();
                    }
                    pacer.schedule(() -> ws.request(1), 1, TimeUnit.MILLISECONDS);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                    closed.complete(code);
                    return null;
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                    closed.complete(-1);
                }
            };
            WebSocket ws = JdkClient.HTTP
                    .newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + g.port() + "/v1/messages/json"), listener)
                    .get(10, TimeUnit.SECONDS);
            ws.sendText("[\"/slow/\"]", true).get(10, TimeUnit.SECONDS);
            assertThat(ack.get(10, TimeUnit.SECONDS)).startsWith("{\"type\":\"ack\"");
            String payload = "s".repeat(2000);
            try (Publisher p = ep.publisher("/slow/x", Duration.ofSeconds(60))) {
                for (int i = 0; i < n; i++) {
                    p.publish(Event.of("Test::slow", Data.count(i), Data.string(payload))
                            .toData());
                }
            }
            GatewayTest.await("all " + n + " events read, or a close", () -> got.get() == n || closed.isDone());
            assertThat(closed.getNow(null))
                    .as("close code (the client was dropped)")
                    .isNull();
            assertThat(got.get()).isEqualTo(n);
            assertThat(g.metrics().disconnects()).as(g.metrics().toString()).isZero();
            ws.abort();
        } finally {
            pacer.shutdownNow();
        }
    }

    @Test
    void aClientThatNeitherReadsNorAnswersIsDroppedForAPingTimeout() throws Exception {
        Endpoint ep = resources.track(Endpoint.create(
                EndpointConfig.builder().tls(TlsConfig.off()).ioThreads(1).build()));
        ZeekWebSocketGateway g = resources.track(ZeekWebSocketGateway.builder(ep)
                .pingInterval(Duration.ofMillis(100))
                .sendTimeout(Duration.ofMillis(300))
                .start("127.0.0.1", 0));
        // Requests nothing after the ack: reads no pings, sends no pongs.
        JdkClient silent = resources.track(
                new JdkClient("ws://127.0.0.1:" + g.port() + "/v1/messages/json", java.util.Map.of(), false));
        silent.send("[\"/quiet/\"]");
        assertThat(silent.next()).startsWith("{\"type\":\"ack\"");
        GatewayTest.await("the ping timeout", () -> g.metrics().disconnects() == 1);
        GatewayTest.await("the client gone", () -> g.metrics().clients() == 0);
    }
}
