package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.data.CountValue;
import io.jbroker.data.Data;
import io.jbroker.data.VectorValue;
import io.jbroker.endpoint.testing.Endpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bursts far above what the buffers hold, over real sockets on 127.0.0.1: every message is either
 * delivered or counted as dropped (and reported), and with back-pressure nothing is dropped at all.
 * Functional checks only; no timing is asserted.
 */
@Timeout(120)
class OverloadTest {
    private static final int PUBLISHERS = 8;
    private static final int PER_PUBLISHER = 40_000;
    private static final int TOTAL = PUBLISHERS * PER_PUBLISHER;

    @RegisterExtension
    final Endpoints resources = new Endpoints();

    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (Thread t : threads) {
            t.interrupt();
            t.join(5000);
        }
    }

    private Endpoint endpoint(EndpointConfig.Builder b) {
        Endpoint e = Endpoint.create(b.tls(TlsConfig.off()).ioThreads(1).build());
        resources.track(e);
        return e;
    }

    private static Data message(int publisher, long seq) {
        return Data.vector(Data.count(publisher), Data.count(seq));
    }

    /** A reader thread that checks each publisher's messages arrive in order and counts them. */
    private final class Reader {
        final AtomicLong taken = new AtomicLong();
        final AtomicReference<String> error = new AtomicReference<>();
        final long[] last = new long[PUBLISHERS];

        Reader(Subscriber s, int pauseEvery) {
            java.util.Arrays.fill(last, -1);
            Thread t = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        for (DataMessage m : s.get(512, Duration.ofMillis(50))) {
                            VectorValue v = (VectorValue) m.data();
                            int p = (int) ((CountValue) v.get(0)).value();
                            long seq = ((CountValue) v.get(1)).value();
                            if (seq <= last[p]) {
                                error.compareAndSet(null, "publisher " + p + ": " + seq + " after " + last[p]);
                            }
                            last[p] = seq;
                            if (taken.incrementAndGet() % pauseEvery == 0) {
                                Thread.sleep(2); // a consumer slower than the burst
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    // done
                }
            });
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private interface PublishOne {
        void publish(int publisher, long seq) throws InterruptedException;
    }

    private void burst(PublishOne publish) throws InterruptedException {
        List<Thread> ps = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                try {
                    for (long seq = 0; seq < PER_PUBLISHER; seq++) {
                        publish.publish(id, seq);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ps.add(t);
        }
        ps.forEach(Thread::start);
        for (Thread t : ps) {
            t.join();
        }
    }

    private static SubscriberInfo info(Subscriber s) {
        return s.metrics();
    }

    private static PeerInfo peer(Endpoint e, EndpointId id) {
        return e.peers().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<Status> drops(Subscriber statuses) {
        List<Status> out = new ArrayList<>();
        DataMessage m;
        while ((m = statuses.poll()) != null) {
            if (m.topic().equals(Topic.STATUSES)) {
                Status s = Status.fromData(m.data());
                if (s.code() == StatusCode.MESSAGES_DROPPED) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    @Test
    void aBurstFromSeveralPublishersThatOverflowsEveryBufferCountsAndReportsEveryDrop() throws Exception {
        Endpoint a = endpoint(EndpointConfig.builder()
                .peerBufferMessages(256)
                .peerOverflowPolicy(OverflowPolicy.DROP_NEWEST)
                .subscriberQueueSize(512)
                .subscriberOverflowPolicy(OverflowPolicy.DROP_NEWEST)
                .stallTimeout(Duration.ZERO));
        Endpoint b = endpoint(EndpointConfig.builder()
                .subscriberQueueSize(512)
                .subscriberOverflowPolicy(OverflowPolicy.DROP_NEWEST)
                .stallTimeout(Duration.ZERO));
        Subscriber aStatus = a.statusSubscriber();
        Subscriber bStatus = b.statusSubscriber();
        Subscriber local = a.subscribe("/burst");
        Subscriber remote = b.subscribe("/burst");
        int port = a.listen("127.0.0.1", 0);
        b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        Await.until("subscription", () -> EndpointPairTest.peerSubscribed(a, b.id(), "/burst"));
        Reader localReader = new Reader(local, 1000);
        Reader remoteReader = new Reader(remote, 1000);

        burst((p, seq) -> a.publish("/burst", message(p, seq)));

        // Every message reached each receiver or was counted where it was dropped.
        Await.until(
                "every message delivered or counted at the local subscriber",
                Duration.ofSeconds(60),
                () -> info(local).messagesIn() + info(local).dropped() == TOTAL);
        Await.until(
                "every message delivered or counted on its way to the peer",
                Duration.ofSeconds(60),
                () -> peer(a, b.id()).dropped()
                                + info(remote).messagesIn()
                                + info(remote).dropped()
                        == TOTAL);
        Await.until(
                "readers took what was queued",
                Duration.ofSeconds(60),
                () -> localReader.taken.get() == info(local).messagesIn()
                        && remoteReader.taken.get() == info(remote).messagesIn());
        assertThat(localReader.error.get()).isNull();
        assertThat(remoteReader.error.get()).isNull();
        long dropped =
                info(local).dropped() + peer(a, b.id()).dropped() + info(remote).dropped();
        assertThat(dropped).as("the burst was far above capacity").isPositive();
        assertThat(a.metrics().dropped() + b.metrics().dropped()).isEqualTo(dropped);

        // Reported as status events within the report interval, and both nodes are still peered.
        Await.until("drops reported at a", () -> !drops(aStatus).isEmpty());
        if (info(remote).dropped() > 0) {
            Await.until("drops reported at b", () -> !drops(bStatus).isEmpty());
        }
        assertThat(a.peers()).extracting(PeerInfo::id).containsExactly(b.id());
        a.publish("/burst", message(0, PER_PUBLISHER));
        Await.until("still flowing", () -> remoteReader.last[0] == PER_PUBLISHER);
    }

    @Test
    void withBackPressureTheSameBurstLosesNothing() throws Exception {
        Endpoint a = endpoint(EndpointConfig.builder()
                .peerBufferMessages(256)
                .subscriberQueueSize(512)
                .stallTimeout(Duration.ofSeconds(10)));
        Endpoint b = endpoint(EndpointConfig.builder().subscriberQueueSize(512).stallTimeout(Duration.ofSeconds(10)));
        Subscriber local = a.subscribe("/burst");
        Subscriber remote = b.subscribe("/burst");
        int port = a.listen("127.0.0.1", 0);
        b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        Await.until("subscription", () -> EndpointPairTest.peerSubscribed(a, b.id(), "/burst"));
        Reader localReader = new Reader(local, 500);
        Reader remoteReader = new Reader(remote, 500);
        Publisher publisher = a.publisher("/burst", Duration.ofSeconds(60));
        AtomicLong notAll = new AtomicLong();
        burst((p, seq) -> {
            if (!publisher.publish(message(p, seq), Duration.ofSeconds(60))) {
                notAll.incrementAndGet();
            }
        });

        try {
            Await.until(
                    "everything delivered",
                    Duration.ofSeconds(60),
                    () -> remoteReader.taken.get() == TOTAL && localReader.taken.get() == TOTAL);
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + ": local " + localReader.taken + " " + local.metrics() + ", remote "
                            + remoteReader.taken + " " + remote.metrics() + ", a " + a.metrics() + ", b " + b.metrics(),
                    e);
        }
        assertThat(notAll.get()).isZero();
        assertThat(localReader.error.get()).isNull();
        assertThat(remoteReader.error.get()).isNull();
        assertThat(a.metrics().dropped()).isZero();
        assertThat(b.metrics().dropped()).isZero();
        assertThat(publisher.publishedCount()).isEqualTo(TOTAL);
    }

    @Test
    void publishingToFivePeersEncodesEachValueOnceAndRelaysAreNeverReEncoded() throws Exception {
        Endpoint hub = endpoint(EndpointConfig.builder());
        int port = hub.listen("127.0.0.1", 0);
        List<Endpoint> spokes = new ArrayList<>();
        List<Subscriber> subs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Endpoint s = endpoint(EndpointConfig.builder());
            subs.add(s.subscribe("/once"));
            s.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
            spokes.add(s);
        }
        for (Endpoint s : spokes) {
            Await.until("subscription", () -> EndpointPairTest.peerSubscribed(hub, s.id(), "/once"));
        }
        Publisher pub = hub.publisher("/once", Duration.ofSeconds(30));
        for (int i = 0; i < 1000; i++) {
            pub.publish(Data.vector(Data.count(i), Data.string("payload " + i)));
        }
        for (Subscriber s : subs) {
            Await.until("all 1000 at a spoke", () -> s.available() == 1000);
        }

        EndpointMetrics m = hub.metrics();
        assertThat(m.published()).isEqualTo(1000);
        assertThat(m.encoded()).as("one encoding per publication, not per peer").isEqualTo(1000);
        List<Long> dataBytes = new ArrayList<>();
        for (Endpoint s : spokes) {
            dataBytes.add(s.metrics().subscribers().stream()
                    .filter(i -> i.topics().contains("/once"))
                    .findFirst()
                    .orElseThrow()
                    .bytesIn());
        }
        assertThat(dataBytes).allMatch(b -> b.equals(dataBytes.get(0)));

        // A relay (forwarding, no local subscriber) decodes and encodes nothing.
        Endpoint relay = endpoint(EndpointConfig.builder().forwarding(true));
        Endpoint end = endpoint(EndpointConfig.builder());
        Subscriber atEnd = end.subscribe("/relayed");
        relay.forward("/relayed");
        int relayPort = relay.listen("127.0.0.1", 0);
        end.peerBlocking("127.0.0.1", relayPort, Duration.ZERO, Duration.ofSeconds(10));
        hub.peerBlocking("127.0.0.1", relayPort, Duration.ZERO, Duration.ofSeconds(10));
        Await.until("relay announces the topic", () -> EndpointPairTest.peerSubscribed(hub, relay.id(), "/relayed"));
        Await.until("end subscribed at relay", () -> EndpointPairTest.peerSubscribed(relay, end.id(), "/relayed"));
        for (int i = 0; i < 1000; i++) {
            hub.publish("/relayed", Data.count(i));
        }
        Await.until("relayed to the end", () -> atEnd.available() == 1000);
        EndpointMetrics r = relay.metrics();
        assertThat(r.forwarded()).isEqualTo(1000);
        assertThat(r.decoded()).isZero();
        assertThat(r.encoded()).isZero();
        assertThat(atEnd.poll(1000)).extracting(DataMessage::data).startsWith(Data.count(0), Data.count(1));
    }

    @Test
    void aStuckSubscriberWithTheDisconnectPolicyIsClosedAndReportedWhileOthersGetEverything() throws Exception {
        Endpoint a = endpoint(EndpointConfig.builder()
                .subscriberQueueSize(64)
                .subscriberOverflowPolicy(OverflowPolicy.DISCONNECT)
                .stallTimeout(Duration.ofSeconds(1)));
        Subscriber status = a.statusSubscriber();
        Subscriber stuck = a.subscribe("/d");
        Subscriber reader = a.subscribe("/d");
        Reader r = new Reader(reader, 100_000);
        Publisher pub = a.publisher("/d", Duration.ofSeconds(30));
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            pub.publish(message(0, i), Duration.ofSeconds(30));
        }

        Await.until("reader got everything", () -> r.taken.get() == n);
        assertThat(r.error.get()).isNull();
        assertThat(stuck.isClosed()).isTrue();
        assertThat(stuck.metrics().disconnected()).isTrue();
        // What was queued before the disconnect can still be read.
        assertThat(stuck.available()).isEqualTo(64);
        Optional<Status> closed = Optional.empty();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (closed.isEmpty() && System.nanoTime() < deadline) {
            closed = drops(status).stream()
                    .filter(s -> s.message().contains("closed: queue full (policy disconnect"))
                    .findFirst();
            Thread.sleep(10);
        }
        assertThat(closed).isPresent();
    }

    @Test
    void dropsAreCountedPerSubscriberAndReportedOncePerInterval() throws Exception {
        Endpoint a = endpoint(EndpointConfig.builder()
                .subscriberQueueSize(4)
                .subscriberOverflowPolicy(OverflowPolicy.DROP_OLDEST)
                .stallTimeout(Duration.ZERO));
        Subscriber status = a.statusSubscriber();
        Subscriber s = a.subscribe("/drops");
        for (int i = 0; i < 100; i++) {
            a.publish("/drops", Data.count(i));
        }
        ConcurrentLinkedQueue<Status> reports = new ConcurrentLinkedQueue<>();
        Await.until("a report of all drops", () -> {
            reports.addAll(drops(status));
            return reports.stream().anyMatch(r -> r.message().endsWith(", 96 in all"));
        });

        // Usually one report; two if the once-a-second report fell in the middle of the burst.
        long reported = 0;
        for (Status r : reports) {
            assertThat(r.message()).startsWith("subscriber [/drops] queue full (policy drop_oldest): ");
            String n = r.message()
                    .substring(r.message().indexOf("): ") + 3, r.message().indexOf(" messages dropped"));
            reported += Long.parseLong(n);
        }
        assertThat(reported).isEqualTo(96);
        assertThat(s.droppedCount()).isEqualTo(96);
        assertThat(s.poll(10))
                .extracting(DataMessage::data)
                .containsExactly(Data.count(96), Data.count(97), Data.count(98), Data.count(99));
        Thread.sleep(1500);
        assertThat(drops(status)).as("no new drops, no new report").isEmpty();
    }
}
