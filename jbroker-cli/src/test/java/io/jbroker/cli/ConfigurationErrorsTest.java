package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bad configuration (file or command-line values) is reported once, as {@code FILE:LINE: key:
 * reason} or {@code --option: reason}, with exit status 1 and no usage text, by every endpoint
 * command.
 */
class ConfigurationErrorsTest {
    @TempDir
    Path dir;

    private static String[] command(String name, String... extra) {
        String[] base =
                switch (name) {
                    case "node" -> new String[] {"node", "--listen", "127.0.0.1:0", "--duration", "100ms"};
                    case "pipe-subscribe" ->
                        new String[] {"pipe", "subscribe", "--peer", "127.0.0.1:1", "--topic", "/t"};
                    case "pipe-publish" -> new String[] {"pipe", "publish", "--peer", "127.0.0.1:1", "--topic", "/t"};
                    case "bench-server" -> new String[] {"bench", "server", "--listen", "127.0.0.1:0"};
                    default -> throw new IllegalArgumentException(name);
                };
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static void assertConfigurationError(CliRun run, String command, String message) {
        assertThat(run.exitCode()).as("exit status; stderr: %s", run.err()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("jbroker " + command + ": " + message + System.lineSeparator())
                .doesNotContain("Usage:", "Exception", "\tat ");
    }

    private static String commandName(String name) {
        return switch (name) {
            case "pipe-subscribe" -> "pipe subscribe";
            case "pipe-publish" -> "pipe publish";
            case "bench-server" -> "bench server";
            default -> name;
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "pipe-subscribe", "pipe-publish", "bench-server"})
    void contradictingFileSettingsNameFileLineAndKey(String name) throws IOException {
        Path conf = write("node.conf", "# peers\nbroker.heartbeat-interval = 20s\n");

        CliRun run = CliRun.run("", command(name, "--no-tls", "--config", conf.toString()));

        assertConfigurationError(
                run,
                commandName(name),
                conf + ":2: broker.heartbeat-interval: conflicts with the default of broker.peer-timeout:"
                        + " broker.peer-timeout must be zero (off) or longer than broker.heartbeat-interval");
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "pipe-subscribe"})
    void missingConfigFileIsOneLineWithoutJavaNames(String name) {
        Path missing = dir.resolve("missing.conf");

        CliRun run = CliRun.run("", command(name, "--config", missing.toString()));

        assertConfigurationError(run, commandName(name), missing + ": cannot read configuration file: no such file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "pipe-publish", "bench-server"})
    void missingTlsFileOnTheCommandLineNamesTheOption(String name) throws IOException {
        Path missing = dir.resolve("node.pem");
        Path ca = write("ca.pem", "not a certificate\n");

        CliRun run = CliRun.run(
                "",
                command(
                        name,
                        "--tls-cert",
                        missing.toString(),
                        "--tls-key",
                        missing.toString(),
                        "--tls-ca-file",
                        ca.toString()));

        assertConfigurationError(run, commandName(name), "--tls-cert: no such file: " + missing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "pipe-subscribe"})
    void missingTlsFileInTheConfigFileNamesLineAndKey(String name) throws IOException {
        Path missing = dir.resolve("node.key");
        Path conf = write(
                "tls.conf",
                "broker.ssl.cafile = " + missing + "\nbroker.ssl.key = " + missing + "\nbroker.ssl.certificate = "
                        + missing + "\n");

        CliRun run = CliRun.run("", command(name, "--config", conf.toString()));

        assertConfigurationError(run, commandName(name), conf + ":3: broker.ssl.certificate: no such file: " + missing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "pipe-publish"})
    void certificateWithoutKeyIsABadConfigurationNotAUsageError(String name) throws IOException {
        Path cert = write("node.pem", "x\n");

        CliRun run = CliRun.run("", command(name, "--tls-cert", cert.toString()));

        assertConfigurationError(run, commandName(name), "--tls-cert: needs --tls-key (broker.ssl.key)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "bench-server"})
    void missingCaNamesTheOptionAndTheKeyThatWouldGiveIt(String name) throws IOException {
        Path cert = write("node.pem", "x\n");

        CliRun run = CliRun.run("", command(name, "--tls-cert", cert.toString(), "--tls-key", cert.toString()));

        assertConfigurationError(
                run,
                commandName(name),
                "--tls-ca-file (broker.ssl.cafile): certificate mode needs a CA file or a CA directory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "pipe-publish"})
    void unreadablePassphraseFileNamesTheOption(String name) {
        Path missing = dir.resolve("pass");

        CliRun run = CliRun.run("", command(name, "--tls-passphrase-file", missing.toString()));

        assertConfigurationError(run, commandName(name), "--tls-passphrase-file: no such file: " + missing);
    }
}
