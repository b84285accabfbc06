package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.endpoint.testing.Endpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #11 fault 1: a subscriber handler that throws, run on the I/O thread by a direct executor,
 * must cost only that message (an error event, the message counted as delivered), never the
 * peering, another subscriber or the peers of a local publication.
 */
class HandlerFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final Endpoints endpoints = new Endpoints();

    private Endpoint endpoint() {
        Endpoint e = Endpoint.create(EndpointConfig.builder().ioThreads(1).build());
        endpoints.track(e);
        return e;
    }

    /** a listens, b peers with a; returns b's ID as a sees it once a knows b's subscription. */
    private static void peer(Endpoint a, Endpoint b, String topic) {
        int port = a.listen("127.0.0.1", 0);
        b.peerBlocking("127.0.0.1", port, Duration.ZERO, WAIT);
        Await.until("a learns b's subscription", () -> EndpointPairTest.peerSubscribed(a, b.id(), topic));
    }

    private static List<ErrorEvent> errors(List<DataMessage> events) {
        List<ErrorEvent> out = new ArrayList<>();
        for (DataMessage m : events) {
            if (m.topic().equals(Topic.ERRORS)) {
                out.add(ErrorEvent.fromData(m.data()));
            }
        }
        return out;
    }

    private static boolean lost(List<DataMessage> events) {
        return events.stream()
                .filter(m -> m.topic().equals(Topic.STATUSES))
                .map(m -> Status.fromData(m.data()).code())
                .anyMatch(c -> c == StatusCode.PEER_LOST || c == StatusCode.PEER_REMOVED);
    }

    @Test
    void handlerThatThrowsOnceSeesEachMessageOnceAndThePeeringStays() throws Exception {
        Endpoint a = endpoint();
        Endpoint b = endpoint();
        List<DataMessage> bEvents = new CopyOnWriteArrayList<>();
        b.statusSubscriber().onMessage(bEvents::add, Runnable::run);
        List<DataMessage> seen = new CopyOnWriteArrayList<>();
        Subscriber sub = b.subscribe("/t");
        sub.onMessage(
                m -> {
                    seen.add(m);
                    if (seen.size() == 1) {
                        throw new IllegalStateException("handler bug");
                    }
                },
                Runnable::run);
        peer(a, b, "/t/x");

        a.publish("/t/x", Data.count(1));
        a.publish("/t/x", Data.count(2));
        a.publish("/t/x", Data.count(3));

        Await.until("three messages handled", () -> seen.size() >= 3);
        Await.until("an error event for the failure", () -> !errors(bEvents).isEmpty());
        assertThat(seen)
                .containsExactly(
                        DataMessage.of("/t/x", Data.count(1)),
                        DataMessage.of("/t/x", Data.count(2)),
                        DataMessage.of("/t/x", Data.count(3)));
        ErrorEvent err = errors(bEvents).get(0);
        assertThat(err.code()).isEqualTo(ErrorCode.UNSPECIFIED);
        assertThat(err.message()).contains("/t").contains("handler bug");
        assertThat(sub.metrics().messagesOut()).isEqualTo(3);
        assertThat(sub.handlerFailureCount()).isEqualTo(1);
        assertThat(b.peers()).extracting(PeerInfo::id).containsExactly(a.id());
        assertThat(a.peers()).extracting(PeerInfo::id).containsExactly(b.id());
        assertThat(lost(bEvents)).as("peering lost or removed: %s", bEvents).isFalse();
    }

    @Test
    void handlerThatAlwaysThrowsCostsNeitherThePeeringNorASecondSubscriber() throws Exception {
        Endpoint a = endpoint();
        Endpoint b = endpoint();
        List<DataMessage> bEvents = new CopyOnWriteArrayList<>();
        b.statusSubscriber().onMessage(bEvents::add, Runnable::run);
        AtomicInteger calls = new AtomicInteger();
        Subscriber failing = b.subscribe("/t");
        failing.onMessage(
                m -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("always");
                },
                Runnable::run);
        Subscriber second = b.subscribe("/t");
        peer(a, b, "/t/x");

        for (int i = 0; i < 5; i++) {
            a.publish("/t/x", Data.count(i));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(second.get(WAIT)).isEqualTo(DataMessage.of("/t/x", Data.count(i)));
        }
        Await.until("five calls", () -> calls.get() == 5);
        Await.until("five error events", () -> errors(bEvents).size() == 5);
        assertThat(failing.handlerFailureCount()).isEqualTo(5);

        // The peering is intact in both directions: b can still publish to a.
        Subscriber atA = a.subscribe("/back");
        Await.until("b learns a's subscription", () -> EndpointPairTest.peerSubscribed(b, a.id(), "/back"));
        b.publish("/back", Data.string("still up"));
        assertThat(atA.get(WAIT)).isEqualTo(DataMessage.of("/back", Data.string("still up")));
        assertThat(b.peers()).extracting(PeerInfo::id).containsExactly(a.id());
        assertThat(lost(bEvents)).as("peering lost or removed: %s", bEvents).isFalse();
    }

    @Test
    void localPublicationReachesPeersWhenALocalHandlerThrows() throws Exception {
        Endpoint a = endpoint();
        Endpoint b = endpoint();
        Subscriber atB = b.subscribe("/t");
        peer(a, b, "/t/x");
        a.subscribe("/t")
                .onMessage(
                        m -> {
                            throw new IllegalStateException("local handler bug");
                        },
                        Runnable::run);
        Subscriber second = a.subscribe("/t");

        a.publish("/t/x", Data.string("to all"));

        assertThat(atB.get(WAIT)).isEqualTo(DataMessage.of("/t/x", Data.string("to all")));
        assertThat(second.get(WAIT)).isEqualTo(DataMessage.of("/t/x", Data.string("to all")));
        EndpointId self = a.id();
        assertThat(a.peers()).extracting(PeerInfo::id).doesNotContain(self).containsExactly(b.id());
    }
}
