package io.jbroker.internal.peer;

import static io.jbroker.internal.peer.FakePeer.filter;
import static io.jbroker.internal.peer.FakePeer.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.endpoint.PeerStatus;
import io.jbroker.internal.wire.CapturedFrames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Bad input during the handshake: Broker's drop_conn answers, silent closes and framing limits. */
class HandshakeHandlerRejectionTest {
    /** Larger than B, so the acceptor under test becomes the responder. */
    private static final EndpointId SELF = EndpointId.parse("bf71c422-52f8-55e3-8131-f033ff254800");

    private static final EndpointId REMOTE = EndpointId.parse("7e01d9b2-ae93-53a2-9d66-558bf25bb1f4");

    private final LocalPeerRegistry registry = new LocalPeerRegistry();

    private FakePeer acceptor() {
        return acceptor(FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
    }

    private FakePeer acceptor(int maxFrameLength) {
        FakePeer peer = new FakePeer(
                new HandshakeHandler(SELF, TcpRole.ACCEPTOR, () -> filter("/vectors"), registry), maxFrameLength);
        assertThat(peer.written()).containsExactly(WireHex.PROBE);
        return peer;
    }

    private static void assertDropped(FakePeer peer, int code, String description) {
        assertThat(peer.written()).containsExactly(WireHex.dropConn(SELF, code, description));
        assertThat(peer.channel.isOpen()).isFalse();
        HandshakeResult.Failure failure = (HandshakeResult.Failure) peer.result();
        assertThat(failure.code().code()).isEqualTo(code);
        assertThat(failure.description()).isEqualTo(description);
        assertThat(failure.redundant()).isFalse();
    }

    private static HandshakeResult.Failure assertClosedSilently(FakePeer peer, ErrorCode code) {
        assertThat(peer.written()).isEmpty();
        assertThat(peer.channel.isOpen()).isFalse();
        HandshakeResult.Failure failure = (HandshakeResult.Failure) peer.result();
        assertThat(failure.code()).isEqualTo(code);
        assertThat(peer.forwarded).isEmpty();
        return failure;
    }

    @Test
    void handWrittenDropConnMatchesTheSizeBrokerReports() {
        // 43 bytes for drop_conn "redundant connection" (spec §5, Broker's handshake baselines).
        assertThat(WireHex.dropConn(SELF, 39, "redundant connection")).startsWith("0000002b09");
    }

    @Test
    void helloWithWrongMagicIsAnsweredWithDropConn38() {
        try (FakePeer peer = acceptor()) {
            peer.sendHex(WireHex.hello(REMOTE).replace("5a45454b", "5a45454c"));
            assertDropped(peer, 38, "wrong magic number");
        }
    }

    @Test
    void envelopeDuringHandshakeIsAnInvalidMessageTypeTag() {
        byte[] envelope = CapturedFrames.load("session_plain.c2s.frames.txt").get(4);
        try (FakePeer peer = acceptor()) {
            peer.send(envelope);
            assertDropped(peer, 20, "invalid message type tag");
        }
        try (FakePeer peer = acceptor()) {
            peer.sendHex("00000025" + "01" + "00".repeat(36)); // body starting with envelope type data
            assertDropped(peer, 20, "invalid message type tag");
        }
    }

    @Test
    void truncatedHelloFailsToParse() {
        try (FakePeer peer = acceptor()) {
            peer.sendHex("0000000a" + "065a45454b" + "7e01d9b2ae");
            assertDropped(peer, 20, "failed to parse hello_msg");
        }
    }

    @Test
    void helloOfferingVersions200To201IsUnsupported() {
        try (FakePeer peer = acceptor()) {
            peer.sendHex(WireHex.hello(REMOTE, 200, 201));
            assertDropped(peer, 2, "unsupported versions offered");
        }
    }

    @Test
    void dropConnWithUnknownCodeIsEchoedAsUnspecified() {
        try (FakePeer peer = acceptor()) {
            peer.sendHex(WireHex.dropConn(REMOTE, 41, "whatever"));
            assertDropped(peer, 1, "whatever");
        }
    }

    @Test
    void versionSelectBeforeHelloClosesWithoutAnswer() {
        try (FakePeer peer = acceptor()) {
            peer.sendHex(WireHex.versionSelect(REMOTE));
            HandshakeResult.Failure failure = assertClosedSilently(peer, ErrorCode.UNEXPECTED_HANDSHAKE_MESSAGE);
            assertThat(failure.description()).isEqualTo("unexpected VERSION_SELECT in state AWAIT_HELLO");
            assertThat(registry.status(REMOTE)).isEqualTo(PeerStatus.INITIALIZED);
        }
    }

    @Test
    void secondVersionSelectClosesWithoutAnswerAndReleasesTheRemote() {
        try (FakePeer peer = acceptor()) {
            peer.sendHex(WireHex.hello(REMOTE) + WireHex.versionSelect(REMOTE));
            assertThat(peer.written()).containsExactly(WireHex.hello(SELF));
            assertThat(registry.status(REMOTE)).isEqualTo(PeerStatus.CONNECTING);

            peer.sendHex(WireHex.versionSelect(REMOTE));
            HandshakeResult.Failure failure = assertClosedSilently(peer, ErrorCode.UNEXPECTED_HANDSHAKE_MESSAGE);
            assertThat(failure.remote()).isEqualTo(REMOTE);
            assertThat(registry.status(REMOTE)).isEqualTo(PeerStatus.INITIALIZED);
        }
    }

    @Test
    void probeAfterVersionSelectIsAnythingElse() {
        try (FakePeer peer = acceptor()) {
            peer.sendHex(WireHex.hello(REMOTE) + WireHex.versionSelect(REMOTE));
            peer.written();
            peer.sendHex(WireHex.PROBE);
            assertClosedSilently(peer, ErrorCode.UNEXPECTED_HANDSHAKE_MESSAGE);
        }
    }

    @Test
    void originatorAckInsteadOfSynIsAnythingElse() {
        try (FakePeer peer = acceptor()) {
            peer.sendHex(WireHex.hello(REMOTE) + WireHex.versionSelect(REMOTE) + WireHex.ORIGINATOR_ACK);
            assertThat(peer.written()).containsExactly(WireHex.hello(SELF));
            assertThat(peer.channel.isOpen()).isFalse();
            assertThat(((HandshakeResult.Failure) peer.result()).code())
                    .isEqualTo(ErrorCode.UNEXPECTED_HANDSHAKE_MESSAGE);
        }
    }

    @Test
    void probesBeforeHelloAreIgnored() {
        try (FakePeer peer = acceptor()) {
            peer.sendHex(WireHex.PROBE + WireHex.PROBE + WireHex.hello(REMOTE) + WireHex.PROBE);
            assertThat(peer.written()).containsExactly(WireHex.hello(SELF));
            assertThat(peer.results).isEmpty();
            assertThat(peer.channel.isOpen()).isTrue();
        }
    }

    @Test
    void receivedDropConnEndsTheHandshakeWithItsCode() {
        try (FakePeer peer = acceptor()) {
            peer.sendHex(WireHex.dropConn(REMOTE, 28, "shutting down"));
            HandshakeResult.Failure failure = assertClosedSilently(peer, ErrorCode.SHUTTING_DOWN);
            assertThat(failure)
                    .isEqualTo(new HandshakeResult.Failure(REMOTE, ErrorCode.SHUTTING_DOWN, "shutting down", false));
        }
    }

    @Test
    void receivedDropConn39ForAnUnknownRemoteIsAnError() {
        try (FakePeer peer = acceptor()) {
            peer.sendHex(WireHex.hello(REMOTE));
            peer.written();
            peer.sendHex(WireHex.dropConn(REMOTE, 39, "redundant connection"));
            HandshakeResult.Failure failure = assertClosedSilently(peer, ErrorCode.REDUNDANT_CONNECTION);
            assertThat(failure.redundant()).isFalse();
        }
    }

    @Test
    void receivedDropConn39WhileConnectingIsARedundantOutcome() {
        registry.begin(REMOTE, false, decision -> {});
        try (FakePeer peer = acceptor()) {
            peer.sendHex(WireHex.hello(REMOTE));
            peer.written();
            peer.sendHex(WireHex.dropConn(REMOTE, 39, "redundant connection"));
            HandshakeResult.Failure failure = assertClosedSilently(peer, ErrorCode.REDUNDANT_CONNECTION);
            assertThat(failure.redundant()).isTrue();
            assertThat(registry.status(REMOTE)).isEqualTo(PeerStatus.CONNECTING);
        }
    }

    @Test
    void zeroLengthFrameClosesWithoutAnswer() {
        try (FakePeer peer = acceptor()) {
            peer.sendHex("00000000" + WireHex.hello(REMOTE));
            HandshakeResult.Failure failure = assertClosedSilently(peer, ErrorCode.INVALID_MESSAGE);
            assertThat(failure.description()).isEqualTo("empty frame");
        }
    }

    @Test
    void frameAboveTheLimitIsRejectedFromItsPrefixAlone() {
        try (FakePeer peer = acceptor(1024)) {
            peer.sendHex("00000401"); // 1025 claimed, nothing of the body sent yet
            HandshakeResult.Failure failure = assertClosedSilently(peer, ErrorCode.INVALID_MESSAGE);
            assertThat(failure.description()).isEqualTo("frame of 1025 bytes exceeds the limit of 1024");
        }
        try (FakePeer peer = acceptor()) {
            peer.sendHex("ffffffff");
            assertClosedSilently(peer, ErrorCode.INVALID_MESSAGE);
        }
    }

    @Test
    void httpRequestIsGarbageWithAnAbsurdLength() {
        try (FakePeer peer = acceptor()) {
            peer.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            HandshakeResult.Failure failure = assertClosedSilently(peer, ErrorCode.INVALID_MESSAGE);
            assertThat(failure.description()).startsWith("frame of 1195725856 bytes exceeds");
        }
    }

    @Property(tries = 300)
    void arbitraryBytesNeverCompleteAHandshakeNorEscapeAsExceptions(@ForAll @Size(max = 64) byte[] garbage) {
        try (FakePeer peer = acceptor(256)) {
            peer.send(garbage);
            List<String> written = peer.written();
            assertThat(peer.forwarded).isEmpty();
            if (peer.channel.isOpen()) {
                assertThat(peer.results).isEmpty();
                assertThat(written).allMatch(w -> w.equals(WireHex.hello(SELF)));
            } else {
                assertThat(peer.result()).isInstanceOf(HandshakeResult.Failure.class);
                assertThat(written).allMatch(w -> w.substring(8).startsWith("09") || w.equals(WireHex.hello(SELF)));
            }
        }
    }

    @Test
    void handshakeNotDoneInTimeIsClosedAsPeerTimeout() {
        HandshakeHandler handler = new HandshakeHandler(
                SELF, TcpRole.ACCEPTOR, () -> filter("/vectors"), registry, Duration.ofSeconds(10));
        try (FakePeer peer = new FakePeer(handler)) {
            peer.written();
            peer.sendHex(WireHex.hello(REMOTE) + WireHex.versionSelect(REMOTE));
            assertThat(peer.written()).containsExactly(WireHex.hello(SELF));

            peer.channel.advanceTimeBy(9_999, TimeUnit.MILLISECONDS);
            peer.channel.runScheduledPendingTasks();
            assertThat(peer.channel.isOpen()).isTrue();

            peer.channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
            peer.channel.runScheduledPendingTasks();
            HandshakeResult.Failure failure = assertClosedSilently(peer, ErrorCode.PEER_TIMEOUT);
            assertThat(failure.remote()).isEqualTo(REMOTE);
            assertThat(registry.status(REMOTE)).isEqualTo(PeerStatus.INITIALIZED);
        }
    }

    @Test
    void completedHandshakeCancelsTheTimeout() {
        List<byte[]> c2s = CapturedFrames.load("session_plain.c2s.frames.txt");
        try (FakePeer peer = acceptor()) {
            peer.send(c2s.subList(0, 4).toArray(new byte[0][]));
            peer.channel.advanceTimeBy(1, TimeUnit.HOURS);
            peer.channel.runScheduledPendingTasks();
            assertThat(peer.result()).isInstanceOf(HandshakeResult.Success.class);
            assertThat(peer.channel.isOpen()).isTrue();
        }
    }

    @Test
    void connectionLossDuringHandshakeIsReported() {
        try (FakePeer peer = acceptor()) {
            peer.sendHex(WireHex.hello(REMOTE) + WireHex.versionSelect(REMOTE));
            peer.written();
            peer.channel.close();
            HandshakeResult.Failure failure = assertClosedSilently(peer, ErrorCode.PEER_DISCONNECT_DURING_HANDSHAKE);
            assertThat(failure.remote()).isEqualTo(REMOTE);
            assertThat(registry.status(REMOTE)).isEqualTo(PeerStatus.INITIALIZED);
        }
    }

    @Test
    void connectorOpensWithHelloOfVersionsOneToOne() {
        try (FakePeer peer = new FakePeer(new HandshakeHandler(SELF, TcpRole.CONNECTOR, () -> filter(), registry))) {
            assertThat(peer.written()).containsExactly(WireHex.hello(SELF));
            assertThat(hex(WireHex.hello(SELF))).hasSize(4 + 23);
        }
    }
}
