package io.jbroker.internal.peer;

import static io.jbroker.internal.peer.FakePeer.filter;
import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.endpoint.PeerStatus;
import org.junit.jupiter.api.Test;

/**
 * Redundant connections between the same two endpoints (spec §6.3), with handlers sharing one
 * {@link LocalPeerRegistry}. A (smaller) accepts B's connections, so A is the originator; C (larger
 * than B) accepts too and is the responder.
 */
class HandshakeRedundancyTest {
    private static final EndpointId A = EndpointId.parse("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
    private static final EndpointId B = EndpointId.parse("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");
    private static final EndpointId C = EndpointId.parse("cccccccc-cccc-4ccc-8ccc-cccccccccccc");

    private static final String SYN_A = WireHex.synWithOneTopic(0x0a, "/a");
    private static final String SYN_ACK_B = WireHex.synWithOneTopic(0x0b, "/b");
    private static final String DROP_39 = WireHex.dropConn(A, 39, "redundant connection");

    private final LocalPeerRegistry registry = new LocalPeerRegistry();

    private FakePeer acceptor(EndpointId self) {
        FakePeer peer = new FakePeer(new HandshakeHandler(self, TcpRole.ACCEPTOR, () -> filter("/a"), registry));
        assertThat(peer.written()).containsExactly(WireHex.PROBE);
        return peer;
    }

    /** A receives hello(B) and, as originator, proceeds. */
    private FakePeer originatorInFlight() {
        FakePeer first = acceptor(A);
        first.sendHex(WireHex.hello(B));
        assertThat(first.written()).containsExactly(WireHex.versionSelect(A), SYN_A);
        return first;
    }

    private static HandshakeResult.Failure failure(FakePeer peer) {
        return (HandshakeResult.Failure) peer.result();
    }

    @Test
    void secondOriginatorHandshakeWaitsThenDropsWith39WhenTheFirstCompletes() {
        try (FakePeer first = originatorInFlight();
                FakePeer second = acceptor(A)) {
            second.sendHex(WireHex.hello(B));
            second.channel.runPendingTasks();
            assertThat(second.written()).isEmpty();
            assertThat(second.channel.isOpen()).isTrue();

            first.sendHex(SYN_ACK_B);
            assertThat(first.written()).containsExactly(WireHex.ORIGINATOR_ACK);
            assertThat(first.result()).isEqualTo(new HandshakeResult.Success(B, filter("/b"), true));

            second.channel.runPendingTasks();
            assertThat(second.written()).containsExactly(DROP_39);
            assertThat(second.channel.isOpen()).isFalse();
            assertThat(failure(second))
                    .isEqualTo(new HandshakeResult.Failure(
                            B, ErrorCode.REDUNDANT_CONNECTION, "redundant connection", true));
            assertThat(registry.status(B)).isEqualTo(PeerStatus.CONNECTED);
        }
    }

    @Test
    void pausedHandshakeTakesOverWhenTheFirstFails() {
        try (FakePeer first = originatorInFlight();
                FakePeer second = acceptor(A)) {
            second.sendHex(WireHex.hello(B));
            first.channel.close();
            assertThat(failure(first).code()).isEqualTo(ErrorCode.PEER_DISCONNECT_DURING_HANDSHAKE);

            second.channel.runPendingTasks();
            assertThat(second.written()).containsExactly(WireHex.versionSelect(A), SYN_A);
            second.sendHex(SYN_ACK_B);
            assertThat(second.written()).containsExactly(WireHex.ORIGINATOR_ACK);
            assertThat(second.result()).isInstanceOf(HandshakeResult.Success.class);
            assertThat(registry.status(B)).isEqualTo(PeerStatus.CONNECTED);
        }
    }

    @Test
    void pausedHandshakeThatTimesOutIsForgotten() {
        try (FakePeer first = originatorInFlight();
                FakePeer second = acceptor(A)) {
            second.sendHex(WireHex.hello(B));
            second.channel.advanceTimeBy(
                    HandshakeHandler.DEFAULT_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            second.channel.runScheduledPendingTasks();
            assertThat(failure(second).code()).isEqualTo(ErrorCode.PEER_TIMEOUT);
            assertThat(second.written()).isEmpty();

            first.sendHex(SYN_ACK_B);
            assertThat(second.channel.hasPendingTasks()).isFalse();
            assertThat(second.results).hasSize(1);
        }
    }

    @Test
    void alreadyConnectedRemoteIsDroppedWith39ByTheOriginator() {
        try (FakePeer first = originatorInFlight()) {
            first.sendHex(SYN_ACK_B);
        }
        try (FakePeer second = acceptor(A)) {
            second.sendHex(WireHex.hello(B));
            assertThat(second.written()).containsExactly(DROP_39);
            assertThat(second.channel.isOpen()).isFalse();
            assertThat(failure(second).redundant()).isTrue();
            assertThat(failure(second).code()).isEqualTo(ErrorCode.REDUNDANT_CONNECTION);
        }
    }

    @Test
    void alreadyConnectedRemoteIsDroppedWith40ByTheResponder() {
        registry.begin(B, false, d -> {});
        registry.completed(B);
        try (FakePeer responder = acceptor(C)) {
            responder.sendHex(WireHex.hello(B));
            assertThat(responder.written()).containsExactly(WireHex.hello(C));
            responder.sendHex(WireHex.versionSelect(B));
            assertThat(responder.written())
                    .containsExactly(WireHex.dropConn(C, 40, "detected redundant connection at the responder"));
            assertThat(responder.channel.isOpen()).isFalse();
            assertThat(failure(responder))
                    .isEqualTo(new HandshakeResult.Failure(
                            B, ErrorCode.LOGIC_ERROR, "detected redundant connection at the responder", true));
            assertThat(registry.status(B)).isEqualTo(PeerStatus.CONNECTED);
        }
    }

    @Test
    void responderDropsWith40WhileAnotherHandshakeIsInFlight() {
        try (FakePeer first = acceptor(C);
                FakePeer second = acceptor(C)) {
            first.sendHex(WireHex.hello(B) + WireHex.versionSelect(B));
            second.sendHex(WireHex.hello(B) + WireHex.versionSelect(B));
            assertThat(second.written())
                    .containsExactly(
                            WireHex.hello(C),
                            WireHex.dropConn(C, 40, "detected redundant connection at the responder"));
            assertThat(first.channel.isOpen()).isTrue();
            assertThat(registry.status(B)).isEqualTo(PeerStatus.CONNECTING);
        }
    }

    @Test
    void shuttingDownEndpointDropsNewAndPausedHandshakesWith28() {
        try (FakePeer first = originatorInFlight();
                FakePeer paused = acceptor(A);
                FakePeer late = acceptor(A)) {
            paused.sendHex(WireHex.hello(B));
            registry.shutdown();
            paused.channel.runPendingTasks();
            assertThat(paused.written()).containsExactly(WireHex.dropConn(A, 28, "shutting down"));
            assertThat(failure(paused).code()).isEqualTo(ErrorCode.SHUTTING_DOWN);

            late.sendHex(WireHex.hello(B));
            assertThat(late.written()).containsExactly(WireHex.dropConn(A, 28, "shutting down"));
            assertThat(late.channel.isOpen()).isFalse();
            assertThat(first.channel.isOpen())
                    .as("handshake in flight is left alone")
                    .isTrue();
        }
    }

    @Test
    void reconnectAfterDisconnectProceeds() {
        try (FakePeer first = originatorInFlight()) {
            first.sendHex(SYN_ACK_B);
        }
        registry.disconnected(B);
        try (FakePeer again = originatorInFlight()) {
            assertThat(registry.status(B)).isEqualTo(PeerStatus.RECONNECTING);
            again.sendHex(SYN_ACK_B);
            assertThat(again.result()).isInstanceOf(HandshakeResult.Success.class);
        }
    }
}
