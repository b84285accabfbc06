package io.jbroker.it;

import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.PeerInfo;
import io.jbroker.endpoint.Publisher;
import io.jbroker.endpoint.StatusCode;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.endpoint.SubscriberInfo;
import io.jbroker.endpoint.TlsConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The child-JVM half of {@link SmallHeapOverloadTest}, run with a small heap: an endpoint with a
 * subscriber that never reads ("stuck") and one that checks every message ("reader"), peered with
 * a {@code jbroker bench server} on {@code 127.0.0.1:PORT}, publishes {@code COUNT} messages of
 * about 100 bytes on {@code /benchmark/events} through a {@link Publisher}, waits until the reader
 * and the peer have them all, and prints {@code key=value} result lines. Then, when the test writes
 * {@code terminate} on its standard input, it publishes on {@code /benchmark/terminate} (the server
 * stops and prints its summary) and closes. Exits 0 when it got that far (the test judges the
 * results), 1 on any failure; run with {@code -XX:+ExitOnOutOfMemoryError}, an exhausted heap
 * exits 3.
 *
 * <p>Usage: {@code OverloadScenario PORT COUNT}
 */
public final class OverloadScenario {
    static final String TOPIC = "/benchmark/events";
    static final String TERMINATE_TOPIC = "/benchmark/terminate";
    /** The stuck subscriber's prefix, so its drop reports ("subscriber [/benchmark] ...") are told apart. */
    static final String STUCK_PREFIX = "/benchmark";

    private static final Duration WAIT = Duration.ofSeconds(45);
    /** Longer than the default, so a reader descheduled on a busy machine never counts as stalled. */
    private static final Duration STALL = Duration.ofSeconds(2);

    private OverloadScenario() {}

    public static void main(String[] args) {
        try {
            run(Integer.parseInt(args[0]), Long.parseLong(args[1]));
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            System.out.println("failed: " + t);
            t.printStackTrace();
            System.out.flush();
            System.exit(1);
        }
    }

    private static void run(int serverPort, long count) throws Exception {
        EndpointConfig config = EndpointConfig.builder()
                .tls(TlsConfig.off())
                .stallTimeout(STALL)
                .build();
        HeapSampler heap = new HeapSampler();
        try (Endpoint ep = Endpoint.create(config);
                StatusLog status = new StatusLog("scenario", ep)) {
            Subscriber stuck = ep.subscribe(STUCK_PREFIX);
            try (SequenceReader reader = new SequenceReader("reader", ep.subscribe(TOPIC))) {
                var server = ep.peerBlocking("127.0.0.1", serverPort, Duration.ZERO, WAIT);
                await(
                        "the server's subscription",
                        () -> peer(ep).topics().toString().contains(TOPIC));
                System.out.println("peered with " + server + "; publishing " + count + " messages");

                String padding = SequenceReader.padding(90);
                try (Publisher publisher = ep.publisher(TOPIC, WAIT)) {
                    for (long seq = 0; seq < count; seq++) {
                        // False once the stuck subscriber's policy acts: expected, judged by the counts.
                        publisher.publish(SequenceReader.message(seq, padding), WAIT);
                    }
                }
                System.out.println("published=" + count);

                await("the reader to have every message", () -> reader.count() >= count || !reader.inOrder());
                System.out.println("reader=" + reader.count() + " in_order=" + reader.inOrder() + " fault="
                        + reader.fault().replace(' ', '_'));
                await("the peer's buffer to be handed to the socket", () -> {
                    PeerInfo p = peer(ep);
                    return p.messagesOut() >= count && p.bufferedMessages() == 0;
                });
                PeerInfo p = peer(ep);
                System.out.println("peer_out=" + p.messagesOut() + " peer_dropped=" + p.dropped());

                SubscriberInfo s = stuck.metrics();
                System.out.println("stuck_in=" + s.messagesIn() + " stuck_out=" + s.messagesOut() + " stuck_dropped="
                        + s.dropped() + " stuck_buffered=" + s.bufferedMessages() + " stuck_capacity="
                        + s.capacity() + " stuck_stalled=" + s.stalled() + " stuck_policy=" + s.policy());
                var report = status.await(
                        "messages_dropped for the stuck subscriber",
                        e -> e.code() == StatusCode.MESSAGES_DROPPED
                                && e.message().startsWith("subscriber [" + STUCK_PREFIX + "] "),
                        WAIT);
                System.out.println("drop_reported=true");
                System.out.println("drop_report: " + report.message());

                // The test says when the server has counted everything (a stop ends its counting).
                System.out.println("waiting for 'terminate' on standard input");
                System.out.flush();
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (!"terminate".equals(line)) {
                    throw new IllegalStateException("expected 'terminate' on standard input, got " + line);
                }
                ep.publish(TERMINATE_TOPIC, Data.count(count));
            }
        } finally {
            heap.close();
        }
        System.gc();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.println("max_used_heap_mb=" + heap.maxUsed() / (1 << 20) + " heap_after_gc_mb="
                + memory.getHeapMemoryUsage().getUsed() / (1 << 20) + " max_heap_mb="
                + memory.getHeapMemoryUsage().getMax() / (1 << 20));
    }

    private static PeerInfo peer(Endpoint ep) {
        List<PeerInfo> peers = ep.peers();
        if (peers.size() != 1) {
            throw new IllegalStateException("expected one peer, have " + peers);
        }
        return peers.get(0);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** The largest heap use seen, sampled every few milliseconds on a daemon thread. */
    private static final class HeapSampler implements AutoCloseable {
        private final AtomicLong max = new AtomicLong();
        private final Thread thread;
        private volatile boolean stop;

        HeapSampler() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            thread = new Thread(
                    () -> {
                        while (!stop) {
                            max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                            try {
                                Thread.sleep(5);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "heap sampler");
            thread.setDaemon(true);
            thread.start();
        }

        long maxUsed() {
            return max.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(10_000);
        }
    }
}
