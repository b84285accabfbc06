package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointConfigFileTest {
    private static final String EVERY_KEY = String.join(
            "\n",
            "# every key, none at its default",
            "broker.endpoint-id = 01010101-0101-4101-8101-010101010101",
            "broker.forward = true",
            "broker.io-threads = 3",
            "broker.native-transport = false",
            "broker.io-busy-poll = true",
            "broker.io-spin = 20us",
            "broker.max-frame-length = 1048576",
            "broker.handshake-timeout = 2500ms",
            "broker.duplicate-window = 2s",
            "broker.unpeer-timeout = 1s",
            "",
            "broker.peer-buffer-size = 100",
            "broker.peer-buffer-bytes = 2097152",
            "broker.peer-overflow-policy = drop_newest",
            "broker.subscriber-queue-size = 7",
            "broker.subscriber-queue-bytes = 4096",
            "broker.subscriber-overflow-policy = disconnect",
            "broker.stall-timeout = 250ms",
            "broker.heartbeat-interval = 2s",
            "broker.peer-timeout = 30s",
            "   # indented comment",
            "broker.disable-ssl = true",
            "broker.ssl.certificate = /etc/jbroker/node.pem",
            "broker.ssl.key = \"/etc/jbroker/node key.pem\"",
            "broker.ssl.passphrase = s3cret = yes",
            "broker.ssl.cafile = /etc/jbroker/ca.pem",
            "broker.ssl.capath = /etc/ssl/certs",
            "");

    @Test
    void everyKeyReachesTheConfiguration() {
        EndpointConfigFile file = EndpointConfigFile.parse("node.conf", EVERY_KEY);

        EndpointConfig c = file.applyTo(EndpointConfig.builder()).build();

        assertThat(file.keys()).containsExactlyElementsOf(EndpointConfigFile.knownKeys());
        assertThat(c.id()).isEqualTo(EndpointId.parse("01010101-0101-4101-8101-010101010101"));
        assertThat(c.forwarding()).isTrue();
        assertThat(c.ioThreads()).isEqualTo(3);
        assertThat(c.nativeTransport()).isFalse();
        assertThat(c.busyPoll()).isTrue();
        assertThat(c.ioSpin()).isEqualTo(Duration.ofNanos(20_000));
        assertThat(c.maxFrameLength()).isEqualTo(1048576);
        assertThat(c.handshakeTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.unpeerTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.duplicateWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.peerBufferMessages()).isEqualTo(100);
        assertThat(c.peerBufferBytes()).isEqualTo(2097152L);
        assertThat(c.peerOverflowPolicy()).isEqualTo(OverflowPolicy.DROP_NEWEST);
        assertThat(c.subscriberQueueSize()).isEqualTo(7);
        assertThat(c.subscriberQueueBytes()).isEqualTo(4096L);
        assertThat(c.subscriberOverflowPolicy()).isEqualTo(OverflowPolicy.DISCONNECT);
        assertThat(c.stallTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.peerTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(file.sslDisabled()).contains(true);
        assertThat(c.tls().mode()).isEqualTo(TlsConfig.Mode.OFF);
        assertThat(file.sslCertificate()).contains(Path.of("/etc/jbroker/node.pem"));
        assertThat(file.sslKey()).contains(Path.of("/etc/jbroker/node key.pem"));
        assertThat(file.sslPassphrase()).contains("s3cret = yes");
        assertThat(file.sslCaFile()).contains(Path.of("/etc/jbroker/ca.pem"));
        assertThat(file.sslCaPath()).contains(Path.of("/etc/ssl/certs"));
    }

    @Test
    void certificateOptionsNamingMissingFilesAreReported() {
        EndpointConfigFile file = EndpointConfigFile.parse(
                "node.conf",
                "broker.ssl.certificate = /nonexistent/node.pem\nbroker.ssl.key = /nonexistent/key.pem\n"
                        + "broker.ssl.cafile = /nonexistent/ca.pem\n");
        assertThatThrownBy(() -> file.applyTo(EndpointConfig.builder()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("node.conf")
                .hasMessageContaining("/nonexistent/");
    }

    @Test
    void noTlsKeysKeepTheAnonymousDefault() {
        EndpointConfigFile file = EndpointConfigFile.parse("node.conf", "broker.forward = true\n");
        assertThat(file.applyTo(EndpointConfig.builder()).build().tls().mode()).isEqualTo(TlsConfig.Mode.ANONYMOUS);
    }

    @Test
    void emptyFileKeepsEveryDefault() {
        EndpointConfigFile file = EndpointConfigFile.parse("empty.conf", "# nothing\n\n   \n");

        EndpointConfig c = file.applyTo(EndpointConfig.builder()).build();
        EndpointConfig d = EndpointConfig.defaults();

        assertThat(file.keys()).isEmpty();
        assertThat(file.sslDisabled()).isEmpty();
        assertThat(c.forwarding()).isEqualTo(d.forwarding());
        assertThat(c.maxFrameLength()).isEqualTo(d.maxFrameLength());
        assertThat(c.handshakeTimeout()).isEqualTo(d.handshakeTimeout());
        assertThat(c.peerBufferMessages()).isEqualTo(d.peerBufferMessages());
        assertThat(c.peerOverflowPolicy()).isEqualTo(d.peerOverflowPolicy());
        assertThat(c.subscriberQueueSize()).isEqualTo(d.subscriberQueueSize());
        assertThat(c.subscriberOverflowPolicy()).isEqualTo(d.subscriberOverflowPolicy());
    }

    @Test
    void settingsAppliedAfterTheFileOverrideIt() {
        EndpointConfigFile file =
                EndpointConfigFile.parse("node.conf", "broker.forward = true\nbroker.peer-buffer-size = 10\n");

        EndpointConfig c =
                file.applyTo(EndpointConfig.builder()).forwarding(false).build();

        assertThat(c.forwarding()).isFalse();
        assertThat(c.peerBufferMessages()).isEqualTo(10);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "broker.bogus = 1|3|broker.bogus: unknown key",
                "broker.forward = yes|3|broker.forward: not a boolean",
                "broker.io-threads = 0|3|broker.io-threads: must be between 1 and",
                "broker.peer-buffer-size = many|3|broker.peer-buffer-size: not an integer: \"many\"",
                "broker.max-frame-length = 10|3|broker.max-frame-length: must be between 64 and",
                "broker.handshake-timeout = 10|3|broker.handshake-timeout: not a duration",
                "broker.handshake-timeout = 0s|3|broker.handshake-timeout: must be positive",
                "broker.unpeer-timeout = 3 fortnights|3|broker.unpeer-timeout: not a duration",
                "broker.peer-overflow-policy = drop-oldest|3|broker.peer-overflow-policy: not an overflow policy",
                "broker.subscriber-overflow-policy = DISCONNECT|3|broker.subscriber-overflow-policy: not an overflow",
                "broker.endpoint-id = node-1|3|broker.endpoint-id: not a UUID",
                "broker.ssl.cafile = \"\"|3|broker.ssl.cafile: empty path",
                "broker.ssl.key = \"/tmp/x|3|broker.ssl.key: unterminated quoted value",
                "broker.forward|3|expected 'key = value'",
                "= true|3|(empty key): unknown key",
                "broker.forward = false|4|broker.forward: repeated key (first set on line 1)",
            })
    void badLineNamesFileLineAndKey(String badLine, int line, String message) {
        String text = badLine.endsWith("false")
                ? "broker.forward = true\n# comment\n\n" + badLine + "\n"
                : "# comment\n\n" + badLine + "\nbroker.forward = true\n";

        assertThatThrownBy(() -> EndpointConfigFile.parse("node.conf", text))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    assertThat(e.source()).isEqualTo("node.conf");
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
                })
                .hasMessageStartingWith("node.conf:" + line + ": " + message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // The key that breaks the rule is in the file: its line.
                "broker.peer-timeout = 1s|broker.heartbeat-interval = 2s|1|broker.peer-timeout: must be zero (off)"
                        + " or longer than broker.heartbeat-interval",
                // Only the other key of the rule is in the file: that key's line, naming the default.
                "# comment|broker.heartbeat-interval = 20s|2|broker.heartbeat-interval: conflicts with the default of"
                        + " broker.peer-timeout: broker.peer-timeout must be zero (off) or longer than"
                        + " broker.heartbeat-interval",
                "broker.peer-buffer-bytes = 1024|# comment|1|broker.peer-buffer-bytes: must hold at least one"
                        + " maximal frame (broker.max-frame-length)",
            })
    void settingsThatContradictEachOtherFailAtParseNamingLineAndKey(
            String first, String second, int line, String message) {
        String text = first + "\n" + second + "\n";

        assertThatThrownBy(() -> EndpointConfigFile.parse("node.conf", text))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA);
                })
                .hasMessage("node.conf:" + line + ": " + message);
    }

    @Test
    void builderErrorsNameTheSettingAndTheReason() {
        EndpointConfig.Builder b = EndpointConfig.builder().heartbeatInterval(Duration.ofSeconds(20));

        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.setting()).isEqualTo("peerTimeout");
                    assertThat(e.related()).containsExactly("heartbeatInterval");
                })
                .hasMessage("peerTimeout: must be zero (off) or longer than heartbeatInterval");
    }

    @Test
    void tlsFileErrorsNameTheLineAndKey(@TempDir Path dir) {
        Path missing = dir.resolve("node.pem");
        EndpointConfigFile file = EndpointConfigFile.parse(
                "node.conf",
                "broker.ssl.certificate = " + missing + "\nbroker.ssl.key = " + missing + "\nbroker.ssl.cafile = "
                        + missing + "\n");

        assertThatThrownBy(() -> file.applyTo(EndpointConfig.builder()))
                .isInstanceOfSatisfying(
                        ConfigFileException.class, e -> assertThat(e.line()).isEqualTo(1))
                .hasMessage("node.conf:1: broker.ssl.certificate: no such file: " + missing);
    }

    @Test
    void fileIsReadFromDiskAndNamedInErrors(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.conf");
        Files.writeString(good, "broker.subscriber-queue-size = 5\n", StandardCharsets.UTF_8);
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "broker.subscriber-queue-size = -5\n", StandardCharsets.UTF_8);

        EndpointConfig c =
                EndpointConfigFile.read(good).applyTo(EndpointConfig.builder()).build();

        assertThat(c.subscriberQueueSize()).isEqualTo(5);
        assertThatThrownBy(() -> EndpointConfigFile.read(bad))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(bad + ":1: broker.subscriber-queue-size:");
    }

    @Test
    void missingFileIsReportedWithItsName(@TempDir Path dir) {
        Path missing = dir.resolve("missing.conf");

        assertThatThrownBy(() -> EndpointConfigFile.read(missing))
                .isInstanceOfSatisfying(
                        ConfigFileException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANNOT_OPEN_FILE))
                .hasMessage(missing + ": cannot read configuration file: no such file");
    }

    @ParameterizedTest
    @CsvSource({
        "10s,PT10S",
        "500ms,PT0.5S",
        "2min,PT2M",
        "1h,PT1H",
        "1d,PT24H",
        "250us,PT0.00025S",
        "7ns,PT0.000000007S"
    })
    void durationsTakeBrokerStyleUnits(String text, String iso) {
        assertThat(EndpointConfigFile.parseDuration(text)).isEqualTo(Duration.parse(iso));
    }

    @Test
    void hugeDurationIsRejectedNotOverflowed() {
        assertThatThrownBy(() -> EndpointConfigFile.parseDuration("999999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
    }

    @Test
    void everyKeyIsDocumented() throws IOException {
        Path doc = Path.of("..", "docs", "configuration.md");

        String text = Files.readString(doc, StandardCharsets.UTF_8);

        for (String key : EndpointConfigFile.knownKeys()) {
            assertThat(text).as("docs/configuration.md documents %s", key).contains("`" + key + "`");
        }
    }
}
