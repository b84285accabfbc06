package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainCommandTest {
    @Test
    void versionIsTheMavenProjectVersion() {
        CliRun run = CliRun.run("", "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outText().trim()).matches("jbroker \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "data --help", "data decode --help", "data encode --help", "help data"})
    void everyCommandPrintsUsage(String args) {
        CliRun run = CliRun.run("", args.split(" "));

        assertThat(run.exitCode()).isZero();
        assertThat(run.outText()).startsWith("Usage: jbroker");
    }

    @Test
    void groupWithoutSubcommandIsAUsageError() {
        CliRun run = CliRun.run("", "data");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required subcommand").contains("Usage: jbroker data");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun run = CliRun.run("", "data", "decode", "--bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--bogus");
        assertThat(run.out()).isEmpty();
    }
}
