package io.jbroker.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The raw-transport reference of the end-to-end benchmark: JeroMQ PUSH/PULL throughput between two
 * JVMs, without Broker's framing or encoding. shared/spec/benchmark-workloads.md gives the figure to
 * compare against: JeroMQ 0.6 PUSH/PULL did 1.55M msg/s at 16-100 B (lossless).
 *
 * <p>Start the receiver first, with a longer duration than the sender:
 *
 * <pre>
 * java -cp jbroker-benchmarks/target/benchmarks.jar io.jbroker.bench.JeroMqThroughput \
 *     pull --bind tcp://127.0.0.1:5555 --duration 20
 * java -cp jbroker-benchmarks/target/benchmarks.jar io.jbroker.bench.JeroMqThroughput \
 *     push --connect tcp://127.0.0.1:5555 --size 16 --duration 15
 * </pre>
 *
 * <p>{@code push} sends {@code --size} byte messages with blocking sends (PUSH blocks at the high-water
 * mark, so nothing is dropped), optionally paced to {@code --rate} messages per second, then stops and
 * waits for the queue to drain. {@code pull} counts what arrives. Both print {@code rate: N msg/s}
 * every second and end with a {@code summary:} line whose rate and MB/s are medians over the seconds
 * with traffic, without the first and the last of them.
 *
 * <p>{@code pub} and {@code sub} are the same through a Zeek ZeroMQ proxy, carrying the bytes {@code
 * jbroker bench client --zeromq} sends: the 4 frames {@code [topic][node id][broker-bin-v1][payload]}
 * of a bench event of {@code --type} ({@link ZeekEventFrames}). {@code sub} is a SUB socket on the
 * proxy's XPUB subscribed to {@code /benchmark/events}; {@code pub} an XPUB on the proxy's XSUB that
 * waits for that subscription, then sends without waiting at the high-water mark, so it drops there as
 * PUB does (and still counts the message as sent: compare with what {@code sub} received); with
 * {@code --nodrop true} it sets XPUB_NODROP and waits instead, which makes the run lossless:
 *
 * <pre>
 * java -cp jbroker-benchmarks/target/benchmarks.jar io.jbroker.bench.JeroMqThroughput \
 *     sub --connect tcp://127.0.0.1:5555 --duration 15
 * java -cp jbroker-benchmarks/target/benchmarks.jar io.jbroker.bench.JeroMqThroughput \
 *     pub --connect tcp://127.0.0.1:5556 --type 1 --duration 10 --nodrop true
 * </pre>
 *
 * <p>{@code pubsub-echo} and {@code pubsub-ping} measure round trips through such a proxy ({@link
 * PubSubRoundTrip}).
 *
 * <p>The round-trip counterpart of {@code jbroker bench latency}: {@code echo} answers every request
 * on a REP socket with the same bytes until {@code --duration} is over; {@code ping} sends {@code --size}
 * byte requests from a REQ socket one at a time, waits for each reply, pauses {@code --interval}
 * milliseconds, and records the round trips (System.nanoTime) after the first {@code --warmup}, until
 * {@code --count} are recorded. It ends with the summary line of {@code jbroker bench latency}:
 *
 * <pre>
 * java -cp jbroker-benchmarks/target/benchmarks.jar io.jbroker.bench.JeroMqThroughput \
 *     echo --bind tcp://127.0.0.1:5556 --duration 120
 * java -cp jbroker-benchmarks/target/benchmarks.jar io.jbroker.bench.JeroMqThroughput \
 *     ping --connect tcp://127.0.0.1:5556 --size 16 --count 50000 --warmup 20000
 * summary: round_trips=50000 p50_us=... p99_us=... p999_us=... min_us=... max_us=...
 * </pre>
 */
