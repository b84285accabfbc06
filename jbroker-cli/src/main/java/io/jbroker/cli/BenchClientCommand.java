package io.jbroker.cli;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.EndpointMetrics;
import io.jbroker.endpoint.Publisher;
import io.jbroker.endpoint.Status;
import io.jbroker.endpoint.StatusCode;
import io.jbroker.zeek.internal.workload.ThroughputWorkload;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jbroker bench client}: peers with a bench server (jbroker's or upstream's {@code
 * broker-throughput --server}) and publishes {@code broker-throughput}'s events on {@code
 * /benchmark/events} for {@code --duration}, at {@code --rate} messages per second or, with rate
 * 0, as fast as the peer accepts them: through a {@link Publisher}, which waits for room instead
 * of dropping, so the run is lossless.
 *
 * <p>Messages come from a pool generated before the run (cycled through), so the figures measure
 * the messaging, not the random generator; every message is still encoded when it is published.
 */
@Command(
        name = "client",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Publishes broker-throughput's events to a bench server (jbroker's or upstream's) and prints the"
                    + " rate once per second.",
            "Output: 'rate: N events/s (M MB/s)' per second, 'metrics:' lines, and last 'summary: sent=N"
                    + " rate=R mb_per_s=M cpu_s=C peak_rss_mb=P dropped=D'. Status events go to standard error."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done",
            "1:bad configuration, cannot peer, or the peering was lost",
            "2:usage error",
            ExitStatus.SIGINT,
            ExitStatus.SIGTERM
        })
