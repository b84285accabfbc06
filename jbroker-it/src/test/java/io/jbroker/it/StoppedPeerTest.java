package io.jbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.EndpointId;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.OverflowPolicy;
import io.jbroker.endpoint.PeerInfo;
import io.jbroker.endpoint.Status;
import io.jbroker.endpoint.StatusCode;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.testing.Poll;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sender A (an endpoint in this JVM) publishes 1 KB messages with back-pressure to two peers: B,
 * another endpoint in this JVM that checks every message, and C, a {@code jbroker bench server} in
 * its own process. When C stops reading (SIGSTOP), A's buffer for C stays within its bounds, its
 * policy ({@code drop_oldest}) drops and is reported, A disconnects C for not reading, and B keeps
 * receiving; after SIGCONT A peers with C again and traffic flows. When C is killed instead, A
 * reports the peering lost and peers with C's restart on the same port. In both cases B receives
 * every message A published, in order. Only counts and events are checked, never times.
 */
class StoppedPeerTest {
    /** Generous: JVMs start slowly when the machine is busy. Only an upper bound, never a timing check. */
    private static final Duration WAIT = Duration.ofSeconds(45);

    private static final String TOPIC = "/benchmark/events";
    private static final int BUFFER_MESSAGES = 512;
    private static final long BUFFER_BYTES = 1 << 20;
    private static final long MIB = 1 << 20;
    private static final Duration RETRY = Duration.ofMillis(500);

    private JbrokerProcess server;
    private int serverPort;
    private EndpointId serverId;
    private Endpoint a;
    private Endpoint b;
    private StatusLog statusA;
    private SequenceReader readerB;
    private SequencePublisher publisher;

    @BeforeEach
    void startSenderWithTwoPeers() throws Exception {
        server = startServer("0");
        serverPort = listeningPort(server);

        // B never loses: its subscriber holds A back for as long as it keeps reading.
        b = Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .stallTimeout(Duration.ofSeconds(30))
                .build());
        readerB = new SequenceReader("reader B", b.subscribe(TOPIC));
        int bPort = b.listen("127.0.0.1", 0);

