package io.jbroker.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.endpoint.testing.Endpoints;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two endpoints peered over 127.0.0.1; the listening one's metrics are scraped over HTTP with the
 * JDK's client and parsed strictly: every documented family is there with its type and labels, and
 * the values move as messages flow both ways.
 */
class MetricsScrapeTest {
    private static final int MESSAGES = 500;
    private static final Set<String> PEER_LABELS = Set.of("peer", "address");
    private static final Set<String> SUBSCRIBER_LABELS = Set.of("subscriber", "topics");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    final Endpoints closing = new Endpoints();

    private <T extends AutoCloseable> T closed(T resource) {
        closing.track(resource);
        return resource;
    }

    private static EndpointConfig config() {
        return EndpointConfig.builder()
                .tls(TlsConfig.off())
                .heartbeatInterval(Duration.ofMillis(100))
                .build();
    }

    @Test
    void everyDocumentedMetricIsScrapedWithItsTypeAndLabelsAndMovesWithTraffic() throws Exception {
        Endpoint a = closed(Endpoint.create(config()));
        Endpoint b = closed(Endpoint.create(config()));
        MetricsServer server = closed(MetricsServer.start("127.0.0.1", 0));
        JbrokerCollectors.register(a, server.registry());
        assertThat(server.uri().toString()).isEqualTo("http://127.0.0.1:" + server.port() + "/metrics");

        Subscriber atA = a.subscribe("/test/to-a");
        Subscriber atB = b.subscribe("/test/to-b");
        int port = a.listen("127.0.0.1", 0);
        b.peerBlocking("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(10));
        await(() -> a.peers().size() == 1 && !a.peers().get(0).topics().isEmpty(), "A sees B's subscription");

        Exposition before = scrape(server.uri());
        // A subscription made while peered travels as a routing update.
        b.subscribe("/test/later");
        await(() -> a.peers().get(0).topics().toString().contains("/test/later"), "the routing update");
        assertThat(before.families.get("broker_connections").value(Map.of("type", "native")))
                .isEqualTo(1);
        assertThat(before.families.get("broker_connections").value(Map.of("type", "web-socket")))
                .isEqualTo(0);

        for (int i = 0; i < MESSAGES; i++) {
            b.publish("/test/to-a", Data.count(i));
            a.publish("/test/to-b", Data.count(i));
        }
        for (int got = 0; got < MESSAGES; ) {
            got += atA.get(MESSAGES, Duration.ofSeconds(10)).size();
        }
        for (int got = 0; got < MESSAGES; ) {
            got += atB.get(MESSAGES, Duration.ofSeconds(10)).size();
        }
        // Heartbeats: each side pings when idle and at least every ten ticks; wait for a round trip,
        // a pong and a ping from B.
        await(
                () -> a.peers().get(0).roundTrip().isPresent()
                        && a.processedMessages().pong() > 0
                        && a.processedMessages().ping() > 0,
                "heartbeats both ways");

        Exposition after = scrape(server.uri());

        for (String name : JbrokerCollectors.METRIC_NAMES) {
            assertThat(after.families).as(name).containsKey(name);
            Exposition.Family f = after.families.get(name);
            assertThat(f.type()).as(name).isEqualTo(name.endsWith("_total") ? "counter" : "gauge");
            assertThat(f.help()).as(name).isNotBlank();
            assertThat(f.samples()).as(name).isNotEmpty();
            Set<String> labels = f.samples().get(0).labels().keySet();
            if (name.startsWith("jbroker_peer_")) {
                assertThat(labels).as(name).isEqualTo(PEER_LABELS);
            } else if (name.startsWith("jbroker_subscriber_")) {
                assertThat(labels).as(name).isEqualTo(SUBSCRIBER_LABELS);
            } else if (name.startsWith("broker_")) {
                assertThat(labels).as(name).isEqualTo(Set.of("type"));
            } else if (name.equals("jbroker_dropped_total")) {
                assertThat(labels).as(name).isEqualTo(Set.of("source"));
            } else {
                assertThat(labels).as(name).isEmpty();
            }
        }

        Exposition.Family processed = after.families.get("broker_processed_messages_total");
        assertThat(processed.samples())
                .extracting(s -> s.labels().get("type"))
                .containsExactlyInAnyOrder("data", "command", "routing-update", "ping", "pong");
        // A received MESSAGES data messages and published MESSAGES itself.
        assertThat(processed.value(Map.of("type", "data")) - processed(before, "data"))
                .isGreaterThanOrEqualTo(2 * MESSAGES);
        assertThat(processed.value(Map.of("type", "routing-update"))).isGreaterThanOrEqualTo(1);
        assertThat(processed.value(Map.of("type", "ping"))).isGreaterThan(0);
        assertThat(processed.value(Map.of("type", "pong"))).isGreaterThan(0);

        String peer = b.id().toString();
        assertThat(grew(before, after, "jbroker_peer_messages_in_total", "peer", peer))
                .isGreaterThanOrEqualTo(MESSAGES);
        assertThat(grew(before, after, "jbroker_peer_messages_out_total", "peer", peer))
                .isGreaterThanOrEqualTo(MESSAGES);
        assertThat(grew(before, after, "jbroker_peer_bytes_in_total", "peer", peer))
                .isGreaterThan(MESSAGES);
        assertThat(grew(before, after, "jbroker_peer_bytes_out_total", "peer", peer))
                .isGreaterThan(MESSAGES);
        assertThat(after.families.get("jbroker_peer_round_trip_seconds").valueWhere("peer", peer))
                .isGreaterThan(0)
                .isLessThan(10);
        assertThat(after.families
                        .get("jbroker_peer_messages_in_total")
                        .samples()
                        .get(0)
                        .labels()
                        .get("address"))
                .startsWith("127.0.0.1:");

        String subscriber = Long.toString(atA.id());
        assertThat(grew(before, after, "jbroker_subscriber_messages_in_total", "subscriber", subscriber))
                .isEqualTo(MESSAGES);
        assertThat(grew(before, after, "jbroker_subscriber_messages_out_total", "subscriber", subscriber))
                .isEqualTo(MESSAGES);
        assertThat(grew(before, after, "jbroker_subscriber_bytes_in_total", "subscriber", subscriber))
                .isGreaterThan(0);
        assertThat(after.families.get("jbroker_subscriber_messages_in_total").valueWhere("topics", "/test/to-a"))
                .isGreaterThanOrEqualTo(MESSAGES);
        assertThat(after.families.get("jbroker_subscriber_capacity_messages").valueWhere("subscriber", subscriber))
                .isEqualTo(a.config().subscriberQueueSize());

        assertThat(total(after, "jbroker_published_total") - total(before, "jbroker_published_total"))
                .isEqualTo(MESSAGES);
        assertThat(total(after, "jbroker_encoded_total") - total(before, "jbroker_encoded_total"))
                .isEqualTo(MESSAGES);
        assertThat(total(after, "jbroker_decoded_total") - total(before, "jbroker_decoded_total"))
                .isGreaterThanOrEqualTo(MESSAGES);
        assertThat(total(after, "jbroker_messages_in_total") - total(before, "jbroker_messages_in_total"))
                .isGreaterThanOrEqualTo(MESSAGES);
        assertThat(total(after, "jbroker_bytes_out_total") - total(before, "jbroker_bytes_out_total"))
                .isGreaterThan(MESSAGES);
        assertThat(after.families.get("jbroker_dropped_total").value(Map.of("source", "peer")))
                .isZero();

        // The JVM metrics beside them.
        assertThat(after.families).containsKeys("jvm_memory_used_bytes", "jvm_threads_current", "jvm_runtime_info");
    }

    @Test
    void prometheusOwnParserAndLinterAcceptTheExposition() throws Exception {
        Endpoint a = closed(Endpoint.create(config()));
        Endpoint b = closed(Endpoint.create(config()));
        MetricsServer server = closed(MetricsServer.start("127.0.0.1", 0));
        JbrokerCollectors.register(a, server.registry());
        a.subscribe("/test/\"quoted\",comma\\");
        b.peerBlocking("127.0.0.1", a.listen("127.0.0.1", 0), Duration.ofSeconds(1), Duration.ofSeconds(10));
        await(() -> !a.peers().isEmpty(), "peered");
        b.publish("/test/x", Data.count(1));

        String body = body(server.uri());
        assertThat(Exposition.parse(body).families).containsKey("jbroker_peer_messages_in_total");
        promtoolAccepts(body);
    }

    /** {@code promtool check metrics} (Prometheus' parser and linter) accepts the exposition. */
    private static void promtoolAccepts(String exposition) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(
                Files.isExecutable(promtool),
                "SKIPPED LOUDLY: promtool (Debian package prometheus) is not installed;"
                        + " the exposition was checked by the test's own strict parser only");
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (var in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).as("promtool's lint findings").isBlank();
    }

