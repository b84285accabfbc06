package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.BrokerException;
import io.jbroker.DataMessage;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.endpoint.testing.Endpoints;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Endpoints whose transports do not match fail the peering on both sides with an error event that
 * says TLS, within the deadline, instead of hanging.
 */
@Timeout(30)
class TlsMismatchTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    private static TlsConfig certA;
    private static TlsConfig certB;
    private static TlsConfig otherCa;

    @RegisterExtension
    final Endpoints endpoints = new Endpoints();

    @BeforeAll
    static void makeCertificates() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("one"), "CA one");
        certA = pki.node("a", false).build();
        certB = pki.node("b", true).build();
        otherCa = TestPki.create(dir.resolve("two"), "CA two")
                .node("stranger", false)
                .build();
    }

    private Endpoint endpoint(TlsConfig tls) {
        Endpoint e = Endpoint.create(EndpointConfig.builder()
                .ioThreads(1)
                .tls(tls)
                .handshakeTimeout(Duration.ofSeconds(3))
                .build());
        endpoints.track(e);
        return e;
    }

    private static ErrorEvent nextError(Subscriber s) throws InterruptedException {
        while (true) {
            DataMessage m = s.get(DEADLINE);
            assertThat(m).as("an error event within %s", DEADLINE).isNotNull();
            if (m.topic().equals(Topic.ERRORS)) {
                return ErrorEvent.fromData(m.data());
            }
        }
    }

    /** Peers a connector with an acceptor and returns both sides' error events. */
    private ErrorEvent[] failedPeering(TlsConfig connectorTls, TlsConfig acceptorTls) throws Exception {
        Endpoint acceptor = endpoint(acceptorTls);
        Endpoint connector = endpoint(connectorTls);
        Subscriber acceptorEvents = acceptor.statusSubscriber();
        Subscriber connectorEvents = connector.statusSubscriber();
        int port = acceptor.listen("127.0.0.1", 0);

        assertThatThrownBy(() -> connector.peerBlocking("127.0.0.1", port, Duration.ZERO, DEADLINE))
                .isInstanceOfSatisfying(
                        BrokerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PEER_UNAVAILABLE));
        ErrorEvent connectorError = nextError(connectorEvents);
        assertThat(connectorError.code()).isEqualTo(ErrorCode.PEER_UNAVAILABLE);
        ErrorEvent acceptorError = nextError(acceptorEvents);
        assertThat(connector.peers()).isEmpty();
        assertThat(acceptor.peers()).isEmpty();
        return new ErrorEvent[] {connectorError, acceptorError};
    }

    @Test
    void anonymousConnectorAndPlainAcceptorBothReportTls() throws Exception {
        ErrorEvent[] e = failedPeering(TlsConfig.anonymous(), TlsConfig.off());
        assertThat(e[0].message())
                .startsWith("unable to connect to remote peer")
                .contains("TLS handshake failed");
        assertThat(e[1].code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e[1].message()).contains("TLS mode mismatch");
    }

    @Test
    void plainConnectorAndAnonymousAcceptorBothReportTls() throws Exception {
        ErrorEvent[] e = failedPeering(TlsConfig.off(), TlsConfig.anonymous());
        assertThat(e[0].message()).contains("TLS mode mismatch");
        assertThat(e[1].code()).isEqualTo(ErrorCode.PEER_DISCONNECT_DURING_HANDSHAKE);
        assertThat(e[1].message()).startsWith("TLS handshake failed: ");
    }

    @Test
    void plainConnectorAndCertificateAcceptorBothReportTls() throws Exception {
        ErrorEvent[] e = failedPeering(TlsConfig.off(), certA);
        assertThat(e[0].message()).contains("TLS");
        assertThat(e[1].message()).startsWith("TLS handshake failed: ");
    }

    @Test
    void anonymousConnectorAndCertificateAcceptorBothReportTls() throws Exception {
        ErrorEvent[] e = failedPeering(TlsConfig.anonymous(), certA);
        assertThat(e[0].message()).contains("TLS handshake failed");
        assertThat(e[1].message()).startsWith("TLS handshake failed: ");
    }

    @Test
    void certificateConnectorAndAnonymousAcceptorBothReportTls() throws Exception {
        ErrorEvent[] e = failedPeering(certB, TlsConfig.anonymous());
        assertThat(e[0].message()).contains("TLS handshake failed");
        assertThat(e[1].message()).startsWith("TLS handshake failed: ");
    }

    @Test
    void certificateFromAnUntrustedCaIsRejectedOnBothSides() throws Exception {
        ErrorEvent[] e = failedPeering(otherCa, certA);
        assertThat(e[0].message()).contains("TLS handshake failed");
        assertThat(e[1].message()).startsWith("TLS handshake failed: ");
    }

    @Test
    void silentClientIsDroppedAfterTheHandshakeTimeout() throws Exception {
        Endpoint acceptor = endpoint(TlsConfig.anonymous());
        Subscriber events = acceptor.statusSubscriber();
        int port = acceptor.listen("127.0.0.1", 0);
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), port)) {
            ErrorEvent e = nextError(events);
            assertThat(e.code()).isEqualTo(ErrorCode.PEER_TIMEOUT);
            assertThat(e.message()).startsWith("TLS handshake failed: no TLS handshake within 3000 ms");
            silent.setSoTimeout((int) DEADLINE.toMillis());
            int next;
            do {
                next = silent.getInputStream().read();
            } while (next >= 0);
            assertThat(next).as("the acceptor closed the connection").isEqualTo(-1);
        }
    }

    @Test
    void matchingCertificatesFromOneCaPeer() throws Exception {
        Endpoint acceptor = endpoint(certA);
        Endpoint connector = endpoint(certB);
        int port = acceptor.listen("127.0.0.1", 0);
        assertThat(connector.peerBlocking("127.0.0.1", port, Duration.ZERO, DEADLINE))
                .isEqualTo(acceptor.id());
    }
}