        // Small buffers and quick timeouts on A, so a stopped peer shows in seconds. Drops start a
        // stall timeout after C's buffer fills and are reported within a second, well before the
        // peer timeout removes C (drops of a removed peer are never reported). The stall timeout
        // is short but leaves B's reader, on a busy machine, room to keep up without loss.
        a = Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .maxFrameLength(64 * 1024)
                .peerBufferMessages(BUFFER_MESSAGES)
                .peerBufferBytes(BUFFER_BYTES)
                .peerOverflowPolicy(OverflowPolicy.DROP_OLDEST)
                .stallTimeout(Duration.ofMillis(500))
                .heartbeatInterval(Duration.ofMillis(250))
                .peerTimeout(Duration.ofSeconds(3))
                .handshakeTimeout(Duration.ofSeconds(2))
                .build());
        statusA = new StatusLog("A", a);
        EndpointId bId = a.peerBlocking("127.0.0.1", bPort, RETRY, WAIT);
        serverId = a.peerBlocking("127.0.0.1", serverPort, RETRY, WAIT);
        server.err().awaitStartingWith("status: peer_added ", WAIT);
        awaitCondition("both peers' subscriptions at A", () -> subscribed(bId) && subscribed(serverId));
        statusA.skipUnread();

        publisher = new SequencePublisher(a.publisher(TOPIC, WAIT), 1000, Duration.ofSeconds(10));
        awaitTraffic(server);
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (server != null) {
            server.close(); // SIGKILL, which also ends a stopped process
        }
        for (AutoCloseable c : new AutoCloseable[] {publisher, readerB, statusA, a, b}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aStoppedPeerIsBoundedDroppedAndDisconnectedWhileOthersFlowAndRejoinsAfterSigcont() throws Exception {
        long droppedBefore = peer(serverId).map(PeerInfo::dropped).orElse(-1L);
        server.signal("STOP");
        BufferSampler sampler = new BufferSampler(a, serverId);
        try {
            Status drops = statusA.await("messages_dropped for C", about(StatusCode.MESSAGES_DROPPED), WAIT);
            long atDrops = readerB.count();
            Status removed = statusA.await("peer_removed for C", about(StatusCode.PEER_REMOVED), WAIT);
            assertThat(removed.message()).as(statusA.describe()).containsAnyOf("peer not reading", "peer timeout");
            awaitCondition("B to keep receiving while C is stopped", () -> readerB.count() > atDrops + 1000);
            long atRemoved = readerB.count();
            awaitCondition("B to keep receiving after C's removal", () -> readerB.count() > atRemoved + 1000);
            sampler.close();
            System.out.println("stopped C: dropped before the stop " + droppedBefore + "; " + drops.message() + "; "
                    + removed.message() + "; " + sampler);
            assertThat(sampler.samples).as("samples of A's buffer for C").isPositive();
            assertThat(sampler.maxMessages)
                    .as("A's buffered messages for C: %s", sampler)
                    .isBetween((long) BUFFER_MESSAGES, (long) BUFFER_MESSAGES + PeerInfo.CONTROL_FRAME_HEADROOM);
            assertThat(sampler.maxBytes)
                    .as("A's buffered bytes for C: %s", sampler)
                    .isLessThanOrEqualTo(BUFFER_BYTES + MIB);
        } finally {
            sampler.close();
            server.signal("CONT");
        }

        Status added = statusA.await("peer_added for C after SIGCONT", about(StatusCode.PEER_ADDED), WAIT);
        System.out.println("continued C: " + added);
        server.err().awaitStartingWith("status: peer_added ", WAIT);
        awaitTrafficOverTheNewPeering(server, serverId);
        assertReceivedEverythingInOrder();
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aKilledPeerIsReportedLostWhileOthersFlowAndItsRestartIsPeeredWith() throws Exception {
        server.kill();
        Status ended = statusA.await(
                "peer_lost or peer_removed for C",
                s -> s.context().node().equals(serverId)
                        && (s.code() == StatusCode.PEER_LOST || s.code() == StatusCode.PEER_REMOVED),
                WAIT);
        long atEnd = readerB.count();
        awaitCondition("B to keep receiving while C is down", () -> readerB.count() > atEnd + 1000);

        server = startServer(String.valueOf(serverPort));
        assertThat(listeningPort(server)).isEqualTo(serverPort);
        Status added = statusA.await(
                "peer_added for C's restart",
                s -> s.code() == StatusCode.PEER_ADDED
                        && s.context()
                                .network()
                                .map(n -> n.port() == serverPort)
                                .orElse(false),
                WAIT);
        System.out.println("killed C: " + ended + "; restarted: " + added);
        assertThat(added.context().node()).isNotEqualTo(serverId);
        server.err().awaitStartingWith("status: peer_added ", WAIT);
        awaitTrafficOverTheNewPeering(server, added.context().node());
        assertReceivedEverythingInOrder();
    }

    // ------------------------------------------------------------------------------ helpers

    private static JbrokerProcess startServer(String port) throws Exception {
        return JbrokerProcess.start("bench-server", "bench", "server", "--listen", "127.0.0.1:" + port, "--no-tls");
    }

    private static int listeningPort(JbrokerProcess p) throws InterruptedException {
        String first = p.out().await(l -> true, WAIT);
        assertThat(first).as("first line of %s", p.describe()).matches("listening on 127\\.0\\.0\\.1:\\d+");
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    }

    /** Waits for a {@code rate:} line of the server that counts messages. */
    private static void awaitTraffic(JbrokerProcess p) throws InterruptedException {
        p.out().await(l -> l.matches("rate: [1-9]\\d* events/s.*"), WAIT);
    }

    /**
     * Waits until A has handed the new peering more messages than the sockets between A and C can
     * hold, so the server must have read some of them, then for a server rate line that counts.
     */
    private void awaitTrafficOverTheNewPeering(JbrokerProcess p, EndpointId id) throws InterruptedException {
        awaitCondition("traffic over the new peering", () -> peer(id).map(i -> i.messagesOut() > 20_000)
                .orElse(false));
        p.out().skipUnread();
        awaitTraffic(p);
    }

    private void assertReceivedEverythingInOrder() throws InterruptedException {
        long published = publisher.stop();
        awaitCondition(
                "B to receive all " + published + " messages",
                () -> readerB.count() >= published || !readerB.inOrder());
        assertThat(readerB.fault()).isEqualTo("none");
        assertThat(readerB.count()).isEqualTo(published);
        assertThat(b.metrics().subscriberDropped()).isZero();
        PeerInfo toB = a.peers().stream()
                .filter(i -> !i.id().equals(serverId) && i.network().port() != serverPort)
                .findFirst()
                .orElseThrow();
        assertThat(toB.dropped()).as("A's drops for B").isZero();
        assertThat(toB.disconnects()).as("earlier peerings of A with B").isZero();
        System.out.println("B received " + readerB.count() + " of " + published + " in order; " + publisher.incomplete()
                + " publishes were incomplete at C");
    }

    private Predicate<Status> about(StatusCode code) {
        return s -> s.code() == code && s.context().node().equals(serverId);
    }

    private boolean subscribed(EndpointId id) {
        return peer(id).map(i -> i.topics().toString().contains(TOPIC)).orElse(false);
    }

    private Optional<PeerInfo> peer(EndpointId id) {
        return a.peers().stream().filter(i -> i.id().equals(id)).findFirst();
    }

    private void awaitCondition(String what, BooleanSupplier condition) {
        Poll.until(
                what,
                WAIT,
                condition,
                () -> "; A's peers: " + a.peers() + "; B read " + readerB.count() + " ("
                        + readerB.fault() + "), " + publisher.published() + " published" + statusA.describe()
                        + server.describe());
    }

    /** Samples A's buffer for one peer every few milliseconds and keeps the largest figures. */
    private static final class BufferSampler implements AutoCloseable {
        private final Thread thread;
        private volatile boolean stop;
        volatile long samples;
        volatile long maxMessages;
        volatile long maxBytes;
        volatile long maxDropped;

        BufferSampler(Endpoint a, EndpointId id) {
            thread = new Thread(
                    () -> {
                        while (!stop) {
                            for (PeerInfo i : a.peers()) {
                                if (i.id().equals(id)) {
                                    samples++;
                                    maxMessages = Math.max(maxMessages, i.bufferedMessages());
                                    maxBytes = Math.max(maxBytes, i.bufferedBytes());
                                    maxDropped = Math.max(maxDropped, i.dropped());
                                }
                            }
                            try {
                                Thread.sleep(2);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "buffer sampler");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(10_000);
        }

        @Override
        public String toString() {
            return samples + " samples of A's buffer for C: at most " + maxMessages + " messages, " + maxBytes
                    + " bytes; " + maxDropped + " dropped";
        }
    }
}
