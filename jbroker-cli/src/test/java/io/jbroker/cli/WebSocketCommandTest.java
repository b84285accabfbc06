package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.websocket.ZeekWebSocketClient;
import io.jbroker.websocket.ZeekWebSocketGateway;
import io.jbroker.zeek.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code jbroker websocket} against the gateway, and {@code jbroker node --websocket}. */
class WebSocketCommandTest {
    private static Endpoint endpoint() {
        return Endpoint.create(
                EndpointConfig.builder().tls(TlsConfig.off()).ioThreads(1).build());
    }

    @Test
    void printsTheAckThenEventsInTextAndJson() throws Exception {
        try (Endpoint ep = endpoint();
                ZeekWebSocketGateway g = ZeekWebSocketGateway.start(ep, "127.0.0.1", 0)) {
            String url = "ws://127.0.0.1:" + g.port() + "/v1/messages/json";
            for (String format : List.of("text", "json")) {
                try (BackgroundRun run = BackgroundRun.start(
                        "websocket", "--url", url, "--topic", "/demo/", "--format", format, "--duration", "3s")) {
                    String ack = run.awaitLine(l -> l.startsWith("ack "), Duration.ofSeconds(20))
                            .orElseThrow(() -> new AssertionError(run.err()));
                    assertThat(ack)
                            .matches("ack endpoint=" + ep.id() + "-websocket-\\d+ version="
                                    + ZeekWebSocketGateway.VERSION.replace(".", "\\."));
                    assertThat(run.outLines().get(0)).isEqualTo(ack);
                    ep.publish(
                            "/demo/x",
                            Event.of("Test::ping", Data.string("hi"), Data.count(1))
                                    .toData());
                    String line = run.awaitLine(l -> !l.startsWith("ack "), Duration.ofSeconds(20))
                            .orElseThrow(() -> new AssertionError(run.err()));
                    if (format.equals("text")) {
                        assertThat(line).isEqualTo("/demo/x: (1, 1, (Test::ping, (hi, 1)))");
                    } else {
                        assertThat(line)
                                .isEqualTo("{\"topic\":\"/demo/x\",\"sender\":null,\"data\":{\"@data-type\":\"vector\","
                                        + "\"data\":[{\"@data-type\":\"count\",\"data\":1},{\"@data-type\":\"count\","
                                        + "\"data\":1},{\"@data-type\":\"vector\",\"data\":[{\"@data-type\":\"string\","
                                        + "\"data\":\"Test::ping\"},{\"@data-type\":\"vector\",\"data\":[{\"@data-type\""
                                        + ":\"string\",\"data\":\"hi\"},{\"@data-type\":\"count\",\"data\":1}]}]}]}}");
                    }
                    assertThat(run.awaitExit(Duration.ofSeconds(20))).isZero();
                }
            }
        }
    }

    @Test
    void publishesEachJsonValueOfStdinAndReportsBadLines() throws Exception {
        try (Endpoint ep = endpoint();
                ZeekWebSocketGateway g = ZeekWebSocketGateway.start(ep, "127.0.0.1", 0)) {
            Subscriber sub = ep.subscribe("/in/");
            String event = "{\"@data-type\":\"vector\",\"data\":[{\"@data-type\":\"count\",\"data\":1},"
                    + "{\"@data-type\":\"count\",\"data\":1},{\"@data-type\":\"vector\",\"data\":["
                    + "{\"@data-type\":\"string\",\"data\":\"Test::ping\"},{\"@data-type\":\"vector\",\"data\":["
                    + "{\"@data-type\":\"count\",\"data\":7}]}]}]}";
            CliRun run = CliRun.run(
                    event + "\nnot json\n\n" + event + "\n",
                    "websocket",
                    "--url",
                    "ws://127.0.0.1:" + g.port() + "/v1/messages/json",
                    "--publish",
                    "/in/x");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            assertThat(run.outText()).startsWith("ack endpoint=");
            assertThat(run.err()).contains("line 2: error at offset 3: ");
            for (int i = 0; i < 2; i++) {
                DataMessage m = sub.get(Duration.ofSeconds(10));
                assertThat(Event.parse(m.data())).isEqualTo(Event.of("Test::ping", Data.count(7)));
            }
        }
    }

    @Test
    void refusedOrUnreachableServersExitWithOne() {
        CliRun run = CliRun.run("", "websocket", "--url", "ws://127.0.0.1:1/v1/messages/json");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("jbroker websocket: ");
        CliRun bad = CliRun.run("", "websocket", "--format", "xml");
        assertThat(bad.exitCode()).isEqualTo(2);
        CliRun both = CliRun.run("", "websocket", "--ca-file", "x.pem", "--insecure");
        assertThat(both.exitCode()).isEqualTo(2);
    }

    @Test
    void nodeServesTheGateway() throws Exception {
        try (BackgroundRun node = BackgroundRun.start(
                "node", "--websocket", "127.0.0.1:0", "--no-tls", "--topic", "/n/", "--duration", "5s")) {
            String line = node.awaitLine(l -> l.startsWith("websocket on "), Duration.ofSeconds(20))
                    .orElseThrow(() -> new AssertionError(node.err()));
            int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
            try (ZeekWebSocketClient c = ZeekWebSocketClient.connect("ws://127.0.0.1:" + port + "/v1/messages/json")) {
                c.publish("/n/hello", Event.of("Test::hello", Data.count(1)));
            }
            assertThat(node.awaitLine(l -> l.startsWith("/n/hello: "), Duration.ofSeconds(20)))
                    .contains("/n/hello: (1, 1, (Test::hello, (1)))");
            assertThat(node.awaitExit(Duration.ofSeconds(20))).isZero();
        }
    }
}
