package io.jbroker.cli;

import io.jbroker.BrokerException;
import io.jbroker.DataMessage;
import io.jbroker.ErrorCode;
import io.jbroker.data.CountValue;
import io.jbroker.data.Data;
import io.jbroker.data.IntegerValue;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.zeek.Event;
import io.jbroker.zeek.internal.workload.ThroughputWorkload;
import io.jbroker.zeromq.ZeroMqNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jbroker bench latency}: round trips through a bench server. Publishes a Zeek event {@code
 * ping(seq, sent)} on {@code /benchmark/ping}; the server answers with {@code pong(seq, sent)} on
 * {@code /benchmark/pong}; the next ping goes out when the pong arrives (or {@code --interval}
 * later). Each round trip is the time from publishing the ping to receiving its pong, measured
 * here with one clock, recorded after {@code --warmup} round trips.
 */
@Command(
        name = "latency",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Measures round trips (ping event out, pong event back) through a jbroker bench server and prints"
                    + " the percentiles.",
            "Output: one line 'summary: round_trips=N p50_us=A p99_us=B p999_us=C min_us=D max_us=E'."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done",
            "1:bad configuration, cannot peer, or a pong did not come back",
            "2:usage error",
            ExitStatus.SIGINT,
            ExitStatus.SIGTERM
        })
final class BenchLatencyCommand implements Callable<Integer> {
    private static final long PONG_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long RESEND_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Streams streams;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--zeromq",
            description = "Go through a ZeroMQ cluster's proxy (--connect-xsub, --connect-xpub) to a bench server"
                    + " started with --zeromq, instead of peering.")
    boolean zeromq;

    @Mixin
    ZeroMqOptions zeromqOptions;

    @Option(
            names = "--peer",
            paramLabel = "HOST[:PORT]",
            converter = HostPort.Converter.class,
            description = "The bench server (port 9999 if left out; IPv6 as [ADDRESS]:PORT).")
    HostPort peer;

    @Option(
            names = "--count",
            paramLabel = "N",
            defaultValue = "20000",
            description = "Round trips to record. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "5000",
            description = "Round trips before recording starts. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description = "Pause between a pong and the next ping; 0 sends it at once. Default: 0s.")
    Duration interval;

    @Mixin
    EndpointOptions endpoint;

    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final CountDownLatch done = new CountDownLatch(1);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jbroker-bench-pacer");
        t.setDaemon(true);
        return t;
    });
    private Endpoint ep;
    private volatile long lastPongNanos;
    private volatile long seq; // written by the thread that sends the ping

    BenchLatencyCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws InterruptedException {
        if ((peer == null) == !zeromq) {
            throw new ParameterException(
                    spec.commandLine(),
                    zeromq
                            ? "Give --peer or --zeromq, not both"
                            : "Missing required option: '--peer=HOST[:PORT]' (or --zeromq)");
        }
        if (count < 1 || warmup < 0 || interval.isNegative()) {
            throw new ParameterException(
                    spec.commandLine(), "--count must be positive, --warmup and --interval not negative");
        }
        EndpointConfig config = endpoint.buildOrReport();
        if (config == null) {
            return 1;
        }
        LineOutput out = new LineOutput(streams.out());
        LineOutput err = new LineOutput(streams.err());
        try (DeliveryThread delivery = new DeliveryThread("jbroker-bench-events");
                Endpoint e = Endpoint.create(config)) {
            ep = e;
            timer.submit(() -> {}); // start the pacer thread before measuring
            e.statusSubscriber().onMessage(m -> err.line(EventLines.event(m)), delivery.executor());
            // The next ping goes out from the I/O thread that received the pong.
            e.subscribe(BenchCommand.PONG_TOPIC).onMessage(this::pong, Runnable::run);
            try {
                if (zeromq) {
                    ZeroMqNode node = new ZeroMqNode(zeromqOptions.config("bench-latency"));
                    e.attach(node);
                    if (!node.awaitReady(Duration.ofSeconds(30))) {
                        throw new BrokerException(ErrorCode.PEER_TIMEOUT, "ZeroMQ node not ready within 30s");
                    }
                    BenchCommand.awaitSubscription(
                            e, BenchCommand.PING_TOPIC, "no bench server in the cluster answers pings");
                } else {
                    e.peerBlocking(peer.host(), peer.port(), Duration.ZERO, Duration.ofSeconds(30));
                    BenchCommand.awaitSubscription(
                            e,
                            BenchCommand.PING_TOPIC,
                            "the peer does not answer pings (is it a jbroker bench server?)");
                }
            } catch (BrokerException ex) {
                err.line("jbroker bench latency: " + ex.getMessage());
                return 1;
            }
            lastPongNanos = System.nanoTime();
            ping(0);
            while (!done.await(100, TimeUnit.MILLISECONDS)) {
                long n = seq;
                if (n < warmup && System.nanoTime() - lastPongNanos > RESEND_NANOS) {
                    // Over ZeroMQ a pong is filtered out at the server until our subscription has
                    // reached it (sender-side filtering): warm-up pings may be sent again.
                    err.line("jbroker bench latency: no pong for warm-up ping " + n + " within 1 s, sending it again");
                    lastPongNanos = System.nanoTime();
                    sendPing(n);
                } else if (System.nanoTime() - lastPongNanos > PONG_TIMEOUT_NANOS) {
                    err.line("jbroker bench latency: no pong within 5 s after " + histogram.getTotalCount()
                            + " recorded round trips");
                    return 1;
                }
            }
        } finally {
            timer.shutdownNow();
        }
        out.line(String.format(
                Locale.ROOT,
                "summary: round_trips=%d p50_us=%.1f p99_us=%.1f p999_us=%.1f min_us=%.1f max_us=%.1f",
                histogram.getTotalCount(),
                micros(histogram.getValueAtPercentile(50)),
                micros(histogram.getValueAtPercentile(99)),
                micros(histogram.getValueAtPercentile(99.9)),
                micros(histogram.getMinValue()),
                micros(histogram.getMaxValue())));
        return 0;
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }

    private void ping(long n) {
        seq = n;
        sendPing(n);
    }

    private void sendPing(long n) {
        ep.publish(
                BenchCommand.PING_TOPIC,
                ThroughputWorkload.zeekEvent("ping", List.of(Data.count(n), Data.integer(System.nanoTime()))));
    }

    private void pong(DataMessage m) {
        long now = System.nanoTime();
        List<Data> args = Event.from(m.data()).map(Event::args).orElse(List.of());
        if (args.size() != 2 || !(args.get(0) instanceof CountValue) || !(args.get(1) instanceof IntegerValue)) {
            return;
        }
        long n = ((CountValue) args.get(0)).value();
        if (n != seq || done.getCount() == 0) {
            return;
        }
        lastPongNanos = now;
        if (n >= warmup) {
            histogram.recordValue(
                    Math.min(now - ((IntegerValue) args.get(1)).value(), histogram.getHighestTrackableValue()));
        }
        if (n + 1 >= (long) warmup + count) {
            done.countDown();
        } else if (interval.isZero()) {
            ping(n + 1);
        } else {
            timer.schedule(() -> ping(n + 1), interval.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
