package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.endpoint.EndpointConfigFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsOptionsTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void noOptionsMeanAnonymousTls() {
        TlsSettings s = new TlsOptions().resolve(null, NO_ENV);

        assertThat(s.mode()).isEqualTo("anonymous");
        assertThat(s.disabled()).isFalse();
    }

    @Test
    void noTlsTurnsTlsOff() {
        TlsOptions o = new TlsOptions();
        o.noTls = true;

        assertThat(o.resolve(null, NO_ENV).mode()).isEqualTo("off");
    }

    @Test
    void certificateOptionsMeanAuthenticatedTls() {
        TlsOptions o = new TlsOptions();
        o.certificate = Path.of("node.pem");
        o.key = Path.of("node.key");
        o.caFile = Path.of("ca.pem");

        TlsSettings s = o.resolve(null, NO_ENV);

        assertThat(s.mode()).isEqualTo("authenticated");
        assertThat(s.certificate()).contains(Path.of("node.pem"));
        assertThat(s.key()).contains(Path.of("node.key"));
        assertThat(s.caFile()).contains(Path.of("ca.pem"));
        assertThat(s.caDir()).isEmpty();
    }

    @Test
    void commandLineOverridesTheFileFieldByField() {
        EndpointConfigFile file = EndpointConfigFile.parse(
                "node.conf",
                "broker.ssl.certificate = file.pem\nbroker.ssl.key = file.key\nbroker.ssl.cafile = file-ca.pem\n"
                        + "broker.ssl.passphrase = from-file\n");
        TlsOptions o = new TlsOptions();
        o.caFile = Path.of("cli-ca.pem");

        TlsSettings s = o.resolve(file, NO_ENV);

        assertThat(s.certificate()).contains(Path.of("file.pem"));
        assertThat(s.key()).contains(Path.of("file.key"));
        assertThat(s.caFile()).contains(Path.of("cli-ca.pem"));
        assertThat(s.passphrase()).contains("from-file");
    }

    @Test
    void fileCanDisableTlsAndCertificateOptionsReenableIt() {
        EndpointConfigFile file = EndpointConfigFile.parse("node.conf", "broker.disable-ssl = true\n");
        TlsOptions withCert = new TlsOptions();
        withCert.certificate = Path.of("node.pem");
        withCert.key = Path.of("node.key");

        assertThat(new TlsOptions().resolve(file, NO_ENV).mode()).isEqualTo("off");
        assertThat(withCert.resolve(file, NO_ENV).mode()).isEqualTo("authenticated");
    }

    @Test
    void passphraseComesFromFileOptionThenEnvironmentThenConfigFile(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("pass");
        Files.writeString(secret, "from-option\nsecond line ignored\n", StandardCharsets.UTF_8);
        EndpointConfigFile file = EndpointConfigFile.parse("node.conf", "broker.ssl.passphrase = from-config\n");
        Map<String, String> env = Map.of(TlsOptions.PASSPHRASE_ENV, "from-env");
        TlsOptions withFile = new TlsOptions();
        withFile.passphraseFile = secret;

        assertThat(withFile.resolve(file, env).passphrase()).contains("from-option");
        assertThat(new TlsOptions().resolve(file, env).passphrase()).contains("from-env");
        assertThat(new TlsOptions().resolve(file, NO_ENV).passphrase()).contains("from-config");
    }

    @Test
    void noTlsWithCertificateOptionsIsRejected() {
        TlsOptions o = new TlsOptions();
        o.noTls = true;
        o.caDir = Path.of("/etc/ssl/certs");

        assertThatThrownBy(() -> o.resolve(null, NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--no-tls cannot be combined");
    }

    @Test
    void certificateWithoutKeyIsRejected() {
        TlsOptions o = new TlsOptions();
        o.certificate = Path.of("node.pem");

        assertThatThrownBy(() -> o.resolve(null, NO_ENV))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("--tls-cert: needs --tls-key (broker.ssl.key)");
    }

    @Test
    void unreadablePassphraseFileIsRejected(@TempDir Path dir) {
        TlsOptions o = new TlsOptions();
        o.passphraseFile = dir.resolve("missing");

        assertThatThrownBy(() -> o.resolve(null, NO_ENV))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("--tls-passphrase-file: no such file: " + o.passphraseFile);
    }
}
