package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.endpoint.Endpoint;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code --metrics HOST:PORT} on the long-running commands: the command prints the scrape address
 * after its 'listening on' line and serves its endpoint's and the JVM's metrics there (the full
 * set of metrics is checked in jbroker-prometheus).
 */
class MetricsOptionTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void nodeServesItsMetricsWhileItRuns() throws Exception {
        BackgroundRun node = BackgroundRun.start(
                "node", "--listen", "127.0.0.1:0", "--no-tls", "--metrics", "127.0.0.1:0", "--duration", "3s");
        try (Endpoint peer = PlainEndpoints.listening()) {
            int port = node.listeningPort();
            URI uri = metricsUri(node);
            assertThat(node.outLines().get(0)).startsWith("listening on ");
            assertThat(node.outLines().get(1)).startsWith("metrics on http://127.0.0.1:");

            peer.peerBlocking("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(10));
            assertThat(PlainEndpoints.await(
                            () -> scrape(uri).contains("broker_connections{type=\"native\"} 1.0"),
                            Duration.ofSeconds(20)))
                    .as("one native connection in " + scrape(uri))
                    .isTrue();
            String body = scrape(uri);
            assertThat(body)
                    .contains("# TYPE broker_processed_messages_total counter")
                    .contains("broker_processed_messages_total{type=\"routing-update\"}")
                    .contains("jbroker_peer_messages_in_total{address=\"127.0.0.1:")
                    .contains("peer=\"" + peer.id() + "\"")
                    .contains("# TYPE jvm_memory_used_bytes gauge");
            assertThat(node.awaitExit(Duration.ofSeconds(30))).isZero();
        } finally {
            node.close();
        }
    }

    @Test
    void benchServerServesItsSubscribersMetrics() throws Exception {
        BackgroundRun server = BackgroundRun.start(
                "bench",
                "server",
                "--listen",
                "127.0.0.1:0",
                "--no-tls",
                "--metrics",
                "127.0.0.1:0",
                "--duration",
                "2s");
        try {
            server.listeningPort();
            String body = scrape(metricsUri(server));
            assertThat(body)
                    .contains("jbroker_subscriber_messages_in_total{subscriber=\"")
                    .contains("topics=\"/benchmark/events\"")
                    .contains("broker_connections{type=\"native\"} 0.0");
            assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
        } finally {
            server.close();
        }
    }

    @Test
    void aBusyMetricsAddressFailsTheCommandWithStatusOne() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.run(
                    "",
                    "node",
                    "--listen",
                    "127.0.0.1:0",
                    "--no-tls",
                    "--metrics",
                    "127.0.0.1:" + busy.getLocalPort(),
                    "--duration",
                    "10s");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("cannot serve metrics on 127.0.0.1:" + busy.getLocalPort());
        }
    }

    @Test
    void theOptionIsInTheUsageOfNodeAndBenchServer() {
        for (String[] args : new String[][] {{"node", "--help"}, {"bench", "server", "--help"}}) {
            CliRun run = CliRun.run("", args);
            assertThat(run.exitCode()).isZero();
            assertThat(run.outText()).contains("--metrics=HOST:PORT");
        }
    }

    private static URI metricsUri(BackgroundRun run) throws InterruptedException {
        String line = run.awaitLine(l -> l.startsWith("metrics on "), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no 'metrics on' line; stderr: " + run.err()));
        return URI.create(line.substring("metrics on ".length()));
    }

    private String scrape(URI uri) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
