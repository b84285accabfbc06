package io.jbroker.bench;

import io.jbroker.DataMessage;
import io.jbroker.data.Data;
import io.jbroker.endpoint.Publisher;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.websocket.ZeekWebSocketClient;
import io.jbroker.zeek.internal.workload.ThroughputWorkload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Round-trip latency through Zeek's WebSocket API ({@link WebSocketThroughput}'s {@code latency}
 * mode): one client publishes one event, node B receives it through A's gateway and the peering,
 * publishes it back on the client's echo topic, and the client receives it; the next event leaves
 * when the echo arrived. Prints the percentiles of {@code samples} round trips measured after
 * {@code warmup} unmeasured ones, and {@code FAILED} if an echo did not come back or the client
 * disconnected.
 */
final class WebSocketLatency {
    private static final String ECHO = "/benchmark/echo";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private WebSocketLatency() {}

    static boolean run(int samples, int warmup, int type) throws Exception {
        Data event = new ThroughputWorkload().event(type);
        DataMessage ping = DataMessage.of(ThroughputWorkload.TOPIC, event);
        try (WebSocketRig rig = new WebSocketRig()) {
            Subscriber atB = rig.b.subscribe(ThroughputWorkload.TOPIC);
            ZeekWebSocketClient client = rig.connect(List.of(ECHO));
            WebSocketRig.awaitAnnounced(rig.b, List.of(ECHO));
            WebSocketRig.awaitAnnounced(rig.a, List.of(ThroughputWorkload.TOPIC));
            Thread echo = new Thread(() -> echo(atB, rig.b.publisher(ECHO, WAIT)), "echo");
            echo.setDaemon(true);
            echo.start();
            long[] micros = new long[samples];
            List<String> problems = new ArrayList<>();
            int done = 0;
            for (int i = 0; i < warmup + samples; i++) {
                long start = System.nanoTime();
                client.publish(ping);
                DataMessage back = client.receive(WAIT);
                long took = System.nanoTime() - start;
                if (back == null) {
                    problems.add("no echo within " + WAIT + " for round trip " + i);
                    break;
                }
                if (i >= warmup) {
                    micros[done++] = took;
                }
            }
            echo.interrupt();
            Arrays.sort(micros, 0, done);
            if (done < samples) {
                problems.add("only " + done + " of " + samples + " samples");
            }
            problems.addAll(rig.problems());
            if (done > 0) {
                System.out.printf(
                        Locale.ROOT,
                        "websocket latency type=%d samples=%d warmup=%d p50_us=%.1f p90_us=%.1f p99_us=%.1f"
                                + " max_us=%.1f min_us=%.1f%n",
                        type,
                        done,
                        warmup,
                        percentile(micros, done, 0.50),
                        percentile(micros, done, 0.90),
                        percentile(micros, done, 0.99),
                        micros[done - 1] / 1e3,
                        micros[0] / 1e3);
            }
            return WebSocketThroughput.report(problems, rig);
        }
    }

    /** The nearest-rank percentile {@code q} of the first {@code n} sorted nanosecond values, in µs. */
    private static double percentile(long[] sorted, int n, double q) {
        int rank = (int) Math.ceil(q * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))] / 1e3;
    }

    private static void echo(Subscriber from, Publisher to) {
        try (to) {
            while (!Thread.currentThread().isInterrupted()) {
                DataMessage m = from.get(WAIT);
                if (m != null) {
                    to.publish(m.data());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