final class BenchClientCommand implements Callable<Integer> {
    private final Streams streams;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--zeromq",
            description = "Publish through a ZeroMQ cluster's proxy (--connect-xsub, --connect-xpub) to a bench"
                    + " server started with --zeromq, instead of peering.")
    boolean zeromq;

    @Mixin
    ZeroMqOptions zeromqOptions;

    @Option(
            names = "--peer",
            paramLabel = "HOST[:PORT]",
            converter = HostPort.Converter.class,
            description = "The bench server (port 9999 if left out).")
    HostPort peer;

    @Option(
            names = "--type",
            paramLabel = "1|2|3",
            defaultValue = "1",
            description = "Event shape: 1 a small event, 2 a conn.log line, 3 a table of 100 sets. Default: 1.")
    int type;

    @Option(
            names = "--string-size",
            paramLabel = "BYTES",
            defaultValue = "0",
            description = "Publish plain strings of this many bytes instead of events (for comparisons with raw"
                    + " transports); 0: events of --type.")
    int stringSize;

    @Option(
            names = "--rate",
            paramLabel = "N",
            defaultValue = "0",
            description = "Messages per second; 0 publishes as fast as the peer accepts, without loss. Default: 0.")
    long rate;

    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "1",
            description = "Events per message: more than 1 sends a vector of N events, as broker-throughput's"
                    + " --batch-size. Default: 1.")
    int batch;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long to publish. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(
            names = "--pool",
            paramLabel = "N",
            description = "Distinct messages generated before the run and cycled through. Default: 1024, 64 for"
                    + " type 3 (about 60 KiB each in memory).")
    Integer pool;

    @Option(
            names = "--stop-server",
            description = "At the end, publish on /benchmark/terminate, which stops bench servers.")
    boolean stopServer;

    @Mixin
    EndpointOptions endpoint;

    BenchClientCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws InterruptedException {
        checkOptions();
        EndpointConfig config = endpoint.buildOrReport();
        if (config == null) {
            return 1;
        }
        Data[] messages = messages();
        LineOutput out = new LineOutput(streams.out());
        LineOutput err = new LineOutput(streams.err());
        AtomicLong sent = new AtomicLong();
        // The lifetime outlasts the endpoint: a signal waits until the summary is printed.
        try (Lifetime lifetime = new Lifetime("jbroker-bench-client")) {
            EndpointMetrics last;
            RateMeter meter;
            boolean lost;
            try (DeliveryThread delivery = new DeliveryThread("jbroker-bench-events");
                    Endpoint ep = Endpoint.create(config)) {
                boolean[] peeringLost = new boolean[1];
                ep.statusSubscriber()
                        .onMessage(
                                m -> {
                                    err.line(EventLines.event(m));
                                    if (m.topic().equals(Topic.STATUSES) && ended(Status.fromData(m.data()))) {
                                        peeringLost[0] = true;
                                        lifetime.stop();
                                    }
                                },
                                delivery.executor());
                try {
                    if (zeromq) {
                        io.jbroker.zeromq.ZeroMqNode node =
                                new io.jbroker.zeromq.ZeroMqNode(zeromqOptions.config("bench-client"));
                        ep.attach(node);
                        if (!node.awaitReady(Duration.ofSeconds(30))) {
                            throw new BrokerException(ErrorCode.PEER_TIMEOUT, "ZeroMQ node not ready within 30s");
                        }
                        BenchCommand.awaitSubscription(ep, ThroughputWorkload.TOPIC, "no bench server in the cluster");
                    } else {
                        ep.peerBlocking(peer.host(), peer.port(), Duration.ZERO, Duration.ofSeconds(30));
                        BenchCommand.awaitSubscription(ep, ThroughputWorkload.TOPIC, "the peer is no bench server");
                    }
                } catch (BrokerException e) {
                    err.line("jbroker bench client: " + e.getMessage());
                    return 1;
                }
                meter = new RateMeter(sent::get, () -> ep.metrics().bytesOut(), out);
                try (Publisher publisher = ep.publisher(ThroughputWorkload.TOPIC, Duration.ofSeconds(30))) {
                    publish(publisher, messages, sent, lifetime);
                } finally {
                    meter.close();
                }
                lost = !zeromq && (peeringLost[0] || ep.peers().isEmpty());
                if (stopServer && !lost) {
                    ep.publish(ThroughputWorkload.TERMINATE_TOPIC, Data.count(sent.get()));
                }
                last = ep.metrics();
            }
            MetricLines.print(out, last);
            out.line(ProcessUsage.summary("sent", sent.get(), meter, last.dropped()));
            if (lost) {
                err.line("jbroker bench client: the peering with " + peer + " was lost");
                return 1;
            }
        }
        return 0;
    }

    private void checkOptions() {
        if ((peer == null) == !zeromq) {
            throw new ParameterException(
                    spec.commandLine(),
                    zeromq
                            ? "Give --peer or --zeromq, not both"
                            : "Missing required option: '--peer=HOST[:PORT]' (or --zeromq)");
        }
        if (type < 1 || type > 3) {
            throw new ParameterException(spec.commandLine(), "--type must be 1, 2 or 3, got " + type);
        }
        if (pool == null) {
            pool = type == 3 ? 64 : 1024;
        }
        if (rate < 0 || batch < 1 || pool < 1 || stringSize < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--rate must not be negative; --batch and --pool must be positive");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive");
        }
    }

    private static boolean ended(Status s) {
        return s.code() == StatusCode.PEER_LOST || s.code() == StatusCode.PEER_REMOVED;
    }

    /** The pool of messages to cycle through. */
    private Data[] messages() {
        Data[] m = new Data[pool];
        if (stringSize > 0) {
            byte[] chars = new byte[stringSize];
            for (int i = 0; i < pool; i++) {
                Arrays.fill(chars, (byte) ('a' + i % 26));
                m[i] = Data.string(chars.clone());
            }
            return m;
        }
        ThroughputWorkload w = new ThroughputWorkload();
        for (int i = 0; i < pool; i++) {
            m[i] = batch == 1 ? w.event(type) : w.batch(type, batch);
        }
        return m;
    }

    /** Publishes until the duration is over or a stop; with a rate, paced in 1 ms steps. */
    private void publish(Publisher publisher, Data[] messages, AtomicLong sent, Lifetime lifetime)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long n = 0;
        int next = 0;
        while (!lifetime.stopRequested()) {
            long now = System.nanoTime();
            if (now - end >= 0) {
                break;
            }
            long due = rate == 0 ? n + 256 : (long) ((now - start) / 1e9 * rate);
            if (n >= due) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                continue;
            }
            for (long k = Math.min(due - n, 256); k > 0; k--) {
                publisher.publish(messages[next], Duration.ofSeconds(30));
                next = next + 1 == messages.length ? 0 : next + 1;
                n++;
            }
            sent.lazySet(n);
        }
    }
}