    @Test
    void peerFamiliesAreEmptyWithoutPeersAndTheConnectionGaugeFollowsUnpeering() throws Exception {
        Endpoint a = closed(Endpoint.create(config()));
        Endpoint b = closed(Endpoint.create(config()));
        MetricsServer server = closed(MetricsServer.start("127.0.0.1", 0));
        JbrokerCollectors.register(a, server.registry(), () -> 3);
        int port = a.listen("127.0.0.1", 0);

        Exposition alone = scrape(server.uri());
        assertThat(alone.families.get("broker_connections").value(Map.of("type", "native")))
                .isZero();
        assertThat(alone.families.get("broker_connections").value(Map.of("type", "web-socket")))
                .isEqualTo(3);
        assertThat(alone.families).doesNotContainKey("jbroker_peer_messages_in_total");

        b.peerBlocking("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(10));
        await(() -> connections(server.uri()) == 1, "one connection");
        b.unpeer(a.id());
        await(() -> connections(server.uri()) == 0, "no connection after unpeering");
    }

    @Test
    void anEndpointRegistersOncePerRegistryAndAnApplicationRegistryWorksToo() throws Exception {
        try (Endpoint a = Endpoint.create(config())) {
            PrometheusRegistry registry = new PrometheusRegistry();
            MultiCollector first = JbrokerCollectors.register(a, registry);
            assertThatThrownBy(() -> JbrokerCollectors.register(a, registry))
                    .isInstanceOf(IllegalArgumentException.class);
            JbrokerCollectors.unregister(registry, first);
            JbrokerCollectors.register(a, registry);
            JbrokerCollectors.registerJvm(registry);
            JbrokerCollectors.registerJvm(registry); // harmless
            try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry)) {
                Exposition e = scrape(server.uri());
                assertThat(e.families).containsKeys("broker_connections", "jvm_threads_current");
            }
        }
    }

    @Test
    void aBusyAddressFailsWithAnIoException() throws IOException {
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0)) {
            assertThatThrownBy(() -> MetricsServer.start("127.0.0.1", server.port()))
                    .isInstanceOf(IOException.class);
        }
    }

    private double connections(URI uri) {
        try {
            return scrape(uri).families.get("broker_connections").value(Map.of("type", "native"));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double processed(Exposition e, String type) {
        return e.families.get("broker_processed_messages_total").value(Map.of("type", type));
    }

    private static double total(Exposition e, String name) {
        return e.families.get(name).value(Map.of());
    }

    /** How much the sample of {@code name} with {@code label=value} grew (absent before: from 0). */
    private static double grew(Exposition before, Exposition after, String name, String label, String value) {
        double now = after.families.get(name).valueWhere(label, value);
        Exposition.Family f = before.families.get(name);
        double then = f == null ? 0 : f.valueWhere(label, value);
        return now - (Double.isNaN(then) ? 0 : then);
    }

    private Exposition scrape(URI uri) throws IOException, InterruptedException {
        return Exposition.parse(body(uri));
    }

    private String body(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/plain")
                .contains("version=0.0.4");
        return r.body();
    }

    private static void await(Check condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }
}
