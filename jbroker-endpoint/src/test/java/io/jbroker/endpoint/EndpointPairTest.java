package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.BrokerException;
import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.endpoint.testing.Endpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two endpoints in one JVM over real sockets on 127.0.0.1, with TLS off. Subclasses run the same
 * scenarios over anonymous TLS and certificate TLS by overriding {@link #tls()}.
 */
class EndpointPairTest {
    @RegisterExtension
    final Endpoints endpoints = new Endpoints();

    /** The transport both endpoints use. */
    TlsConfig tls() throws Exception {
        return TlsConfig.off();
    }

    private Endpoint endpoint() {
        Endpoint e;
        try {
            e = Endpoint.create(EndpointConfig.builder().ioThreads(1).tls(tls()).build());
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
        endpoints.track(e);
        return e;
    }

    static boolean peerSubscribed(Endpoint e, EndpointId peer, String topic) {
        return e.peers().stream()
                .anyMatch(p -> p.id().equals(peer)
                        && p.topics().stream().anyMatch(t -> Topic.of(topic).startsWith(t)));
    }

    static List<EndpointEvent> events(Subscriber s, int n) throws InterruptedException {
        List<EndpointEvent> out = new ArrayList<>();
        while (out.size() < n) {
            DataMessage m = s.get(Duration.ofSeconds(10));
            assertThat(m).as("event %d of %d", out.size() + 1, n).isNotNull();
            out.add(m.topic().equals(Topic.STATUSES) ? Status.fromData(m.data()) : ErrorEvent.fromData(m.data()));
        }
        return out;
    }

    @Test
    void publishedValueReachesSubscriberOfThePeer() throws Exception {
        Endpoint a = endpoint();
        Endpoint b = endpoint();
        int port = a.listen("127.0.0.1", 0);
        Subscriber sub = b.subscribe("/t");
        EndpointId peer = b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        assertThat(peer).isEqualTo(a.id());
        Await.until("a learns b's subscription", () -> peerSubscribed(a, b.id(), "/t/x"));

        a.publish("/t/x", Data.string("hello"));
        a.publish("/other", Data.string("not for b"));
        a.publish("/t/y", Data.count(42));

        assertThat(sub.get(Duration.ofSeconds(10))).isEqualTo(DataMessage.of("/t/x", Data.string("hello")));
        assertThat(sub.get(Duration.ofSeconds(10))).isEqualTo(DataMessage.of("/t/y", Data.count(42)));
        assertThat(sub.poll()).isNull();
    }

    @Test
    void subscriptionAfterPeeringIsAnnouncedWithARoutingUpdate() throws Exception {
        Endpoint a = endpoint();
        Endpoint b = endpoint();
        int port = a.listen("127.0.0.1", 0);
        b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        Subscriber sub = a.subscribe("/late");
        Await.until("b learns a's subscription", () -> peerSubscribed(b, a.id(), "/late"));
        b.publish("/late/1", Data.integer(-1));
        assertThat(sub.get(Duration.ofSeconds(10))).isEqualTo(DataMessage.of("/late/1", Data.integer(-1)));
    }

    @Test
    void perConnectionOrderIsPreserved() throws Exception {
        Endpoint a = endpoint();
        Endpoint b = endpoint();
        int port = a.listen("127.0.0.1", 0);
        Subscriber sub = b.subscribe("/seq");
        b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        Await.until("subscription", () -> peerSubscribed(a, b.id(), "/seq"));
        int n = 5000;
        for (int i = 0; i < n; i++) {
            a.publish("/seq", Data.count(i));
        }
        for (int i = 0; i < n; i++) {
            DataMessage m = sub.get(Duration.ofSeconds(10));
            assertThat(m).isNotNull();
            assertThat(m.data()).isEqualTo(Data.count(i));
        }
        assertThat(sub.droppedCount()).isZero();
    }

    @Test
    void localSubscribersReceiveOwnPublications() throws Exception {
        Endpoint a = endpoint();
        Subscriber sub = a.subscribe("/self");
        a.publish("/self/x", Data.bool(true));
        assertThat(sub.get(Duration.ofSeconds(5))).isEqualTo(DataMessage.of("/self/x", Data.bool(true)));
    }

    @Test
    void statusEventsFollowBrokersOrderOnPeeringAndUnpeering() throws Exception {
        Endpoint a = endpoint();
        Endpoint b = endpoint();
        Subscriber aStatus = a.statusSubscriber();
        Subscriber bStatus = b.statusSubscriber();
        int port = a.listen("127.0.0.1", 0);
        b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));

        List<EndpointEvent> bEvents = events(bStatus, 2);
        assertThat(((Status) bEvents.get(0)).code()).isEqualTo(StatusCode.ENDPOINT_DISCOVERED);
        assertThat(((Status) bEvents.get(0)).context().node()).isEqualTo(a.id());
        Status added = (Status) bEvents.get(1);
        assertThat(added.code()).isEqualTo(StatusCode.PEER_ADDED);
        assertThat(added.message()).isEqualTo("handshake successful");
        assertThat(added.context().network()).contains(new NetworkInfo("127.0.0.1", port, Duration.ZERO));
        assertThat(events(aStatus, 2))
                .extracting(e -> ((Status) e).code())
                .containsExactly(StatusCode.ENDPOINT_DISCOVERED, StatusCode.PEER_ADDED);

        assertThat(b.unpeer("127.0.0.1", port)).isTrue();
        assertThat(events(bStatus, 2))
                .extracting(e -> ((Status) e).code())
                .containsExactly(StatusCode.PEER_REMOVED, StatusCode.ENDPOINT_UNREACHABLE);
        List<EndpointEvent> aEvents = events(aStatus, 2);
        assertThat(aEvents)
                .extracting(e -> ((Status) e).code())
                .containsExactly(StatusCode.PEER_LOST, StatusCode.ENDPOINT_UNREACHABLE);
        assertThat(a.peers()).isEmpty();
        assertThat(b.peers()).isEmpty();
    }

    @Test
    void peeringWithNobodyFailsWithPeerUnavailable() throws Exception {
        Endpoint a = endpoint();
        Subscriber status = a.statusSubscriber();
        int freePort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        assertThatThrownBy(() -> a.peerBlocking("127.0.0.1", freePort, Duration.ZERO, Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(
                        BrokerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PEER_UNAVAILABLE));
        ErrorEvent err = (ErrorEvent) events(status, 1).get(0);
        assertThat(err.code()).isEqualTo(ErrorCode.PEER_UNAVAILABLE);
        assertThat(err.message()).startsWith("unable to connect to remote peer");
    }

    @Test
    void unpeerOfUnknownPeerReportsPeerInvalid() throws Exception {
        Endpoint a = endpoint();
        Subscriber status = a.statusSubscriber();
        assertThat(a.unpeer("127.0.0.1", 1)).isFalse();
        ErrorEvent err = (ErrorEvent) events(status, 1).get(0);
        assertThat(err.code()).isEqualTo(ErrorCode.PEER_INVALID);
        assertThat(err.message()).isEqualTo("cannot unpeer from unknown peer");
    }

    @Test
    void lostOutboundPeeringIsReestablishedAfterTheRetryInterval() throws Exception {
        Endpoint a = endpoint();
        int port = a.listen("127.0.0.1", 0);
        Endpoint b = endpoint();
        Subscriber bStatus = b.statusSubscriber();
        b.peerBlocking("127.0.0.1", port, Duration.ofMillis(200), Duration.ofSeconds(10));
        events(bStatus, 2);
        a.close();
        assertThat(events(bStatus, 2))
                .extracting(e -> ((Status) e).code())
                .containsExactly(StatusCode.PEER_LOST, StatusCode.ENDPOINT_UNREACHABLE);

        Endpoint a2 = endpoint();
        a2.listen("127.0.0.1", port);
        Await.until("b reconnects", () -> b.peers().stream().anyMatch(p -> p.id().equals(a2.id())));
        List<EndpointEvent> more = new ArrayList<>();
        while (more.stream().noneMatch(e -> e instanceof Status && ((Status) e).code() == StatusCode.PEER_ADDED)) {
            more.addAll(events(bStatus, 1));
        }
    }

    @Test
    void closingTwiceIsHarmlessAndControlCallsFailAfterwards() {
        Endpoint a = endpoint();
        a.close();
        a.close();
        assertThatThrownBy(() -> a.listen("127.0.0.1", 0))
                .isInstanceOfSatisfying(
                        BrokerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
    }

    @Test
    void listeningOnABusyPortFailsWithCannotOpenResource() {
        Endpoint a = endpoint();
        Endpoint b = endpoint();
        int port = a.listen("127.0.0.1", 0);
        assertThatThrownBy(() -> b.listen("127.0.0.1", port))
                .isInstanceOfSatisfying(
                        BrokerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANNOT_OPEN_RESOURCE));
    }

    @Test
    void reservedTopicsCannotBePublished() {
        Endpoint a = endpoint();
        assertThatThrownBy(() -> a.publish("<$>/local/data/statuses", Data.none()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
