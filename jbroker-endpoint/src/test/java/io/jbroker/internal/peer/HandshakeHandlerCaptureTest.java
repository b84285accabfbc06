package io.jbroker.internal.peer;

import static io.jbroker.internal.peer.FakePeer.filter;
import static io.jbroker.internal.peer.FakePeer.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.EndpointId;
import io.jbroker.endpoint.PeerStatus;
import io.jbroker.internal.wire.CapturedFrames;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.Filter;
import io.jbroker.internal.wire.MessageType;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Replays the handshakes captured from upstream Broker and expects byte-identical answers. */
class HandshakeHandlerCaptureTest {
    private static final EndpointId EP_A = EndpointId.parse("bf71c422-52f8-55e3-8131-f033ff254800");
    private static final EndpointId EP_B = EndpointId.parse("7e01d9b2-ae93-53a2-9d66-558bf25bb1f4");
    private static final EndpointId ROUTING_A = EndpointId.parse("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
    private static final EndpointId ROUTING_B = EndpointId.parse("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");

    private static final List<byte[]> SESSION_C2S = CapturedFrames.load("session_plain.c2s.frames.txt");
    private static final List<byte[]> SESSION_S2C = CapturedFrames.load("session_plain.s2c.frames.txt");
    private static final List<byte[]> ROUTING_C2S = CapturedFrames.load("routing/routing_pair.c2s.frames.txt");
    private static final List<byte[]> ROUTING_S2C = CapturedFrames.load("routing/routing_pair.s2c.frames.txt");

    private static List<String> hexes(List<byte[]> frames) {
        return frames.stream().map(FakePeer::hex).collect(Collectors.toList());
    }

    private static HandshakeHandler handler(EndpointId self, TcpRole role, Filter filter, PeerRegistry registry) {
        return new HandshakeHandler(self, role, () -> filter, registry);
    }

    @Test
    void acceptorAnswersCapturedConnectorExactlyAsBrokerDid() {
        LocalPeerRegistry registry = new LocalPeerRegistry();
        try (FakePeer peer = new FakePeer(handler(EP_A, TcpRole.ACCEPTOR, filter("/vectors"), registry))) {
            for (int i = 0; i < 4; i++) {
                peer.send(SESSION_C2S.get(i));
            }

            assertThat(peer.written()).isEqualTo(hexes(SESSION_S2C.subList(0, 3)));
            assertThat(peer.result()).isEqualTo(new HandshakeResult.Success(EP_B, filter("/back"), false));
            assertThat(registry.status(EP_B)).isEqualTo(PeerStatus.CONNECTED);
            assertThat(peer.channel.pipeline().get(HandshakeHandler.class)).isNull();

            List<byte[]> operational = SESSION_C2S.subList(4, SESSION_C2S.size());
            for (byte[] frame : operational) {
                peer.send(frame);
            }
            assertThat(hexes(peer.forwarded)).isEqualTo(hexes(operational));
            assertThat(Envelope.parse(peer.forwarded.get(0)).type()).isEqualTo(MessageType.DATA);
            assertThat(peer.channel.isOpen()).isTrue();
        }
    }

    @Test
    void connectorSendsExactlyWhatBrokersConnectorSent() {
        LocalPeerRegistry registry = new LocalPeerRegistry();
        try (FakePeer peer = new FakePeer(handler(EP_B, TcpRole.CONNECTOR, filter("/back"), registry))) {
            assertThat(peer.written()).containsExactly(hex(SESSION_C2S.get(0)));
            for (int i = 0; i < 3; i++) {
                peer.send(SESSION_S2C.get(i));
            }

            assertThat(peer.written()).isEqualTo(hexes(SESSION_C2S.subList(1, 4)));
            assertThat(peer.result()).isEqualTo(new HandshakeResult.Success(EP_A, filter("/vectors"), true));
            assertThat(registry.status(EP_A)).isEqualTo(PeerStatus.CONNECTED);

            List<byte[]> operational = SESSION_S2C.subList(3, SESSION_S2C.size());
            peer.send(operational.toArray(new byte[0][]));
            assertThat(hexes(peer.forwarded)).isEqualTo(hexes(operational));
        }
    }

    @Test
    void acceptorWithSmallerIdOriginatesAsInRoutingCapture() {
        try (FakePeer peer =
                new FakePeer(handler(ROUTING_A, TcpRole.ACCEPTOR, filter("/r/a"), new LocalPeerRegistry()))) {
            peer.send(ROUTING_C2S.get(0));
            peer.send(ROUTING_C2S.get(1));

            assertThat(peer.written()).isEqualTo(hexes(ROUTING_S2C.subList(0, 4)));
            assertThat(peer.result()).isEqualTo(new HandshakeResult.Success(ROUTING_B, filter("/r/b"), true));

            List<byte[]> operational = ROUTING_C2S.subList(2, ROUTING_C2S.size());
            peer.send(operational.toArray(new byte[0][]));
            assertThat(hexes(peer.forwarded)).isEqualTo(hexes(operational));
        }
    }

    @Test
    void connectorWithLargerIdRespondsAsInRoutingCapture() {
        try (FakePeer peer =
                new FakePeer(handler(ROUTING_B, TcpRole.CONNECTOR, filter("/r/b"), new LocalPeerRegistry()))) {
            peer.send(ROUTING_S2C.get(0), ROUTING_S2C.get(1), ROUTING_S2C.get(2));
            assertThat(peer.written()).isEqualTo(hexes(ROUTING_C2S.subList(0, 2)));
            assertThat(peer.results).isEmpty();

            List<byte[]> operational = ROUTING_S2C.subList(4, ROUTING_S2C.size());
            byte[][] ackAndRest = ROUTING_S2C.subList(3, ROUTING_S2C.size()).toArray(new byte[0][]);
            peer.send(ackAndRest);

            assertThat(peer.result()).isEqualTo(new HandshakeResult.Success(ROUTING_A, filter("/r/a"), false));
            assertThat(hexes(peer.forwarded)).isEqualTo(hexes(operational));
            assertThat(peer.written()).isEmpty();
        }
    }

    @Test
    void envelopeInTheSameReadAsOriginatorAckReachesTheNextHandler() {
        try (FakePeer peer =
                new FakePeer(handler(EP_A, TcpRole.ACCEPTOR, filter("/vectors"), new LocalPeerRegistry()))) {
            peer.send(SESSION_C2S.toArray(new byte[0][]));

            assertThat(peer.written()).isEqualTo(hexes(SESSION_S2C.subList(0, 3)));
            assertThat(peer.result()).isInstanceOf(HandshakeResult.Success.class);
            assertThat(hexes(peer.forwarded)).isEqualTo(hexes(SESSION_C2S.subList(4, SESSION_C2S.size())));
        }
    }

    @Test
    void handshakeSurvivesOneByteReads() {
        try (FakePeer peer =
                new FakePeer(handler(EP_A, TcpRole.ACCEPTOR, filter("/vectors"), new LocalPeerRegistry()))) {
            for (byte[] frame : SESSION_C2S) {
                peer.trickle(frame);
            }

            assertThat(peer.written()).isEqualTo(hexes(SESSION_S2C.subList(0, 3)));
            assertThat(peer.result()).isEqualTo(new HandshakeResult.Success(EP_B, filter("/back"), false));
            assertThat(hexes(peer.forwarded)).isEqualTo(hexes(SESSION_C2S.subList(4, SESSION_C2S.size())));
        }
    }

    @Test
    void localFilterIsReadWhenTheSynIsSent() {
        AtomicReference<Filter> local = new AtomicReference<>(filter("/old"));
        HandshakeHandler handler = new HandshakeHandler(EP_A, TcpRole.ACCEPTOR, local::get, new LocalPeerRegistry());
        try (FakePeer peer = new FakePeer(handler)) {
            peer.send(SESSION_C2S.get(0), SESSION_C2S.get(1));
            local.set(filter("/vectors"));
            peer.send(SESSION_C2S.get(2), SESSION_C2S.get(3));

            assertThat(peer.written()).isEqualTo(hexes(SESSION_S2C.subList(0, 3)));
        }
    }
}
