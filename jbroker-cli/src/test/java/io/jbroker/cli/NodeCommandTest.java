package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeCommandTest {
    @ParameterizedTest
    @ValueSource(strings = {"node --help", "pipe publish --help", "pipe subscribe --help", "help node"})
    void everyNetworkCommandPrintsUsageWithTheTlsOptions(String args) {
        CliRun run = CliRun.run("", args.split(" "));

        assertThat(run.exitCode()).isZero();
        assertThat(run.outText())
                .startsWith("Usage: jbroker")
                .contains("--config=FILE", "--no-tls", "--tls-cert=FILE", "--tls-key=FILE")
                .contains("--tls-passphrase-file=FILE", "--tls-ca-file=FILE", "--tls-ca-dir=DIR");
    }

    @Test
    void pipeGroupListsItsTwoDirections() {
        CliRun run = CliRun.run("", "pipe", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outText()).startsWith("Usage: jbroker pipe").contains("publish", "subscribe");
    }

    @Test
    void nodePrintsTheBoundPortFirstAndStopsAfterItsDuration() {
        CliRun run = CliRun.run("", "node", "--listen", "127.0.0.1:0", "--no-tls", "--duration", "200ms");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        String first = run.outText().lines().findFirst().orElse("");
        assertThat(first).matches("listening on 127\\.0\\.0\\.1:\\d+");
        assertThat(Integer.parseInt(first.substring(first.lastIndexOf(':') + 1)))
                .isPositive();
    }

    @Test
    void nodePrintsMetricsAtTheIntervalAndWhenStopping() {
        CliRun run = CliRun.run(
                "",
                "node",
                "--listen",
                "127.0.0.1:0",
                "--no-tls",
                "--topic",
                "/m",
                "--duration",
                "1s",
                "--metrics-interval",
                "300ms");

        assertThat(run.exitCode()).isZero();
        java.util.List<String> lines = run.outText().lines().toList();
        assertThat(lines.stream().filter(l -> l.startsWith("metrics: endpoint published=0 encoded=0 ")))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(lines)
                .anyMatch(l -> l.startsWith("metrics: subscriber /m messages_in=0 bytes_in=0 ")
                        && l.contains(" buffered=0/8192 ")
                        && l.contains(" policy=drop_oldest "));
        assertThat(lines.get(lines.size() - 1)).startsWith("metrics: subscriber ");
    }

    @Test
    void nodeWithNeitherListenNorPeerIsAUsageError() {
        CliRun run = CliRun.run("", "node", "--topic", "/t");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Give --listen, --peer or both").contains("Usage: jbroker node");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--listen=127.0.0.1:http", "--peer=127.0.0.1:70000", "--retry=soon", "--duration=x"})
    void malformedValuesAreUsageErrors(String option) {
        CliRun run = CliRun.run("", "node", "--listen", "127.0.0.1:0", option);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid value for option '" + option.substring(0, option.indexOf('=')) + "'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void noTlsWithCertificateIsAUsageError() {
        CliRun run = CliRun.run("", "node", "--listen", "127.0.0.1:0", "--no-tls", "--tls-cert", "node.pem");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--no-tls cannot be combined with --tls-* options");
    }

    @Test
    void badConfigurationFileLineIsReportedWithFileLineAndKey(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("node.conf");
        Files.writeString(conf, "# node\nbroker.forward = maybe\n", StandardCharsets.UTF_8);

        CliRun run = CliRun.run("", "node", "--listen", "127.0.0.1:0", "--config", conf.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("jbroker node: " + conf + ":2: broker.forward: not a boolean");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void missingConfigurationFileIsReported(@TempDir Path dir) {
        Path conf = dir.resolve("missing.conf");

        CliRun run = CliRun.run("", "node", "--listen", "127.0.0.1:0", "--config", conf.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("jbroker node: " + conf + ": cannot read configuration file");
    }

    @Test
    void invalidCombinationOfFileSettingsIsABadConfigurationAtItsLine(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("node.conf");
        Files.writeString(
                conf, "broker.max-frame-length = 1000000\nbroker.peer-buffer-bytes = 1000\n", StandardCharsets.UTF_8);

        CliRun run = CliRun.run("", "node", "--listen", "127.0.0.1:0", "--no-tls", "--config", conf.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("jbroker node: " + conf + ":2: broker.peer-buffer-bytes: must hold at least one maximal"
                        + " frame (broker.max-frame-length)" + System.lineSeparator());
    }

    @Test
    void listeningOnABusyPortFailsWithStatusOne() throws Exception {
        try (var busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.run(
                    "", "node", "--listen", "127.0.0.1:" + busy.getLocalPort(), "--no-tls", "--duration", "5s");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("jbroker node: cannot listen on 127.0.0.1:" + busy.getLocalPort());
        }
    }
}
