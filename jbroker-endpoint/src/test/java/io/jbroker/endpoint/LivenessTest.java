package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.endpoint.testing.Endpoints;
import io.jbroker.internal.core.BoundedQueue;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.MessageType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Peers that stop reading or stop answering, played by a {@link FakePeer} over a real socket: the
 * endpoint disconnects them within the peer timeout with the reason, its memory for them stays
 * within the buffer bounds, and its other peer keeps flowing.
 */
@Timeout(60)
class LivenessTest {
    private static final EndpointId FAKE = EndpointId.parse("0fa1e000-0000-4000-8000-000000000001");
    private static final int BUFFER = 64;

    @RegisterExtension
    final Endpoints resources = new Endpoints();

    private final AtomicBoolean stop = new AtomicBoolean();

    @AfterEach
    void closeAll() throws Exception {
        stop.set(true);
    }

    private <T extends AutoCloseable> T track(T r) {
        resources.track(r);
        return r;
    }

    private Endpoint endpoint() {
        return track(Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .ioThreads(1)
                .peerBufferMessages(BUFFER)
                .peerOverflowPolicy(OverflowPolicy.DROP_OLDEST)
                .heartbeatInterval(Duration.ofMillis(200))
                .peerTimeout(Duration.ofSeconds(2))
                .build()));
    }

    private static Status awaitStatus(Subscriber statuses, StatusCode code, EndpointId peer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            DataMessage m = statuses.get(Duration.ofMillis(100));
            if (m != null && m.topic().equals(Topic.STATUSES)) {
                Status s = Status.fromData(m.data());
                if (s.code() == code && s.context().node().equals(peer)) {
                    return s;
                }
            }
        }
        throw new AssertionError("no " + code.brokerName() + " for " + peer);
    }

    @Test
    void aPeerThatNeverAnswersIsDisconnectedAfterThePeerTimeout() throws Exception {
        Endpoint a = endpoint();
        Subscriber statuses = a.statusSubscriber();
        int port = a.listen("127.0.0.1", 0);
        FakePeer silent = track(FakePeer.connect(port));
        silent.handshake(FAKE, a.id(), FakePeer.filter("/x"), true);

        Status removed = awaitStatus(statuses, StatusCode.PEER_REMOVED, FAKE);

        assertThat(removed.message()).contains("peer timeout: nothing received for");
        assertThat(a.metrics().disconnects()).isEqualTo(1);
        assertThat(a.peers()).isEmpty();
    }

    @Test
    void idlePeeringsArePingedAndAnsweredPeersStay() throws Exception {
        Endpoint a = endpoint();
        int port = a.listen("127.0.0.1", 0);
        FakePeer f = track(FakePeer.connect(port));
        f.handshake(FAKE, a.id(), FakePeer.filter("/x"), true);

        // Read raw frames for a while: the endpoint pings, the fake answers (read() does that).
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int seen = 0;
        while (System.nanoTime() < until) {
            byte[] frame = f.readRaw(Duration.ofSeconds(2));
            Envelope e = Envelope.parse(frame);
            if (e.type() == MessageType.PING) {
                assertThat(new String(e.payload(), StandardCharsets.ISO_8859_1)).startsWith("jbroker-hb");
                f.send(Envelope.of(FAKE, a.id(), MessageType.PONG, Topic.RESERVED, e.payload()));
                seen++;
            }
        }

        assertThat(seen).isGreaterThanOrEqualTo(3);
        assertThat(a.peers()).hasSize(1);
        assertThat(a.peers().get(0).roundTrip()).isPresent();
    }

    @Test
    void aPeerThatKeepsSendingIsStillPingedSoBothEndsMeasureTheRoundTrip() throws Exception {
        // A streams to B faster than half B's heartbeat interval: B is never idle, and A's own
        // pings (answered by B) keep A from needing any of B's. Both must still learn a round trip.
        Endpoint a = endpoint();
        Endpoint b = endpoint();
        Subscriber atB = b.subscribe("/stream");
        int port = a.listen("127.0.0.1", 0);
        b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        Await.until("A sees B's subscription", () -> EndpointPairTest.peerSubscribed(a, b.id(), "/stream"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int sent = 0;
        while (!(b.peers().get(0).roundTrip().isPresent()
                && a.peers().get(0).roundTrip().isPresent())) {
            assertThat(System.nanoTime())
                    .as(
                            "both ends measured a round trip while A streamed (A %s, B %s)",
                            a.peers().get(0).roundTrip(), b.peers().get(0).roundTrip())
                    .isLessThan(deadline);
            a.publish("/stream", Data.count(sent++));
            atB.get(1024, Duration.ofMillis(10));
        }
        assertThat(b.peers().get(0).roundTrip()).isPresent();
    }

    @Test
    void aPeerHeldBackByItsOwnFullSubscriberForLongerThanThePeerTimeoutStaysPeeredWithinTheStallTimeout()
            throws Exception {
        // A's subscriber takes nothing for 2.5 peer timeouts (within the 30 s stall timeout): A
        // pauses its reads of B, as back-pressure should. B must neither call A silent nor deaf.
        EndpointConfig.Builder config = EndpointConfig.builder()
                .tls(TlsConfig.off())
                .heartbeatInterval(Duration.ofMillis(200))
                .peerTimeout(Duration.ofSeconds(2))
                .stallTimeout(Duration.ofSeconds(30))
                .subscriberQueueSize(16);
        Endpoint a = track(Endpoint.create(config.build()));
        Endpoint b = track(Endpoint.create(config.build()));
        Subscriber slow = a.subscribe("/held");
        Subscriber bStatuses = b.statusSubscriber();
        int port = a.listen("127.0.0.1", 0);
        b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        Await.until("B sees A's subscription", () -> EndpointPairTest.peerSubscribed(b, a.id(), "/held"));
        Await.until("A lists B", () -> a.peers().size() == 1);
        int total = 20_000;
        byte[] payload = new byte[256];
        Thread publisher = new Thread(() -> {
            try (Publisher p = b.publisher("/held", Duration.ofSeconds(60))) {
                for (int i = 0; i < total && !stop.get(); i++) {
                    p.publish(Data.string(payload));
                }
            } catch (Exception e) {
                // reported by the counts below
            }
        });
        publisher.setDaemon(true);
        publisher.start();
        Await.until("A paused its reads of B", () -> a.peers().stream().anyMatch(PeerInfo::paused));
        Thread.sleep(5_000);
        assertThat(b.metrics().disconnects())
                .as("B disconnected A while A was held back; B's status events: %s", bStatuses.poll(100))
                .isZero();
        long got = 0;
        while (got < total) {
            List<DataMessage> batch = slow.get(1024, Duration.ofSeconds(20));
            assertThat(batch).as("A's subscriber got %d of %d", got, total).isNotEmpty();
            got += batch.size();
        }
        publisher.join();
        assertThat(got).isEqualTo(total);
        assertThat(slow.droppedCount()).isZero();
        assertThat(a.metrics().disconnects() + b.metrics().disconnects()).isZero();
    }

    @Test
    void aPeerThatStopsReadingIsDisconnectedWhileItsBufferStaysBoundedAndAnotherPeerFlows() throws Exception {
        Endpoint a = endpoint();
        Subscriber statuses = a.statusSubscriber();
        int port = a.listen("127.0.0.1", 0);
        Endpoint other = endpoint();
        Subscriber atOther = other.subscribe("/load");
        other.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        FakePeer deaf = track(FakePeer.connect(port));
        deaf.handshake(FAKE, a.id(), FakePeer.filter("/load"), true);
        // It keeps talking (pings), so it is not silent, but it never reads.
        Thread talker = new Thread(() -> {
            try {
                for (int i = 0; !stop.get(); i++) {
                    deaf.send(Envelope.of(
                            FAKE,
                            a.id(),
                            MessageType.PING,
                            Topic.RESERVED,
                            ("keepalive-" + i).getBytes(StandardCharsets.US_ASCII)));
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                // closed by the endpoint
            }
        });
        talker.setDaemon(true);
        talker.start();
        Await.until(
                "both subscribed",
                () -> EndpointPairTest.peerSubscribed(a, FAKE, "/load")
                        && EndpointPairTest.peerSubscribed(a, other.id(), "/load"));
        AtomicLong atOtherCount = new AtomicLong();
        Thread reader = new Thread(() -> {
            try {
                while (!stop.get()) {
                    atOtherCount.addAndGet(
                            atOther.get(1024, Duration.ofMillis(50)).size());
                }
            } catch (InterruptedException e) {
                // done
            }
        });
        reader.setDaemon(true);
        reader.start();
        Publisher pub = a.publisher("/load", Duration.ofSeconds(30));
        byte[] kilobyte = new byte[1024];
        long maxBuffered = 0;
        long published = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (a.peers().stream().anyMatch(p -> p.id().equals(FAKE)) && System.nanoTime() < deadline) {
            for (int i = 0; i < 100; i++) {
                pub.publish(Data.string(kilobyte), Duration.ofSeconds(30));
                published++;
            }
            for (PeerInfo p : a.peers()) {
                if (p.id().equals(FAKE)) {
                    maxBuffered = Math.max(maxBuffered, p.bufferedMessages());
                }
            }
        }

        Status removed = awaitStatus(statuses, StatusCode.PEER_REMOVED, FAKE);
        assertThat(removed.message()).contains("peer not reading: nothing written for");
        // Data within the bound; control frames (pongs to its pings) have their own small headroom.
        assertThat(maxBuffered).isLessThanOrEqualTo(BUFFER + BoundedQueue.ESSENTIAL_HEADROOM);
        assertThat(a.metrics().peerDropped())
                .as("the deaf peer's policy applied")
                .isPositive();
        long total = published;
        Await.until("the other peer got everything", () -> atOtherCount.get() == total);
        assertThat(atOther.droppedCount()).isZero();
        assertThat(other.peers()).hasSize(1);
    }
}
