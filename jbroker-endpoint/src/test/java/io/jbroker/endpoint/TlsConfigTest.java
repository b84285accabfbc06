package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsConfigTest {
    @TempDir
    Path dir;

    private TestPki pki;

    @BeforeEach
    void makeCa() throws Exception {
        pki = TestPki.create(dir, "test CA");
    }

    @Test
    void endpointDefaultIsAnonymousTlsAsUpstream() {
        assertThat(EndpointConfig.defaults().tls()).isEqualTo(TlsConfig.anonymous());
        assertThat(TlsConfig.anonymous().mode()).isEqualTo(TlsConfig.Mode.ANONYMOUS);
        assertThat(TlsConfig.off().mode()).isEqualTo(TlsConfig.Mode.OFF);
    }

    @Test
    void encryptedKeyLoadsWithItsPassphraseAndToStringHidesIt() throws Exception {
        TlsConfig config = pki.node("n", true).build();
        assertThat(config.mode()).isEqualTo(TlsConfig.Mode.CERTIFICATE);
        assertThat(config.passphrase())
                .hasValueSatisfying(p -> assertThat(new String(p)).isEqualTo(TestPki.PASSPHRASE));
        assertThat(config.toString()).doesNotContain(TestPki.PASSPHRASE).contains("passphrase=***");
    }

    @Test
    void wrongPassphraseNamesTheKeyFile() throws Exception {
        TlsConfig.Builder b = pki.node("n", true).passphrase("wrong");
        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("n.enc.key").toString())
                .hasMessageContaining("wrong passphrase");
    }

    @Test
    void encryptedKeyWithoutPassphraseIsRejected() throws Exception {
        TlsConfig.Builder b = pki.node("n", false).privateKey(dir.resolve("n.enc.key"));
        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n.enc.key")
                .hasMessageContaining("no passphrase");
    }

    @Test
    void traditionalEcKeyLoads() throws Exception {
        Path sec1 = dir.resolve("n.sec1.key");
        TlsConfig.Builder b = pki.node("n", false).privateKey(sec1);
        assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(b.build().privateKey()).contains(sec1);
    }

    @Test
    void missingCertificateFileIsNamed() throws Exception {
        Path missing = dir.resolve("missing.crt");
        assertThatThrownBy(() -> pki.node("n", false).certificateChain(missing).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void fileWithoutCertificatesIsNamed() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        assertThatThrownBy(() -> pki.node("n", false).caFile(junk).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(junk.toString());
    }

    @Test
    void keyThatDoesNotParseIsNamed() throws Exception {
        Path junk = Files.writeString(
                dir.resolve("junk.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> pki.node("n", false).privateKey(junk).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(junk.toString());
    }

    @Test
    void missingSettingsAreNamed() {
        assertThatThrownBy(() -> TlsConfig.certificates().build()).hasMessageContaining("certificate chain");
        assertThatThrownBy(() -> TlsConfig.certificates()
                        .certificateChain(pki.caFile)
                        .privateKey(pki.caFile)
                        .build())
                .hasMessageContaining("CA file or a CA directory");
    }

    @Test
    void caDirectoryTrustsItsCertificatesAndIgnoresOtherFiles() throws Exception {
        Path cas = Files.createDirectories(dir.resolve("cas"));
        Files.copy(pki.caFile, cas.resolve("0a1b2c3d.0"));
        Files.writeString(cas.resolve("README"), "not a certificate");
        TlsConfig.Builder b = pki.node("n", false);
        TlsConfig config = TlsConfig.certificates()
                .certificateChain(b.build().certificateChain().orElseThrow())
                .privateKey(b.build().privateKey().orElseThrow())
                .caDirectory(cas)
                .build();
        assertThat(config.caDirectory()).contains(cas);

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> TlsConfig.certificates()
                        .certificateChain(config.certificateChain().orElseThrow())
                        .privateKey(config.privateKey().orElseThrow())
                        .caDirectory(empty)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(empty.toString());
    }
}
