package io.jbroker.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * Raw JeroMQ round trips through a Zeek ZeroMQ proxy, the counterpart of {@code jbroker bench
 * latency --zeromq}: {@code pubsub-ping} publishes 4-frame events ({@code [topic][node
 * id][broker-bin-v1][payload]}) on {@code /benchmark/ping} from an XPUB connected to the proxy's
 * XSUB and waits on a SUB connected to the proxy's XPUB for the same payload on {@code
 * /benchmark/pong}, which {@code pubsub-echo} sends back. Blocking receives with a timeout, one
 * round trip at a time; before recording, a ping without an answer within 100 ms is sent again
 * (subscriptions take a moment to cross the proxy). The summary line is {@code jbroker bench
 * latency}'s.
 *
 * <pre>
 * java -cp jbroker-benchmarks/target/benchmarks.jar io.jbroker.bench.JeroMqThroughput \
 *     pubsub-echo --connect tcp://127.0.0.1:5555 --publish tcp://127.0.0.1:5556 --duration 120
 * java -cp jbroker-benchmarks/target/benchmarks.jar io.jbroker.bench.JeroMqThroughput \
 *     pubsub-ping --connect tcp://127.0.0.1:5555 --publish tcp://127.0.0.1:5556 --count 20000 --warmup 2000
 * </pre>
 */
final class PubSubRoundTrip {
    private static final byte[] PING = "/benchmark/ping".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "/benchmark/pong".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FORMAT = "broker-bin-v1".getBytes(StandardCharsets.US_ASCII);
    private static final int POLL_MS = 100;
    private static final int REPLY_TIMEOUT_MS = 5_000;
    private static final int START_TIMEOUT_MS = 30_000;

    private final boolean ping;
    private final String xpubOfProxy;
    private final String xsubOfProxy;
    private final int count;
    private final int warmup;
    private final int duration;
    private final byte[] nodeId;

    private PubSubRoundTrip(boolean ping, String xpubOfProxy, String xsubOfProxy, int count, int warmup, int duration) {
        this.ping = ping;
        this.xpubOfProxy = xpubOfProxy;
        this.xsubOfProxy = xsubOfProxy;
        this.count = count;
        this.warmup = warmup;
        this.duration = duration;
        this.nodeId = ("zeromq_bench-" + (ping ? "ping" : "echo") + "_localhost_"
                        + ProcessHandle.current().pid() + "_NrawJeroMqPubSub01")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The run {@code args} (pubsub-echo or pubsub-ping first) describe, or null if not valid. */
    static PubSubRoundTrip parse(String[] args) {
        boolean ping = args[0].equals("pubsub-ping");
        JeroMqThroughput.Options o = JeroMqThroughput.Options.parse(
                args, ping ? Set.of("--publish", "--count", "--warmup") : Set.of("--publish", "--duration"));
        if (o == null || o.bind || !o.values.containsKey("--publish")) {
            return null;
        }
        try {
            int count = o.integer("--count", 20_000);
            int warmup = o.integer("--warmup", 2_000);
            int duration = o.integer("--duration", 60);
            if (count < 1 || warmup < 0 || duration < 1) {
                return null;
            }
            return new PubSubRoundTrip(ping, o.endpoint, o.values.get("--publish"), count, warmup, duration);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void run() {
        try (ZMQ.Context context = ZMQ.context(1);
                ZMQ.Socket sub = context.socket(SocketType.SUB);
                ZMQ.Socket pub = context.socket(SocketType.XPUB)) {
            for (ZMQ.Socket s : new ZMQ.Socket[] {sub, pub}) {
                s.setLinger(0);
                s.setHandshakeIvl(2000); // a handshake stuck in JeroMQ 0.6.0 is retried (docs/zeromq.md)
            }
            sub.subscribe(ping ? PONG : PING);
            sub.connect(xpubOfProxy);
            pub.connect(xsubOfProxy);
            if (ping) {
                ping(sub, pub);
            } else {
                echo(sub, pub);
            }
        }
    }

    private void echo(ZMQ.Socket sub, ZMQ.Socket pub) {
        sub.setReceiveTimeOut(POLL_MS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(duration);
        long echoed = 0;
        while (System.nanoTime() - deadline < 0) {
            byte[][] frames = receive(sub);
            if (frames == null) {
                continue;
            }
            send(pub, PONG, frames[3]);
            echoed++;
        }
        System.out.println("summary: echoed=" + echoed);
    }

    private void ping(ZMQ.Socket sub, ZMQ.Socket pub) {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        byte[] payload = new byte[16];
        long total = (long) warmup + count;
        long startDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        for (long n = 0; n < total; n++) {
            Arrays.fill(payload, (byte) 0);
            for (int i = 0; i < 8; i++) {
                payload[i] = (byte) (n >>> (8 * i));
            }
            boolean answered = false;
            long sent = 0;
            long now = 0;
            while (!answered) {
                boolean first = n == 0;
                sub.setReceiveTimeOut(first ? POLL_MS : REPLY_TIMEOUT_MS);
                sent = System.nanoTime();
                send(pub, PING, payload);
                byte[][] frames;
                do {
                    frames = receive(sub);
                } while (frames != null && !Arrays.equals(frames[3], payload)); // a late answer to a resend
                now = System.nanoTime();
                answered = frames != null;
                if (!answered && (!first || now - startDeadline >= 0)) {
                    throw new IllegalStateException(
                            "pubsub-ping: no pong after " + histogram.getTotalCount() + " recorded round trips");
                }
            }
            if (n >= warmup) {
                histogram.recordValue(Math.min(now - sent, histogram.getHighestTrackableValue()));
            }
        }
        System.out.println(String.format(
                Locale.ROOT,
                "summary: round_trips=%d p50_us=%.1f p99_us=%.1f p999_us=%.1f min_us=%.1f max_us=%.1f",
                histogram.getTotalCount(),
                histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getValueAtPercentile(99.9) / 1000.0,
                histogram.getMinValue() / 1000.0,
                histogram.getMaxValue() / 1000.0));
    }

    private void send(ZMQ.Socket pub, byte[] topic, byte[] payload) {
        pub.send(topic, ZMQ.SNDMORE);
        pub.send(nodeId, ZMQ.SNDMORE);
        pub.send(FORMAT, ZMQ.SNDMORE);
        pub.send(payload, 0);
    }

    /** The 4 frames of the next event, or null on timeout or a message of another shape. */
    private static byte[][] receive(ZMQ.Socket sub) {
        byte[] first = sub.recv(0);
        if (first == null) {
            return null;
        }
        byte[][] frames = new byte[4][];
        frames[0] = first;
        int n = 1;
        while (sub.hasReceiveMore()) {
            byte[] f = sub.recv(0);
            if (f == null) {
                return null;
            }
            if (n < 4) {
                frames[n] = f;
            }
            n++;
        }
        return n == 4 ? frames : null;
    }
}
