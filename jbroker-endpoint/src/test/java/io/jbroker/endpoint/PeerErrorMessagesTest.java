package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.BrokerException;
import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.endpoint.testing.Endpoints;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Error events say what happened in the user's terms: no system call names, no TLS library
 * alert codes; a refused connection says so.
 */
class PeerErrorMessagesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @RegisterExtension
    final Endpoints endpoints = new Endpoints();

    private Endpoint endpoint(TlsConfig tls, boolean nativeTransport) {
        Endpoint e = Endpoint.create(EndpointConfig.builder()
                .ioThreads(1)
                .nativeTransport(nativeTransport)
                .tls(tls)
                .handshakeTimeout(Duration.ofSeconds(5))
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

    @ParameterizedTest
    @ValueSource(strings = {"anonymous", "certificate"})
    void tlsConnectorToAPlainNodeIsToldThePeerDoesNotSpeakTls(String mode) throws Exception {
        TlsConfig tls = mode.equals("anonymous")
                ? TlsConfig.anonymous()
                : TestPki.create(dir, "CA").node("n", false).build();
        Endpoint plain = endpoint(TlsConfig.off(), true);
        Endpoint connector = endpoint(tls, true);
        Subscriber events = connector.statusSubscriber();
        int port = plain.listen("127.0.0.1", 0);

        assertThatThrownBy(() -> connector.peerBlocking("127.0.0.1", port, Duration.ZERO, DEADLINE))
                .isInstanceOf(BrokerException.class);

        String message = nextError(events).message();
        assertThat(message)
                .isEqualTo("unable to connect to remote peer (peer_disconnect_during_handshake: TLS handshake failed:"
                        + " the peer did not send TLS records (is TLS off on the peer?))");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void refusedConnectionSaysRefused(boolean nativeTransport) throws Exception {
        Endpoint connector = endpoint(TlsConfig.off(), nativeTransport);
        Subscriber events = connector.statusSubscriber();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        connector.peer("127.0.0.1", port, Duration.ZERO);

        assertThat(nextError(events).message()).isEqualTo("unable to connect to remote peer: connection refused");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void resetPeerIsLostWithoutSystemCallNames(boolean nativeTransport) throws Exception {
        Endpoint acceptor = endpoint(TlsConfig.off(), nativeTransport);
        int port = acceptor.listen("127.0.0.1", 0);
        EndpointId fake = EndpointId.random();
        try (FakePeer f = FakePeer.connect(port)) {
            f.handshake(fake, acceptor.id(), FakePeer.filter("/t"), true);
            Await.until("the fake peer is peered", () -> !acceptor.peers().isEmpty());
            Subscriber events = acceptor.statusSubscriber();

            f.reset();

            Status lost = nextStatus(events, StatusCode.PEER_LOST);
            assertThat(lost.message()).isEqualTo("lost connection to remote peer (connection reset by peer)");
        }
    }

    private static Status nextStatus(Subscriber s, StatusCode code) throws InterruptedException {
        while (true) {
            DataMessage m = s.get(DEADLINE);
            assertThat(m).as("a %s status within %s", code, DEADLINE).isNotNull();
            if (m.topic().equals(Topic.STATUSES) && Status.fromData(m.data()).code() == code) {
                return Status.fromData(m.data());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void busyPortSaysAddressInUse(boolean nativeTransport) throws Exception {
        Endpoint e = endpoint(TlsConfig.off(), nativeTransport);
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> e.listen("127.0.0.1", busy.getLocalPort()))
                    .hasMessage("cannot listen on 127.0.0.1:" + busy.getLocalPort() + ": address already in use");
        }
    }
}
