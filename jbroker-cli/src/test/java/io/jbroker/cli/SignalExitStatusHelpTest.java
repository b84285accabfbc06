package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The help of every command that runs until a signal states what the JVM really exits with after
 * one: 128 + the signal number, 130 for SIGINT and 143 for SIGTERM (checked on real signals by
 * jbroker-it's SignalExitStatusTest), never 0.
 */
class SignalExitStatusHelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"node", "pipe publish", "pipe subscribe", "bench server", "bench client", "bench latency"})
    void helpGivesTheExitStatusOfEachSignal(String command) {
        String[] args = (command + " --help").split(" ");

        String help = CliRun.run("", args).outText();

        assertThat(help).containsPattern("(?m)^\\s+130\\s+stopped by SIGINT \\(Ctrl-C\\)");
        assertThat(help).containsPattern("(?m)^\\s+143\\s+stopped by SIGTERM");
        assertThat(help).doesNotContainPattern("(?m)^\\s+0\\s+.*signal");
    }
}
