package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.endpoint.testing.Endpoints;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.MessageType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Unpeering with Broker's BYE ping when the other side is busy unpeering too. The unpeer timeout
 * is 30 s and every wait here ends after 10 s, so a close can only come from a pong.
 */
class UnpeerTest {
    private static final EndpointId FAKE = EndpointId.parse("01010101-0101-4101-8101-010101010101");

    @RegisterExtension
    final Endpoints resources = new Endpoints();

    private Endpoint endpoint() {
        Endpoint e = Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .ioThreads(1)
                .unpeerTimeout(Duration.ofSeconds(30))
                .build());
        resources.track(e);
        return e;
    }

    @Test
    void pingArrivingAfterOurByeIsStillAnswered() throws Exception {
        Endpoint j = endpoint();
        FakePeer f = FakePeer.connect(j.listen("127.0.0.1", 0));
        resources.track(f);
        f.handshake(FAKE, j.id(), FakePeer.filter(), true);
        Await.until("peered", () -> !j.peers().isEmpty());

        assertThat(j.unpeer(FAKE)).isTrue();
        Envelope bye = f.readEnvelope();
        assertThat(bye.type()).isEqualTo(MessageType.PING);
        // The fake unpeers at the same moment: its own BYE crosses ours.
        byte[] token = "BYE-crossing".getBytes(StandardCharsets.US_ASCII);
        f.send(Envelope.of(FAKE, j.id(), MessageType.PING, Topic.RESERVED, token));
        f.expect(Envelope.of(j.id(), FAKE, MessageType.PONG, Topic.RESERVED, token)
                .frame());
        f.send(Envelope.of(FAKE, j.id(), MessageType.PONG, Topic.RESERVED, bye.payload()));
        f.expectClosedSilently();
    }

    @Test
    void simultaneousUnpeerOfTwoEndpointsEndsWithPongsNotTheTimeout() {
        Endpoint a = endpoint();
        Endpoint b = endpoint();
        b.peerBlocking("127.0.0.1", a.listen("127.0.0.1", 0), Duration.ZERO, Duration.ofSeconds(10));
        Await.until("peered both ways", () -> !a.peers().isEmpty() && !b.peers().isEmpty());

        assertThat(a.unpeer(b.id())).isTrue();
        b.unpeer(a.id()); // false if a's BYE already ended the peering: then there was no crossing

        Await.until("both peerings gone", () -> a.peers().isEmpty() && b.peers().isEmpty());
    }
}
