package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.zeek.internal.workload.ThroughputWorkload;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jbroker bench}: server and client in-process over 127.0.0.1, checking the output
 * format, that nothing is lost, and that the client's messages have broker-throughput's shape.
 */
@Timeout(120)
class BenchCommandTest {
    private static final Pattern SUMMARY =
            Pattern.compile("summary: (received|sent)=(\\d+) rate=(\\d+) mb_per_s=(\\d+\\.\\d\\d) cpu_s=(\\d+\\.\\d\\d)"
                    + " peak_rss_mb=(\\d+) dropped=(\\d+)");

    private static Matcher summary(List<String> lines) {
        assertThat(lines).isNotEmpty();
        String last = lines.get(lines.size() - 1);
        Matcher m = SUMMARY.matcher(last);
        assertThat(m.matches()).as("last line: %s", last).isTrue();
        assertThat(lines.stream().filter(l -> l.startsWith("summary: "))).hasSize(1);
        return m;
    }

    /** Runs {@code jbroker bench <command> --peer 127.0.0.1:<port> --no-tls <args>}. */
    private static CliRun bench(String command, int port, String... args) {
        List<String> all =
                new java.util.ArrayList<>(List.of("bench", command, "--peer", "127.0.0.1:" + port, "--no-tls"));
        all.addAll(List.of(args));
        return CliRun.run("", all.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2", "3"})
    void aClientRunAgainstAServerLosesNothingAndBothPrintOneSummaryLast(String type) throws Exception {
        try (BackgroundRun server =
                BackgroundRun.start("bench", "server", "--listen", "127.0.0.1:0", "--no-tls", "--duration", "6s")) {
            int port = server.listeningPort();

            CliRun client = bench("client", port, "--type", type, "--duration", "2s", "--pool", "16");

            assertThat(client.exitCode()).as(client.err()).isZero();
            List<String> clientLines = client.outText().lines().toList();
            Matcher sent = summary(clientLines);
            assertThat(sent.group(1)).isEqualTo("sent");
            assertThat(Long.parseLong(sent.group(2))).isPositive();
            assertThat(sent.group(7)).isEqualTo("0");
            assertThat(clientLines).anyMatch(l -> l.matches("rate: \\d+ events/s \\(\\d+\\.\\d\\d MB/s\\)"));
            assertThat(clientLines).anyMatch(l -> l.startsWith("metrics: peer "));
            assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
            Matcher received = summary(server.outLines());
            assertThat(received.group(1)).isEqualTo("received");
            assertThat(received.group(2)).as("received = sent").isEqualTo(sent.group(2));
            assertThat(received.group(7)).isEqualTo("0");
            assertThat(server.outLines()).anyMatch(l -> l.startsWith("metrics: subscriber /benchmark/events "));
        }
    }

    @Test
    void theClientPublishesBrokerThroughputsEventsOnItsTopic() throws Exception {
        try (Endpoint ep = PlainEndpoints.listening();
                Subscriber sub = ep.subscribe(ThroughputWorkload.TOPIC)) {
            int port = ep.listen("127.0.0.1", 0);

            CliRun client = bench("client", port, "--rate", "100", "--duration", "1s");

            assertThat(client.exitCode()).as(client.err()).isZero();
            DataMessage first = sub.get(Duration.ofSeconds(10));
            assertThat(first.topic().toString()).isEqualTo("/benchmark/events");
            // [1, 1, ["event_1", [42, "test"]]], byte for byte as upstream's client builds it.
            assertThat(HexFormat.of().formatHex(BinaryFormat.encode(first.data())))
                    .isEqualTo("0e03020000000000000001020000000000000001" + "0e0205076576656e745f31"
                            + "0e0203000000000000002a050474657374");
            // At --rate 100 for one second: about 100 messages, and the summary counts them all.
            long sent =
                    Long.parseLong(summary(client.outText().lines().toList()).group(2));
            assertThat(sent).isBetween(50L, 110L);
            assertThat(PlainEndpoints.await(() -> sub.receivedCount() == sent, Duration.ofSeconds(10)))
                    .isTrue();
        }
    }

    @Test
    void batchesAreVectorsOfEventsAndStringsHaveTheirSize() throws Exception {
        try (Endpoint ep = PlainEndpoints.listening();
                Subscriber sub = ep.subscribe(ThroughputWorkload.TOPIC)) {
            int port = ep.listen("127.0.0.1", 0);

            CliRun batch = bench("client", port, "--rate", "10", "--duration", "1s", "--batch", "5", "--type", "2");
            assertThat(batch.exitCode()).as(batch.err()).isZero();
            Data m = sub.get(Duration.ofSeconds(10)).data();
            assertThat(((io.jbroker.data.VectorValue) m).size()).isEqualTo(5);
            assertThat(io.jbroker.zeek.Event.from(((io.jbroker.data.VectorValue) m).get(0))
                            .orElseThrow()
                            .name())
                    .isEqualTo("event_2");
            while (sub.poll() != null) {
                // drain
            }

            CliRun strings = bench("client", port, "--rate", "10", "--duration", "1s", "--string-size", "16");
            assertThat(strings.exitCode()).as(strings.err()).isZero();
            assertThat(BinaryFormat.encode(sub.get(Duration.ofSeconds(10)).data()))
                    .hasSize(1 + 1 + 16);
        }
    }

    @Test
    void aServerCountsUpstreamShapedMessagesAndStopsOnTheTerminateTopic() throws Exception {
        try (BackgroundRun server = BackgroundRun.start("bench", "server", "--listen", "127.0.0.1:0", "--no-tls");
                Endpoint upstreamLike = PlainEndpoints.listening()) {
            int port = server.listeningPort();
            upstreamLike.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
            assertThat(PlainEndpoints.await(
                            () -> upstreamLike.peers().stream().anyMatch(p -> p.topics().stream()
                                    .anyMatch(t -> t.toString().equals("/benchmark/events"))),
                            Duration.ofSeconds(10)))
                    .isTrue();
            ThroughputWorkload w = new ThroughputWorkload();
            // Upstream's client sends bare events at rate 0 and one-event batches otherwise.
            for (int i = 0; i < 500; i++) {
                upstreamLike.publish(ThroughputWorkload.TOPIC, w.event(1));
                upstreamLike.publish(ThroughputWorkload.TOPIC, Data.vector(w.event(2)));
            }
            upstreamLike.publish(ThroughputWorkload.TERMINATE_TOPIC, Data.count(0));

            assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
            Matcher m = summary(server.outLines());
            assertThat(m.group(2)).isEqualTo("1000");
        }
    }

    @Test
    void latencyProbeReportsPercentilesOfEveryRoundTrip() throws Exception {
        try (BackgroundRun server =
                BackgroundRun.start("bench", "server", "--listen", "127.0.0.1:0", "--no-tls", "--duration", "5s")) {
            int port = server.listeningPort();

            CliRun probe = bench("latency", port, "--count", "300", "--warmup", "50");

            assertThat(probe.exitCode()).as(probe.err()).isZero();
            String line = probe.outText().strip();
            Matcher m = Pattern.compile("summary: round_trips=300 p50_us=([\\d.]+) p99_us=([\\d.]+) p999_us=([\\d.]+)"
                            + " min_us=([\\d.]+) max_us=([\\d.]+)")
                    .matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            double p50 = Double.parseDouble(m.group(1));
            double p99 = Double.parseDouble(m.group(2));
            double max = Double.parseDouble(m.group(5));
            assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
            assertThat(p99).isLessThanOrEqualTo(max);
        }
    }

    @Test
    void latencyAgainstAPeerThatDoesNotEchoFailsClearly() throws Exception {
        try (Endpoint ep = PlainEndpoints.listening()) {
            int port = ep.listen("127.0.0.1", 0);

            CliRun probe = bench("latency", port);

            assertThat(probe.exitCode()).isEqualTo(1);
            assertThat(probe.err()).contains("did not subscribe to /benchmark/ping");
        }
    }

    @Test
    void aClientWithoutServerFailsAndBadOptionsAreUsageErrors() throws Exception {
        int port = PlainEndpoints.closedPort();
        CliRun none = bench("client", port, "--duration", "1s");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("jbroker bench client: ");

        for (Map.Entry<String, String> bad : Map.of(
                        "--type=4", "--type must be 1, 2 or 3",
                        "--batch=0", "--batch and --pool must be positive",
                        "--duration=0s", "--duration must be positive")
                .entrySet()) {
            CliRun run = CliRun.run("", "bench", "client", "--peer", "127.0.0.1:" + port, bad.getKey());
            assertThat(run.exitCode()).as(bad.getKey()).isEqualTo(2);
            assertThat(run.err()).contains(bad.getValue());
        }
        CliRun noListen = CliRun.run("", "bench", "server");
        assertThat(noListen.exitCode()).isEqualTo(2);
        assertThat(noListen.err()).contains("Missing required option: '--listen=HOST[:PORT]'");
    }
}
