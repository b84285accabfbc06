package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.data.Protocol;
import io.jbroker.endpoint.testing.Endpoints;
import io.jbroker.internal.wire.CapturedFrames;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.MessageType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jbroker replays both sides of the captured upstream session ({@code session_plain}) over real
 * sockets against a {@link FakePeer}, with the capture's endpoint IDs, and must produce the
 * captured bytes exactly.
 */
class CapturedSessionTest {
    static final EndpointId EP_A = EndpointId.parse("bf71c422-52f8-55e3-8131-f033ff254800");
    static final EndpointId EP_B = EndpointId.parse("7e01d9b2-ae93-53a2-9d66-558bf25bb1f4");
    static final List<byte[]> C2S = CapturedFrames.load("session_plain.c2s.frames.txt");
    static final List<byte[]> S2C = CapturedFrames.load("session_plain.s2c.frames.txt");

    @RegisterExtension
    final Endpoints resources = new Endpoints();

    private <T extends AutoCloseable> T track(T r) {
        resources.track(r);
        return r;
    }

    private Endpoint endpoint(EndpointId id) {
        return track(Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .id(id)
                .ioThreads(1)
                .unpeerTimeout(Duration.ofSeconds(30))
                .build()));
    }

    /** The values of c2s frames 4-10 as the capture's README lists them, built independently. */
    static List<DataMessage> capturedPublications() {
        Data vector = Data.vector(
                Data.address("1.2.3.4"),
                Data.address("2001:db8::1"),
                Data.subnet("10.0.0.0/8"),
                Data.port(80, Protocol.TCP),
                Data.port(53, Protocol.UDP),
                Data.timestampNanos(1700000000123456789L),
                Data.timespanNanos(1500000000L),
                Data.enumValue("Conn::LOG"),
                Data.set(Data.count(1), Data.count(2), Data.count(3)),
                Data.table(Map.of(Data.string("a"), Data.count(1), Data.string("b"), Data.count(2))),
                Data.none(),
                Data.vector(Data.count(7), Data.string("nested")));
        Data event = Data.vector(
                Data.count(1),
                Data.count(1),
                Data.vector(Data.string("Test::ping"), Data.vector(Data.string("foo"), Data.count(1))));
        return List.of(
                DataMessage.of("/vectors/string", Data.string("hello")),
                DataMessage.of("/vectors/integer", Data.integer(-42)),
                DataMessage.of("/vectors/count", Data.count(42)),
                DataMessage.of("/vectors/boolean", Data.bool(true)),
                DataMessage.of("/vectors/real", Data.real(3.5)),
                DataMessage.of("/vectors/vector", vector),
                DataMessage.of("/vectors/zeek_event", event));
    }

    @Test
    void asAcceptorJbrokerAnswersWithTheCapturedResponderBytes() throws Exception {
        Endpoint a = endpoint(EP_A);
        Subscriber vectors = a.subscribe("/vectors");
        Subscriber status = a.statusSubscriber();
        int port = a.listen("127.0.0.1", 0);
        FakePeer b = track(FakePeer.connect(port));

        b.send(C2S.get(0)); // hello
        b.expect(S2C.get(0)); // probe
        b.expect(S2C.get(1)); // hello: epA has the larger ID and responds
        b.send(C2S.get(1), C2S.get(2)); // version_select, originator_syn [/back]
        b.expect(S2C.get(2)); // responder_syn_ack [/vectors]
        b.send(C2S.get(3)); // originator_ack
        b.send(C2S.subList(4, 11));

        for (DataMessage expected : capturedPublications()) {
            assertThat(vectors.get(Duration.ofSeconds(10))).isEqualTo(expected);
        }
        Await.until("epB's filter is known", () -> EndpointPairTest.peerSubscribed(a, EP_B, "/back/reply"));
        a.publish("/back/reply", Data.string("reply"));
        b.expect(S2C.get(3));

        b.send(C2S.get(11)); // BYE ping
        b.expect(S2C.get(4)); // pong with the same token
        b.close();
        List<EndpointEvent> events = EndpointPairTest.events(status, 4);
        assertThat(events)
                .extracting(e -> ((Status) e).code())
                .containsExactly(
                        StatusCode.ENDPOINT_DISCOVERED,
                        StatusCode.PEER_ADDED,
                        StatusCode.PEER_LOST,
                        StatusCode.ENDPOINT_UNREACHABLE);
        assertThat(vectors.poll()).isNull();
    }

    @Test
    void asConnectorJbrokerSendsTheCapturedOriginatorBytes() throws Exception {
        FakePeer.Listener listener = track(new FakePeer.Listener());
        Endpoint b = endpoint(EP_B);
        Subscriber back = b.subscribe("/back");
        var peered = b.peer("127.0.0.1", listener.port(), Duration.ZERO);
        FakePeer a = track(listener.accept());

        a.expect(C2S.get(0)); // hello
        a.send(S2C.get(0), S2C.get(1)); // probe, hello
        a.expect(C2S.subList(1, 3)); // version_select, originator_syn [/back]
        a.send(S2C.get(2)); // responder_syn_ack [/vectors]
        a.expect(C2S.get(3)); // originator_ack
        assertThat(peered.get()).isEqualTo(EP_A);

        for (DataMessage m : capturedPublications()) {
            b.publish(m.topic(), m.data());
        }
        a.expect(C2S.subList(4, 11));

        a.send(S2C.get(3)); // "reply" on /back/reply
        assertThat(back.get(Duration.ofSeconds(10))).isEqualTo(DataMessage.of("/back/reply", Data.string("reply")));

        assertThat(b.unpeer(EP_A)).isTrue();
        byte[] bye = a.read();
        byte[] capturedBye = C2S.get(11);
        // Everything but the 8 token bytes is as captured: sender, receiver, ping, ttl 16, "<$>", "BYE".
        assertThat(bye).hasSameSizeAs(capturedBye);
        assertThat(FakePeer.hex(Arrays.copyOf(bye, bye.length - 8)))
                .isEqualTo(FakePeer.hex(Arrays.copyOf(capturedBye, capturedBye.length - 8)));
        Envelope ping = Envelope.parse(bye);
        a.send(Envelope.of(EP_A, EP_B, MessageType.PONG, Topic.RESERVED, ping.payload()));
        // The unpeer timeout is 30 s and the deadline 10 s: the close is the answer to the pong.
        a.expectClosedSilently();
        Await.until("peering gone", () -> b.peers().isEmpty());
    }
}
