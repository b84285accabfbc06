package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The options every network command shares come from one mixin each, so they are spelled, parsed
 * and documented alike: {@link PeerOption} ({@code --peer}), {@link RetryOption} ({@code --retry})
 * and {@link EndpointOptions} ({@code --config}, the TLS options, the environment).
 */
class SharedOptionsTest {
    private static CommandLine command(String path) {
        CommandLine cli = Main.commandLine(new Streams(
                new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        for (String name : path.split(" ")) {
            if (!name.isEmpty()) {
                cli = cli.getSubcommands().get(name);
            }
        }
        return cli;
    }

    private static List<Class<?>> mixins(CommandSpec spec) {
        return spec.mixins().values().stream()
                .map(m -> m.userObject().getClass())
                .collect(Collectors.toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "pipe publish", "pipe subscribe", "bench server", "bench client", "bench latency"})
    void everyNetworkCommandTakesTheEndpointOptionsMixin(String path) {
        assertThat(mixins(command(path).getCommandSpec())).contains(EndpointOptions.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipe publish", "pipe subscribe"})
    void commandsWithOnePeerTakeThePeerMixin(String path) {
        CommandSpec spec = command(path).getCommandSpec();

        assertThat(mixins(spec)).contains(PeerOption.class);
        assertThat(spec.findOption("--peer").required()).isTrue();
        assertThat(spec.findOption("--peer").paramLabel()).isEqualTo("HOST[:PORT]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "zeromq node", "zeromq proxy", "bridge", "logger", "bench server"})
    void everyLongRunningCommandServesPrometheusMetrics(String path) {
        CommandSpec spec = command(path).getCommandSpec();

        assertThat(mixins(spec)).contains(MetricsOption.class, StopOption.class);
        assertThat(spec.findOption("--metrics").paramLabel()).isEqualTo("HOST:PORT");
        assertThat(spec.findOption("--duration").paramLabel()).isEqualTo("DURATION");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bench client", "bench latency"})
    void benchClientsPeerOrJoinAZeroMqCluster(String path) {
        CommandSpec spec = command(path).getCommandSpec();

        assertThat(spec.findOption("--peer").required())
                .as("--zeromq is the alternative")
                .isFalse();
        assertThat(spec.findOption("--peer").paramLabel()).isEqualTo("HOST[:PORT]");
        assertThat(mixins(spec)).contains(ZeroMqOptions.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "pipe publish", "pipe subscribe"})
    void commandsThatPeerAndRetryTakeTheRetryMixin(String path) {
        assertThat(mixins(command(path).getCommandSpec())).contains(RetryOption.class);
    }

    @Test
    void retryKeepsItsDefaultPerCommand() {
        CommandLine nodeLine = command("");
        nodeLine.parseArgs("node", "--listen", "127.0.0.1:0");
        CommandLine pipeLine = command("");
        pipeLine.parseArgs("pipe", "subscribe", "--peer", "127.0.0.1", "--topic", "/t");
        NodeCommand node = nodeLine.getSubcommands().get("node").getCommand();
        PipeSubscribeCommand pipe = pipeLine.getSubcommands()
                .get("pipe")
                .getSubcommands()
                .get("subscribe")
                .getCommand();

        assertThat(node.retry.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(pipe.retry.interval()).isEqualTo(Duration.ZERO);
        assertThat(CliRun.run("", "node", "--help").outText()).contains("Default: 10s.");
        assertThat(CliRun.run("", "pipe", "subscribe", "--help").outText()).contains("Default: 0s.");
    }
}
