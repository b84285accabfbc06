package io.jbroker.cli;

import io.jbroker.BrokerException;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.prometheus.JbrokerCollectors;
import io.jbroker.prometheus.MetricsServer;
import io.jbroker.zeromq.ZeroMqNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jbroker bridge}: one endpoint that listens for Broker peers and is a node of a ZeroMQ
 * cluster, relaying the --topic prefixes between them both ways.
 */
@Command(
        name = "bridge",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Relays between Broker peers (older Zeek, Broker's Python bindings, jbroker nodes) and a Zeek"
                    + " cluster on the ZeroMQ backend: events on a --topic prefix published on either side reach"
                    + " the other, once (nothing goes back where it came from).",
            "Output: 'listening on HOST:PORT', then 'ready <node id>' once the ZeroMQ node may publish, then"
                    + " status and error events, until SIGINT/SIGTERM or --duration.",
            "Peerings use Broker's anonymous TLS unless --no-tls or certificate options are given."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped", "1:cannot listen, not ready in time, or bad configuration", "2:usage error"})
final class BridgeCommand implements Callable<Integer> {
    private final Streams streams;
    Map<String, String> env = System.getenv();

    @Spec
    CommandSpec spec;

    @Option(
            names = "--listen",
            required = true,
            paramLabel = "HOST[:PORT]",
            converter = HostPort.Converter.class,
            description = "Listen for Broker peers here (port 9999 if left out; 0 picks a free port).")
    HostPort listen;

    @Option(
            names = "--peer",
            paramLabel = "HOST[:PORT]",
            converter = HostPort.Converter.class,
            description = "Also peer with this Broker node; repeatable.")
    List<HostPort> peers = new ArrayList<>();

    @Option(
            names = "--topic",
            required = true,
            paramLabel = "PREFIX",
            description = "Relay this topic prefix both ways; repeatable.")
    List<String> topics = new ArrayList<>();

    @Option(
            names = "--name",
            paramLabel = "NAME",
            defaultValue = "bridge",
            description = "ZeroMQ node name. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(
            names = "--ready-timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Give up if the ZeroMQ node is not ready within this long. Default: ${DEFAULT-VALUE}.")
    Duration readyTimeout;

    @Mixin
    StopOption stop;

    @Mixin
    ZeroMqOptions zeromq;

    @Mixin
    EndpointOptions endpoint;

    @Mixin
    MetricsOption metrics;

    BridgeCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    @SuppressWarnings("try") // the metrics server is only closed, never referenced
    public Integer call() throws InterruptedException, IOException {
        EndpointConfig config = endpoint.buildOrReport(spec, b -> b.forwarding(true), env);
        if (config == null) {
            return 1;
        }
        LineOutput out = new LineOutput(streams.out());
        LineOutput err = new LineOutput(streams.err());
        try (Lifetime lifetime = new Lifetime("jbroker-bridge");
                DeliveryThread delivery = new DeliveryThread("jbroker-bridge-output");
                Endpoint ep = Endpoint.create(config)) {
            Subscriber events = ep.statusSubscriber();
            int port;
            try {
                port = ep.listen(listen.host(), listen.port());
            } catch (BrokerException e) {
                err.line("jbroker bridge: " + e.getMessage());
                return 1;
            }
            out.line("listening on " + listen.withPort(port));
            events.onMessage(m -> out.line(EventLines.event(m)), delivery.executor());
            ep.forward(topics.toArray(String[]::new));
            ZeroMqNode node = new ZeroMqNode(zeromq.config(name));
            ep.attach(node);
            if (!node.awaitReady(readyTimeout)) {
                err.line("jbroker bridge: ZeroMQ node not ready within " + readyTimeout + " (is the proxy at "
                        + zeromq.connectXsub + " / " + zeromq.connectXpub + " running?)");
                return 1;
            }
            out.line("ready " + node.nodeId());
            try (MetricsServer served = metrics.start(out, r -> {
                JbrokerCollectors.register(ep, r);
                JbrokerCollectors.registerZeroMqNode(node, r);
            })) {
                return run(ep, lifetime);
            }
        }
    }

    private int run(Endpoint ep, Lifetime lifetime) throws InterruptedException {
        for (HostPort p : peers) {
            ep.peer(p.host(), p.port(), Duration.ofSeconds(10));
        }
        lifetime.awaitStop(stop.limit());
        return 0;
    }
}
