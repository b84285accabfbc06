package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.data.CountValue;
import io.jbroker.data.Data;
import io.jbroker.endpoint.testing.Endpoints;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several endpoints in one JVM over real sockets: pair, chain, star and triangle. Publications
 * carry their origin in the topic ({@code /<prefix>/<origin>}) and a sequence number as the value,
 * so every subscriber's log can be checked for exact counts and order per origin.
 */
class TopologyTest {
    private static final int N = 200;

    @RegisterExtension
    final Endpoints resources = new Endpoints();

    private <T extends AutoCloseable> T track(T r) {
        resources.track(r);
        return r;
    }

    private Endpoint node(boolean forwarding) {
        return node(forwarding, Duration.ZERO);
    }

    private Endpoint node(boolean forwarding, Duration duplicateWindow) {
        return track(Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .ioThreads(1)
                .forwarding(forwarding)
                .duplicateWindow(duplicateWindow)
                .subscriberQueueSize(1 << 16)
                .build()));
    }

    /** {@code from} peers with {@code to} (which listens) and both see the other's filter. */
    private static void link(Endpoint from, Endpoint to) {
        int port = to.listen("127.0.0.1", 0);
        from.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        Await.until("peering " + from.id() + " -> " + to.id(), () -> knows(from, to) && knows(to, from));
    }

    private static boolean knows(Endpoint e, Endpoint peer) {
        return e.peers().stream()
                .anyMatch(p -> p.id().equals(peer.id()) && p.topics().equals(peer.announcedTopics()));
    }

    private static void publishBurst(Endpoint e, String prefix, String origin) {
        for (int i = 0; i < N; i++) {
            e.publish(prefix + "/" + origin, Data.count(i));
        }
    }

    /** Everything a subscriber received, as sequence numbers per origin, in arrival order. */
    private static Map<String, List<Long>> drain(Subscriber s) {
        Map<String, List<Long>> byOrigin = new HashMap<>();
        for (DataMessage m; (m = s.poll()) != null; ) {
            String topic = m.topic().toString();
            String origin = topic.substring(topic.lastIndexOf('/') + 1);
            byOrigin.computeIfAbsent(origin, k -> new ArrayList<>()).add(((CountValue) m.data()).value());
        }
        return byOrigin;
    }

    private static List<Long> sequence(int n) {
        List<Long> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    /** Waits until every subscriber holds at least {@code count} messages. */
    private static void awaitAtLeast(Subscriber s, int count) {
        Await.until("subscriber holds " + count, Duration.ofSeconds(30), () -> s.available() >= count);
    }

    /**
     * Waits until nothing moves: every frame one side wrote was read by the other, no queue holds
     * anything and the counters are the same on two reads 100 ms apart.
     */
    static void awaitQuiescence(List<Endpoint> nodes) {
        long[] previous = {-1};
        Await.until("network quiescent", Duration.ofSeconds(30), () -> {
            long snapshot = quiescentSnapshot(nodes);
            boolean stable = snapshot >= 0 && snapshot == previous[0];
            previous[0] = snapshot;
            if (!stable) {
                sleep(100);
            }
            return stable;
        });
    }

    /** A checksum of all counters if every link is drained, else -1. */
    private static long quiescentSnapshot(List<Endpoint> nodes) {
        Map<EndpointId, Endpoint> byId = new HashMap<>();
        nodes.forEach(n -> byId.put(n.id(), n));
        long sum = 0;
        for (Endpoint n : nodes) {
            for (PeerInfo p : n.peers()) {
                Endpoint other = byId.get(p.id());
                PeerInfo back = other.peers().stream()
                        .filter(q -> q.id().equals(n.id()))
                        .findFirst()
                        .orElse(null);
                if (back == null || p.bufferedMessages() != 0 || p.messagesOut() != back.messagesIn()) {
                    return -1;
                }
                sum = sum * 31 + p.messagesOut();
            }
            sum = sum * 31 + n.router().forwardedCount() + 7 * n.router().deliveredCount();
        }
        return sum;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void pairDeliversEveryPublicationExactlyOnceInOrder() {
        Endpoint a = node(false);
        Endpoint b = node(false);
        Subscriber sa = a.subscribe("/p");
        Subscriber sb = b.subscribe("/p");
        link(b, a);

        publishBurst(a, "/p", "a");
        publishBurst(b, "/p", "b");
        awaitAtLeast(sa, 2 * N);
        awaitAtLeast(sb, 2 * N);
        awaitQuiescence(List.of(a, b));

        for (Subscriber s : List.of(sa, sb)) {
            Map<String, List<Long>> got = drain(s);
            assertThat(got).containsOnlyKeys("a", "b");
            assertThat(got.get("a")).isEqualTo(sequence(N));
            assertThat(got.get("b")).isEqualTo(sequence(N));
        }
    }

    @Test
    void chainRelaysBothWaysThroughTheForwardingMiddleWithoutDuplicates() {
        Endpoint a = node(false);
        Endpoint b = node(true);
        Endpoint c = node(false);
        Subscriber sa = a.subscribe("/chain/a");
        Subscriber sc = c.subscribe("/chain/c");
        b.forward("/chain");
        link(a, b);
        link(c, b);

        publishBurst(a, "/chain/c", "a");
        publishBurst(c, "/chain/a", "c");
        awaitAtLeast(sa, N);
        awaitAtLeast(sc, N);
        awaitQuiescence(List.of(a, b, c));

        assertThat(drain(sc)).containsOnlyKeys("a").containsEntry("a", sequence(N));
        assertThat(drain(sa)).containsOnlyKeys("c").containsEntry("c", sequence(N));
        assertThat(b.router().forwardedCount()).isEqualTo(2L * N);
        assertThat(b.router().ttlExpiredCount()).isZero();
        assertThat(a.router().forwardedCount()).isZero();
        assertThat(c.router().forwardedCount()).isZero();
    }

    @Test
    void relayedEnvelopeCarriesTheRelaysIdAsSenderAndADecrementedTtl() throws Exception {
        Endpoint a = node(false);
        Endpoint b = node(true);
        b.forward("/chain");
        link(a, b);
        EndpointId fakeId = EndpointId.random();
        FakePeer c = track(FakePeer.connect(b.listen("127.0.0.1", 0)));
        assertThat(c.handshake(fakeId, b.id(), FakePeer.filter("/chain/c"), true)
                        .prefixes())
                .containsExactly(Topic.of("/chain"));
        Await.until("b knows the fake's filter", () -> EndpointPairTest.peerSubscribed(b, fakeId, "/chain/c"));
        Subscriber sa = a.subscribe("/chain/a");
        Await.until("b knows a's filter", () -> EndpointPairTest.peerSubscribed(b, a.id(), "/chain/a"));

        a.publish("/chain/c/1", Data.string("m"));
        Envelope relayed = c.readEnvelope();
        Envelope original = Envelope.data(a.id(), EndpointId.NIL, Topic.of("/chain/c/1"), Data.string("m"));
        assertThat(relayed.sender()).isEqualTo(b.id());
        assertThat(relayed.receiver()).isEqualTo(EndpointId.NIL);
        assertThat(relayed.ttl()).isEqualTo(WireFormat.DEFAULT_TTL - 1);
        assertThat(relayed.topic()).isEqualTo(Topic.of("/chain/c/1"));
        assertThat(relayed.payload()).isEqualTo(original.payload());
        c.sync(fakeId, b.id()); // exactly one copy

        c.send(Envelope.data(fakeId, EndpointId.NIL, Topic.of("/chain/a/back"), Data.string("back")));
        assertThat(sa.get(Duration.ofSeconds(10))).isEqualTo(DataMessage.of("/chain/a/back", Data.string("back")));
    }

    @Test
    void starHubRelaysEveryLeafsPublicationToEveryOtherLeafExactlyOnce() {
        Endpoint hub = node(true);
        hub.forward("/star");
        List<Endpoint> leaves = new ArrayList<>();
        List<Subscriber> subs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Endpoint leaf = node(false);
            subs.add(leaf.subscribe("/star"));
            link(leaf, hub);
            leaves.add(leaf);
        }
        for (int i = 0; i < 4; i++) {
            publishBurst(leaves.get(i), "/star", "leaf" + i);
        }
        List<Endpoint> all = new ArrayList<>(leaves);
        all.add(hub);
        for (Subscriber s : subs) {
            awaitAtLeast(s, 4 * N);
        }
        awaitQuiescence(all);

        for (Subscriber s : subs) {
            Map<String, List<Long>> got = drain(s);
            assertThat(got).containsOnlyKeys("leaf0", "leaf1", "leaf2", "leaf3");
            got.values().forEach(seq -> assertThat(seq).isEqualTo(sequence(N)));
        }
        assertThat(hub.router().forwardedCount()).isEqualTo(4L * 3 * N);
    }

    /**
     * Broker has no duplicate detection: in a cycle with forwarding everywhere every publication
     * goes both ways round and is delivered again on every lap. jbroker's TTL guard (decrement per
     * relay, no relay at 1) ends that: a copy leaves its origin with TTL 16 and arrives at most 16
     * times, so one publication is delivered at most 2 x 16 times remotely plus once locally.
     */
    @Test
    void triangleWithForwardingEverywhereStopsCirculatingAndKeepsPerPathOrder() {
        Endpoint a = node(true);
        Endpoint b = node(true);
        Endpoint c = node(true);
        List<Endpoint> nodes = List.of(a, b, c);
        String[] names = {"a", "b", "c"};
        List<Subscriber> subs = triangleBurst(nodes, names);
        long forwarded =
                nodes.stream().mapToLong(e -> e.router().forwardedCount()).sum();
        long expired =
                nodes.stream().mapToLong(e -> e.router().ttlExpiredCount()).sum();

        int ttl = WireFormat.DEFAULT_TTL;
        Map<String, int[]> totalPerMessage = new HashMap<>();
        for (int node = 0; node < 3; node++) {
            Map<String, List<Long>> got = drain(subs.get(node));
            assertThat(got).containsOnlyKeys(names);
            for (String origin : names) {
                List<Long> log = got.get(origin);
                int[] counts = new int[N];
                List<List<Long>> byOccurrence = new ArrayList<>();
                for (long v : log) {
                    int k = counts[(int) v]++;
                    while (byOccurrence.size() <= k) {
                        byOccurrence.add(new ArrayList<>());
                    }
                    byOccurrence.get(k).add(v);
                }
                int[] total = totalPerMessage.computeIfAbsent(origin, o -> new int[N]);
                for (int i = 0; i < N; i++) {
                    assertThat(counts[i])
                            .as("copies of %s/%d at node %s", origin, i, names[node])
                            .isBetween(1, 2 * ttl);
                    total[i] += counts[i];
                }
                // Every path through the cycle is a chain of FIFO links, so for each k the k-th
                // copies of an origin's messages arrive in publication order.
                for (List<Long> kth : byOccurrence) {
                    assertThat(kth).isSorted();
                }
            }
        }
        for (int[] total : totalPerMessage.values()) {
            for (int t : total) {
                assertThat(t).isBetween(3, 2 * ttl + 1);
            }
        }
        // Both copies of each publication are relayed TTL - 1 times and then expire.
        assertThat(expired).as("copies stopped by the TTL guard").isEqualTo(3L * N * 2);
        assertThat(forwarded).isEqualTo(3L * N * 2 * (ttl - 1));
        awaitQuiescence(nodes); // still nothing moving
        assertThat(nodes.stream().mapToLong(e -> e.router().forwardedCount()).sum())
                .isEqualTo(forwarded);
    }

    /**
     * With a duplicate window every node of a forwarding triangle receives each publication
     * exactly once and in publication order: the copy that comes round the cycle is recognised
     * and neither delivered nor relayed again.
     */
    @Test
    void triangleWithDuplicateWindowDeliversEveryPublicationExactlyOnce() {
        Duration window = Duration.ofSeconds(30);
        Endpoint a = node(true, window);
        Endpoint b = node(true, window);
        Endpoint c = node(true, window);
        List<Endpoint> nodes = List.of(a, b, c);
        String[] names = {"a", "b", "c"};
        List<Subscriber> subs = triangleBurst(nodes, names);
        for (int node = 0; node < 3; node++) {
            Map<String, List<Long>> got = drain(subs.get(node));
            assertThat(got).containsOnlyKeys(names);
            for (String origin : names) {
                assertThat(got.get(origin))
                        .as("publications of %s at node %s", origin, names[node])
                        .isEqualTo(sequence(N));
            }
        }
        long suppressed =
                nodes.stream().mapToLong(e -> e.router().duplicateCount()).sum();
        assertThat(suppressed).as("copies recognised as duplicates").isPositive();
        assertThat(nodes.stream().mapToLong(e -> e.router().ttlExpiredCount()).sum())
                .isZero();
    }

    /** A message repeated along one path (a chain) is never taken for a duplicate. */
    @Test
    void duplicateWindowKeepsRepeatsAlongOnePath() {
        Duration window = Duration.ofSeconds(30);
        Endpoint a = node(false, window);
        Endpoint b = node(true, window);
        Endpoint c = node(false, window);
        Subscriber sub = c.subscribe("/same");
        b.forward("/same");
        link(a, b);
        link(c, b);
        Await.until("a learns b's filter", () -> a.peers().stream()
                .anyMatch(p -> !p.topics().isEmpty()));
        for (int i = 0; i < N; i++) {
            a.publish("/same/x", Data.string("identical"));
        }
        awaitAtLeast(sub, N);
        awaitQuiescence(List.of(a, b, c));
        assertThat(sub.available()).isEqualTo(N);
        assertThat(b.router().duplicateCount() + c.router().duplicateCount()).isZero();
    }

    /** Links the three nodes into a triangle, lets each publish a burst, waits until all is quiet. */
    private static List<Subscriber> triangleBurst(List<Endpoint> nodes, String[] names) {
        List<Subscriber> subs = new ArrayList<>();
        for (Endpoint e : nodes) {
            subs.add(e.subscribe("/tri"));
        }
        link(nodes.get(1), nodes.get(0));
        link(nodes.get(2), nodes.get(0));
        link(nodes.get(2), nodes.get(1));
        for (int i = 0; i < 3; i++) {
            publishBurst(nodes.get(i), "/tri", names[i]);
        }
        for (Subscriber s : subs) {
            awaitAtLeast(s, 3 * N);
        }
        awaitQuiescence(nodes);
        return subs;
    }
}
