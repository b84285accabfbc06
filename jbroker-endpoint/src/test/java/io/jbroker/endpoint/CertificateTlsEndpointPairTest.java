package io.jbroker.endpoint;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EndpointPairTest}'s scenarios over certificate TLS: both endpoints share one CA, each with
 * its own certificate (encrypted key for one of them), and the certificates carry no name for
 * 127.0.0.1 (Broker does no hostname check).
 */
class CertificateTlsEndpointPairTest extends EndpointPairTest {
    @TempDir
    static Path dir;

    private static TlsConfig first;
    private static TlsConfig second;
    private int made;

    @BeforeAll
    static void makeCertificates() throws Exception {
        TestPki pki = TestPki.create(dir, "test CA");
        first = pki.node("node-a", true).build();
        second = pki.node("node-b", false).build();
    }

    @Override
    TlsConfig tls() {
        return made++ % 2 == 0 ? first : second;
    }
}