public final class JeroMqThroughput {
    private static final String USAGE = String.join(
            System.lineSeparator(),
            "usage: JeroMqThroughput pull (--bind|--connect) ENDPOINT [--duration S]",
            "       JeroMqThroughput push (--bind|--connect) ENDPOINT [--size N] [--rate N] [--duration S]",
            "       JeroMqThroughput echo (--bind|--connect) ENDPOINT [--duration S]",
            "       JeroMqThroughput ping (--bind|--connect) ENDPOINT [--size N] [--count N] [--warmup N]"
                    + " [--interval MS]",
            "       JeroMqThroughput sub (--bind|--connect) ENDPOINT [--duration S]",
            "       JeroMqThroughput pub (--bind|--connect) ENDPOINT [--type 1|2] [--rate N] [--duration S]"
                    + " [--nodrop true]",
            "       JeroMqThroughput frames 1|2 FILE   (the pub frames, for pyzmq_pubsub.py)",
            "       JeroMqThroughput pubsub-echo --connect PROXY_XPUB --publish PROXY_XSUB [--duration S]",
            "       JeroMqThroughput pubsub-ping --connect PROXY_XPUB --publish PROXY_XSUB [--count N] [--warmup N]",
            "  --size N      payload bytes per message (push, ping; default 16)",
            "  --rate N      messages per second, 0 = unthrottled (push; default 0)",
            "  --duration S  seconds to send, receive or echo (push, pull, echo; default 10)",
            "  --count N     round trips to record (ping; default 50000)",
            "  --warmup N    round trips before recording starts (ping; default 20000)",
            "  --interval MS pause between a reply and the next request, 0 = none (ping; default 0)",
            "  --type 1|2    the bench event whose broker-bin-v1 bytes pub sends (default 1)",
            "  --nodrop B    true: pub waits at the high-water mark (XPUB_NODROP) instead of dropping"
                    + " (default false, as PUB)");

    /** How long a blocked send or receive waits before it looks at the stop flag again. */
    private static final int POLL_MS = 100;
    /** How long the closing push socket may take to deliver what is still queued. */
    private static final int LINGER_MS = 10_000;

    private final boolean push;
    /** push/pull (false) or pub/sub (true, the 4 frames of a Zeek ZeroMQ event). */
    private final boolean pubSub;

    private final String endpoint;
    private final boolean bind;
    private final int size;
    private final long rate;
    private final int duration;
    private final int type;
    private final boolean noDrop;
    /** Received messages that did not have 4 frames (sub). */
    private long malformed;

    // Messages and payload bytes so far: written (lazySet) only by the worker, read by the sampler.
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean stop;
    private volatile Throwable failure;

