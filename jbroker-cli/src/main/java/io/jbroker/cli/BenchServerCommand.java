package io.jbroker.cli;

import io.jbroker.BrokerException;
import io.jbroker.DataMessage;
import io.jbroker.data.Data;
import io.jbroker.data.VectorValue;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.EndpointMetrics;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.prometheus.MetricsServer;
import io.jbroker.zeek.internal.workload.ThroughputWorkload;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jbroker bench server}: listens, subscribes to {@code /benchmark/events}, counts the
 * messages it receives (a batch counts once, as upstream counts), prints their rate every second,
 * and answers the latency probe's pings. Stops after {@code --duration}, on a signal, or on any
 * message on {@code /benchmark/terminate} (as upstream's server does).
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Counts the messages published on /benchmark/events by bench clients (jbroker's or upstream's"
                    + " broker-throughput) and prints the rate once per second; answers bench latency probes.",
            "Output: 'listening on HOST:PORT', with --metrics 'metrics on http://HOST:PORT/metrics',"
                    + " then 'rate: N events/s (M MB/s)' per second, 'metrics:' lines,"
                    + " and last 'summary: received=N rate=R mb_per_s=M cpu_s=C peak_rss_mb=P dropped=D'."
                    + " Status events go to standard error."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:stopped by --duration or a message on /benchmark/terminate",
            "1:cannot listen or bad configuration",
            "2:usage error",
            ExitStatus.SIGINT,
            ExitStatus.SIGTERM
        })
final class BenchServerCommand implements Callable<Integer> {
    private final Streams streams;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--zeromq",
            description = "Join a ZeroMQ cluster's proxy (--connect-xsub, --connect-xpub) instead of listening for"
                    + " Broker peers; prints 'ready <node id>' instead of 'listening on'.")
    boolean zeromq;

    @Mixin
    ZeroMqOptions zeromqOptions;

    @Option(
            names = "--listen",
            paramLabel = "HOST[:PORT]",
            converter = HostPort.Converter.class,
            description = "Listen here (port 9999 if left out; 0 picks a free port).")
    HostPort listen;

    @Mixin
    StopOption stop;

    @Mixin
    EndpointOptions endpoint;

    @Mixin
    MetricsOption metrics;

    BenchServerCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    @SuppressWarnings("try") // the metrics server is only closed, never referenced
    public Integer call() throws InterruptedException, IOException {
        if ((listen == null) == !zeromq) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    zeromq
                            ? "Give --listen or --zeromq, not both"
                            : "Missing required option: '--listen=HOST[:PORT]' (or --zeromq)");
        }
        EndpointConfig config = endpoint.buildOrReport();
        if (config == null) {
            return 1;
        }
        LineOutput out = new LineOutput(streams.out());
        LineOutput err = new LineOutput(streams.err());
        AtomicLong received = new AtomicLong();
        // The lifetime outlasts the endpoint: a signal waits until the summary is printed.
        try (Lifetime lifetime = new Lifetime("jbroker-bench-server")) {
            EndpointMetrics last;
            RateMeter meter;
            try (DeliveryThread delivery = new DeliveryThread("jbroker-bench-events");
                    Endpoint ep = Endpoint.create(config)) {
                ep.statusSubscriber().onMessage(m -> err.line(EventLines.event(m)), delivery.executor());
                Subscriber events = ep.subscribe(ThroughputWorkload.TOPIC);
                ep.subscribe(ThroughputWorkload.TERMINATE_TOPIC).onMessage(m -> lifetime.stop(), delivery.executor());
                // The echo runs on the I/O thread that received the ping: no thread hand-off in the loop.
                ep.subscribe(BenchCommand.PING_TOPIC).onMessage(m -> echo(ep, m), Runnable::run);
                if (zeromq) {
                    io.jbroker.zeromq.ZeroMqNode node =
                            new io.jbroker.zeromq.ZeroMqNode(zeromqOptions.config("bench-server"));
                    ep.attach(node);
                    if (!node.awaitReady(Duration.ofSeconds(30))) {
                        err.line("jbroker bench server: ZeroMQ node not ready within 30s");
                        return 1;
                    }
                    out.line("ready " + node.nodeId());
                } else {
                    int port;
                    try {
                        port = ep.listen(listen.host(), listen.port());
                    } catch (BrokerException e) {
                        err.line("jbroker bench server: " + e.getMessage());
                        return 1;
                    }
                    out.line("listening on " + listen.withPort(port));
                }
                try (MetricsServer served = metrics.start(out, ep)) {
                    Thread counter = new Thread(() -> count(events, received, lifetime), "jbroker-bench-counter");
                    counter.setDaemon(true);
                    counter.start();
                    meter = new RateMeter(received::get, () -> ep.metrics().bytesIn(), out);
                    try {
                        lifetime.awaitStop(stop.limit());
                    } finally {
                        meter.close();
                        lifetime.stop();
                        counter.join(2000);
                    }
                    // What arrived before the stop and is still queued counts too.
                    for (List<DataMessage> rest; !(rest = events.poll(4096)).isEmpty(); ) {
                        received.addAndGet(rest.size());
                    }
                    last = ep.metrics();
                }
            }
            MetricLines.print(out, last);
            out.line(ProcessUsage.summary("received", received.get(), meter, last.dropped()));
        }
        return 0;
    }

    /** Takes messages in batches until a stop; the counter is what the rate meter samples. */
    private static void count(Subscriber events, AtomicLong received, Lifetime lifetime) {
        long n = 0;
        try {
            while (!lifetime.stopRequested()) {
                List<DataMessage> batch = events.get(4096, Duration.ofMillis(100));
                n += batch.size();
                received.lazySet(n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers {@code ping(args...)} with {@code pong(args...)} on the pong topic. */
    private static void echo(Endpoint ep, DataMessage m) {
        if (m.data() instanceof VectorValue && ((VectorValue) m.data()).size() == 3) {
            Data content = ((VectorValue) m.data()).get(2);
            if (content instanceof VectorValue && ((VectorValue) content).size() == 2) {
                Data args = ((VectorValue) content).get(1);
                if (args instanceof VectorValue) {
                    ep.publish(
                            BenchCommand.PONG_TOPIC,
                            ThroughputWorkload.zeekEvent("pong", ((VectorValue) args).asList()));
                }
            }
        }
    }
}