    private JeroMqThroughput(
            boolean push,
            boolean pubSub,
            String endpoint,
            boolean bind,
            int size,
            long rate,
            int duration,
            int type,
            boolean noDrop) {
        this.push = push;
        this.pubSub = pubSub;
        this.endpoint = endpoint;
        this.bind = bind;
        this.size = size;
        this.rate = rate;
        this.duration = duration;
        this.type = type;
        this.noDrop = noDrop;
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("frames")) {
            // The same bytes for libzmq (pyzmq_pubsub.py): see ZeekEventFrames#write.
            new ZeekEventFrames(Integer.parseInt(args[1])).write(Path.of(args[2]));
            return;
        }
        if (args.length > 0 && args[0].startsWith("pubsub-")) {
            PubSubRoundTrip pubSub =
                    Set.of("pubsub-echo", "pubsub-ping").contains(args[0]) ? PubSubRoundTrip.parse(args) : null;
            if (pubSub == null) {
                System.err.println(USAGE);
                System.exit(2);
            }
            try {
                pubSub.run();
            } catch (RuntimeException e) {
                System.err.println("JeroMqThroughput: " + e);
                System.exit(1);
            }
            return;
        }
        boolean roundTrips = args.length > 0 && (args[0].equals("echo") || args[0].equals("ping"));
        JeroMqThroughput run = roundTrips ? null : parse(args);
        RoundTrip roundTrip = roundTrips ? RoundTrip.parse(args) : null;
        if (run == null && roundTrip == null) {
            System.err.println(USAGE);
            System.exit(2);
        }
        try {
            if (run != null) {
                run.run();
            } else {
                roundTrip.run();
            }
        } catch (RuntimeException | InterruptedException e) {
            System.err.println("JeroMqThroughput: " + e);
            System.exit(1);
        }
    }

    /** The run {@code args} describe, or null if they are not valid. */
    private static JeroMqThroughput parse(String[] args) {
        if (args.length == 0 || !Set.of("push", "pull", "pub", "sub").contains(args[0])) {
            return null;
        }
        boolean push = args[0].equals("push") || args[0].equals("pub");
        boolean pubSub = args[0].equals("pub") || args[0].equals("sub");
        Set<String> allowed = !push
                ? Set.of("--duration")
                : pubSub
                        ? Set.of("--duration", "--type", "--rate", "--nodrop")
                        : Set.of("--duration", "--size", "--rate");
        Options o = Options.parse(args, allowed);
        if (o == null) {
            return null;
        }
        try {
            int size = o.integer("--size", 16);
            long rate = o.number("--rate", 0);
            int duration = o.integer("--duration", 10);
            int type = o.integer("--type", 1);
            String noDrop = o.values.getOrDefault("--nodrop", "false");
            if (duration < 1
                    || size < 0
                    || rate < 0
                    || type < 1
                    || type > 2
                    || !Set.of("true", "false").contains(noDrop)) {
                return null;
            }
            return new JeroMqThroughput(
                    push, pubSub, o.endpoint, o.bind, size, rate, duration, type, noDrop.equals("true"));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The options after the mode: {@code --bind} or {@code --connect} with an endpoint (exactly one),
     * and {@code --key value} pairs from {@code allowed}, each at most once.
     */
    static final class Options {
        final String endpoint;
        final boolean bind;
        final Map<String, String> values;

        private Options(String endpoint, boolean bind, Map<String, String> values) {
            this.endpoint = endpoint;
            this.bind = bind;
            this.values = values;
        }

        /** The options of {@code args} (after {@code args[0]}), or null if they are not valid. */
        static Options parse(String[] args, Set<String> allowed) {
            String endpoint = null;
            boolean bind = false;
            Map<String, String> values = new HashMap<>();
            for (int i = 1; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    return null;
                }
                String key = args[i];
                if (key.equals("--bind") || key.equals("--connect")) {
                    if (endpoint != null) {
                        return null;
                    }
                    endpoint = args[i + 1];
                    bind = key.equals("--bind");
                } else if (!allowed.contains(key) || values.putIfAbsent(key, args[i + 1]) != null) {
                    return null;
                }
            }
            return endpoint == null ? null : new Options(endpoint, bind, values);
        }

        int integer(String key, int otherwise) {
            return values.containsKey(key) ? Integer.parseInt(values.get(key)) : otherwise;
        }

        long number(String key, long otherwise) {
            return values.containsKey(key) ? Long.parseLong(values.get(key)) : otherwise;
        }
    }

    private void run() throws InterruptedException {
        long[] messageSamples = new long[duration];
        long[] byteSamples = new long[duration];
        // Closing the context waits until the push socket has delivered its queue or its linger ran out.
        try (ZMQ.Context context = ZMQ.context(1);
                ZMQ.Socket socket = context.socket(socketType())) {
            socket.setLinger(push ? LINGER_MS : 0);
            if (pubSub && push) {
                socket.setXpubNoDrop(noDrop);
            } else if (pubSub) {
                socket.subscribe(ZeekEventFrames.TOPIC);
            }
            // A handshake stuck in JeroMQ 0.6.0's I/O thread is retried after 2 s (docs/zeromq.md).
            socket.setHandshakeIvl(2000);
            // JeroMQ's "immediate" is libzmq's inverted: false queues only for completed connections, so
            // nothing counts as sent while no peer is there to take it.
            socket.setImmediate(false);
            socket.setSendTimeOut(POLL_MS);
            socket.setReceiveTimeOut(POLL_MS);
            if (bind) {
                socket.bind(endpoint);
            } else {
                socket.connect(endpoint);
            }
            Thread worker = new Thread(() -> work(socket), socketType().name().toLowerCase(Locale.ROOT));
            worker.start();
            try {
                sample(worker, messageSamples, byteSamples);
            } finally {
                stop = true;
                worker.join();
            }
        }
        if (failure != null) {
            throw failure instanceof RuntimeException ? (RuntimeException) failure : new IllegalStateException(failure);
        }
        System.out.println(summary(messageSamples, byteSamples));
    }

    /** Prints and records the messages and bytes of each second; stops the worker after the last. */
    private void sample(Thread worker, long[] messageSamples, long[] byteSamples) throws InterruptedException {
        long start = System.nanoTime();
        long lastMessages = 0;
        long lastBytes = 0;
        for (int second = 0; second < duration && failure == null; second++) {
            long deadline = start + TimeUnit.SECONDS.toNanos(second + 1L);
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
            if (second == duration - 1) {
                stop = true; // the worker sees it within POLL_MS; the last sample then holds everything
                worker.join();
            }
            long nowMessages = messages.get();
            long nowBytes = bytes.get();
            messageSamples[second] = nowMessages - lastMessages;
            byteSamples[second] = nowBytes - lastBytes;
            lastMessages = nowMessages;
            lastBytes = nowBytes;
            System.out.println("rate: " + messageSamples[second] + " msg/s");
        }
    }

    private SocketType socketType() {
        if (pubSub) {
            // The publisher is an XPUB (lossy at the HWM, as PUB) so that it can wait for the subscription.
            return push ? SocketType.XPUB : SocketType.SUB;
        }
        return push ? SocketType.PUSH : SocketType.PULL;
    }

    private void work(ZMQ.Socket socket) {
        try {
            if (pubSub && push) {
                publish(socket);
            } else if (pubSub) {
                subscribe(socket);
            } else if (push) {
                send(socket);
            } else {
                receive(socket);
            }
        } catch (Throwable t) {
            failure = t;
            stop = true;
        }
    }

    private void send(ZMQ.Socket socket) {
        byte[] payload = new byte[size];
        double nanosPerMessage = rate == 0 ? 0 : 1e9 / rate;
        long start = System.nanoTime();
        long sent = 0;
        while (!stop) {
            if (rate != 0) {
                long due = start + (long) (sent * nanosPerMessage);
                long early = due - System.nanoTime();
                if (early > 0) {
                    LockSupport.parkNanos(early);
                    continue;
                }
            }
            if (socket.send(payload, 0)) {
                sent++;
                messages.lazySet(sent);
                bytes.lazySet(sent * size);
            }
        }
    }

    /**
     * Waits for the subscription to the bench topic, then sends the 4 frames of a Zeek ZeroMQ
     * event ({@link ZeekEventFrames}) as fast as the socket takes them, or at {@code --rate}. Without
     * {@code --nodrop} a message beyond the HWM is dropped by JeroMQ and still counted as sent.
     */
    private void publish(ZMQ.Socket socket) {
        ZeekEventFrames frames = new ZeekEventFrames(type);
        while (!stop) {
            byte[] s = socket.recv(0);
            if (s != null && frames.isSubscription(s)) {
                break;
            }
        }
        byte[][] payloads = frames.payloads();
        double nanosPerMessage = rate == 0 ? 0 : 1e9 / rate;
        long start = System.nanoTime();
        long sent = 0;
        long sentBytes = 0;
        int next = 0;
        while (!stop) {
            if (rate != 0) {
                long due = start + (long) (sent * nanosPerMessage);
                long early = due - System.nanoTime();
                if (early > 0) {
                    LockSupport.parkNanos(early);
                    continue;
                }
            }
            byte[] payload = payloads[next];
            if (!socket.send(frames.topic(), ZMQ.SNDMORE)) {
                continue; // --nodrop at the HWM for POLL_MS: look at the stop flag, try again
            }
            socket.send(frames.nodeId(), ZMQ.SNDMORE);
            socket.send(frames.format(), ZMQ.SNDMORE);
            socket.send(payload, 0);
            next = next + 1 == payloads.length ? 0 : next + 1;
            sent++;
            sentBytes += frames.size(payload);
            messages.lazySet(sent);
            bytes.lazySet(sentBytes);
        }
    }

    /** Counts whole messages (and their frames' bytes); a message without 4 frames counts as malformed. */
    private void subscribe(ZMQ.Socket socket) {
        long received = 0;
        long receivedBytes = 0;
        while (!stop) {
            byte[] frame = socket.recv(0);
            if (frame == null) {
                continue;
            }
            int count = 1;
            long size = frame.length;
            while (socket.hasReceiveMore()) {
                byte[] more = socket.recv(0);
                if (more == null) {
                    break;
                }
                count++;
                size += more.length;
            }
            if (count != 4) {
                malformed++;
            }
            received++;
            receivedBytes += size;
            messages.lazySet(received);
            bytes.lazySet(receivedBytes);
        }
    }

    private void receive(ZMQ.Socket socket) {
        long received = 0;
        long receivedBytes = 0;
        while (!stop) {
            byte[] message = socket.recv(0);
            if (message != null) {
                received++;
                receivedBytes += message.length;
                messages.lazySet(received);
                bytes.lazySet(receivedBytes);
            }
        }
    }

    private String summary(long[] messageSamples, long[] byteSamples) {
        int first = 0;
        while (first < messageSamples.length && messageSamples[first] == 0) {
            first++;
        }
        int last = messageSamples.length - 1;
        while (last >= first && messageSamples[last] == 0) {
            last--;
        }
        if (last - first + 1 >= 3) {
            first++;
            last--;
        }
        long cpuNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return String.format(
                        Locale.ROOT,
                        "summary: %s=%d rate=%d mb_per_s=%.2f cpu_s=%.2f peak_rss_mb=%d dropped=0",
                        push ? "sent" : "received",
                        messages.get(),
                        Math.round(median(messageSamples, first, last)),
                        median(byteSamples, first, last) / 1e6,
                        Math.max(cpuNanos, 0) / 1e9,
                        peakRssMib())
                + (pubSub && !push ? " malformed=" + malformed : "");
    }

    /** The median of {@code samples[first..last]}, or 0 if that range is empty. */
    private static double median(long[] samples, int first, int last) {
        if (last < first) {
            return 0;
        }
        long[] sorted = Arrays.copyOfRange(samples, first, last + 1);
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    /** VmHWM from /proc/self/status in MiB, or 0 if it cannot be read. */
    private static long peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String kib = line.substring("VmHWM:".length()).trim().split("\\s+")[0];
                    return Math.round(Long.parseLong(kib) / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format
        }
        return 0;
    }

    /** The echo and ping modes: REQ/REP round trips, one at a time. */
    private static final class RoundTrip {
        /** How long ping waits for a reply (as jbroker bench latency waits for a pong). */
        private static final int REPLY_TIMEOUT_MS = 5_000;
        /** How long ping's first request may wait for the connection to the echo server. */
        private static final int CONNECT_TIMEOUT_MS = 30_000;

        private final boolean ping;
        private final String endpoint;
        private final boolean bind;
        private final int size;
        private final int count;
        private final int warmup;
        private final long intervalMs;
        private final int duration;

        private RoundTrip(
                boolean ping,
                String endpoint,
                boolean bind,
                int size,
                int count,
                int warmup,
                long intervalMs,
                int duration) {
            this.ping = ping;
            this.endpoint = endpoint;
            this.bind = bind;
            this.size = size;
            this.count = count;
            this.warmup = warmup;
            this.intervalMs = intervalMs;
            this.duration = duration;
        }

        /** The run {@code args} (starting with echo or ping) describe, or null if they are not valid. */
        static RoundTrip parse(String[] args) {
            boolean ping = args[0].equals("ping");
            Options o = Options.parse(
                    args, ping ? Set.of("--size", "--count", "--warmup", "--interval") : Set.of("--duration"));
            if (o == null) {
                return null;
            }
            try {
                int size = o.integer("--size", 16);
                int count = o.integer("--count", 50_000);
                int warmup = o.integer("--warmup", 20_000);
                long intervalMs = o.number("--interval", 0);
                int duration = o.integer("--duration", 10);
                if (duration < 1 || size < 0 || count < 1 || warmup < 0 || intervalMs < 0) {
                    return null;
                }
                return new RoundTrip(ping, o.endpoint, o.bind, size, count, warmup, intervalMs, duration);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        void run() throws InterruptedException {
            try (ZMQ.Context context = ZMQ.context(1);
                    ZMQ.Socket socket = context.socket(ping ? SocketType.REQ : SocketType.REP)) {
                socket.setLinger(0);
                socket.setImmediate(false);
                if (bind) {
                    socket.bind(endpoint);
                } else {
                    socket.connect(endpoint);
                }
                if (ping) {
                    ping(socket);
                } else {
                    echo(socket);
                }
            }
        }

        /** Answers every request with the same frames until the duration is over. */
        private void echo(ZMQ.Socket socket) {
            socket.setReceiveTimeOut(POLL_MS);
            socket.setSendTimeOut(POLL_MS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(duration);
            long echoed = 0;
            while (System.nanoTime() - deadline < 0) {
                byte[] frame = socket.recv(0);
                if (frame == null) {
                    continue;
                }
                while (true) {
                    boolean more = socket.hasReceiveMore();
                    if (!socket.send(frame, more ? ZMQ.SNDMORE : 0)) {
                        throw new IllegalStateException("echo: reply not sent: errno " + socket.errno());
                    }
                    if (!more) {
                        break;
                    }
                    frame = socket.recv(0);
                    if (frame == null) {
                        throw new IllegalStateException("echo: request incomplete: errno " + socket.errno());
                    }
                }
                echoed++;
            }
            System.out.println("summary: echoed=" + echoed);
        }

        /** Sends the requests one at a time and prints the percentiles of the recorded round trips. */
        private void ping(ZMQ.Socket socket) throws InterruptedException {
            Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            byte[] payload = new byte[size];
            socket.setReceiveTimeOut(REPLY_TIMEOUT_MS);
            socket.setSendTimeOut(CONNECT_TIMEOUT_MS);
            long total = (long) warmup + count;
            for (long n = 0; n < total; n++) {
                long sent = System.nanoTime();
                if (!socket.send(payload, 0)) {
                    throw new IllegalStateException("ping: request " + n + " not sent: errno " + socket.errno());
                }
                byte[] reply = socket.recv(0);
                long now = System.nanoTime();
                if (reply == null) {
                    throw new IllegalStateException("ping: no reply within " + REPLY_TIMEOUT_MS + " ms after "
                            + histogram.getTotalCount() + " recorded round trips");
                }
                if (!Arrays.equals(reply, payload)) {
                    throw new IllegalStateException("ping: reply " + n + " differs from its request");
                }
                if (n >= warmup) {
                    histogram.recordValue(Math.min(now - sent, histogram.getHighestTrackableValue()));
                }
                if (intervalMs > 0 && n + 1 < total) {
                    Thread.sleep(intervalMs);
                }
            }
            System.out.println(String.format(
                    Locale.ROOT,
                    "summary: round_trips=%d p50_us=%.1f p99_us=%.1f p999_us=%.1f min_us=%.1f max_us=%.1f",
                    histogram.getTotalCount(),
                    micros(histogram.getValueAtPercentile(50)),
                    micros(histogram.getValueAtPercentile(99)),
                    micros(histogram.getValueAtPercentile(99.9)),
                    micros(histogram.getMinValue()),
                    micros(histogram.getMaxValue())));
        }

        private static double micros(long nanos) {
            return nanos / 1000.0;
        }
    }
}
