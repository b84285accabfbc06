package io.jbroker.cli;

import io.jbroker.BrokerException;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.kafka.KafkaEventForwarder;
import io.jbroker.kafka.KafkaEvents;
import io.jbroker.kafka.KafkaMetrics;
import io.jbroker.kafka.KafkaSinkConfig;
import io.jbroker.prometheus.JbrokerCollectors;
import io.jbroker.prometheus.MetricsServer;
import io.jbroker.websocket.ZeekWebSocketGateway;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jbroker node}: runs an endpoint that listens and/or peers, prints what it receives and
 * every status and error event, one flushed line each, until a signal or {@code --duration}.
 */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        defaultValueProvider = RetryOption.RetryByDefault.class,
        description = {
            "Runs a Broker node: listens for peers and/or peers with others, subscribes to topics, and prints"
                    + " one line per event until SIGINT/SIGTERM (then it unpeers cleanly with BYE) or --duration.",
            "Output: 'listening on HOST:PORT' first (with the bound port, also for port 0), with --metrics"
                    + " 'metrics on http://HOST:PORT/metrics' next, then"
                    + " '<topic>: <value>' per received message in Broker's text form, and"
                    + " 'status: <code> <peer id> (<host>:<port>): <message>' or"
                    + " 'error: <code> ...: <message>' per status or error event.",
            "With --kafka BOOTSTRAP it also forwards the events on its --topic prefixes to Kafka (topic"
                    + " --kafka-topic, default zeek-events) as JSON v1 data messages keyed by Broker topic, printing"
                    + " 'kafka to BOOTSTRAP topic T' after 'listening on', 'error: kafka ...' for losses and"
                    + " 'kafka: ...' totals at stop. See docs/kafka.md.",
            "Peerings use Broker's anonymous TLS unless --no-tls or certificate options are given."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:stopped by --duration",
            "1:cannot listen or bad configuration",
            "2:usage error",
            ExitStatus.SIGINT,
            ExitStatus.SIGTERM
        })
final class NodeCommand implements Callable<Integer> {
    private final Streams streams;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--listen",
            paramLabel = "HOST[:PORT]",
            converter = HostPort.Converter.class,
            description = "Listen for peers here (port 9999 if left out; 0 picks a free port).")
    HostPort listen;

    @Option(
            names = "--peer",
            paramLabel = "HOST[:PORT]",
            converter = HostPort.Converter.class,
            description = "Peer with this node (port 9999 if left out); repeatable.")
    List<HostPort> peers = new ArrayList<>();

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Subscribe to this topic prefix; repeatable.")
    List<String> topics = new ArrayList<>();

    @Option(
            names = "--forward",
            description = "Relay messages between peers (broker.forward = true) on the topics of --topic: needed for"
                    + " peers such as two pipes to reach each other through this node, which relays only what"
                    + " it subscribes to. Off by default, as Zeek runs Broker.")
    boolean forward;

    @Mixin
    RetryOption retry;

    @Mixin
    StopOption stop;

    @Option(
            names = "--metrics-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Print 'metrics:' lines (the endpoint's totals, each peer, each subscriber) this often,"
                    + " and once more when stopping.")
    Duration metricsInterval;

    @Option(
            names = "--format",
            paramLabel = "text|json",
            defaultValue = "text",
            description = "Output: 'TOPIC: value' lines (text), or one JSON object per line (json):"
                    + " {\"topic\":T,\"sender\":null,\"data\":<JSON v1 value>} per message and"
                    + " {\"status\":...} / {\"error\":...} per event. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(
            names = "--websocket",
            paramLabel = "HOST:PORT",
            converter = HostPort.Converter.class,
            description = "Also serve Zeek's WebSocket API (ws://HOST:PORT/v1/messages/json) for this node.")
    HostPort websocket;

    @Mixin
    EndpointOptions endpoint;

    @Mixin
    MetricsOption metrics;

    @Mixin
    KafkaOptions kafka;

    NodeCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    @SuppressWarnings("try") // the metrics server is only closed, never referenced
    public Integer call() throws InterruptedException, IOException {
        if (listen == null && peers.isEmpty() && websocket == null) {
            throw new ParameterException(spec.commandLine(), "Give --listen, --peer or both, or --websocket");
        }
        KafkaSinkConfig kafkaConfig;
        try {
            kafkaConfig = kafka.config("zeek-events");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--kafka...: " + e.getMessage());
        }
        if (kafkaConfig != null && topics.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--kafka forwards the --topic prefixes: give --topic");
        }
        EndpointConfig config = endpoint.buildOrReport(b -> {
            if (forward) {
                b.forwarding(true);
            }
        });
        if (config == null) {
            return 1;
        }
        LineOutput out = new LineOutput(streams.out());
        LineOutput err = new LineOutput(streams.err());
        try (Lifetime lifetime = new Lifetime("jbroker-node");
                DeliveryThread delivery = new DeliveryThread("jbroker-node-output");
                Endpoint ep = Endpoint.create(config)) {
            Subscriber events = ep.statusSubscriber();
            Subscriber data = topics.isEmpty() ? null : ep.subscribe(topics);
            if (listen != null) {
                int port;
                try {
                    port = ep.listen(listen.host(), listen.port());
                } catch (BrokerException e) {
                    err.line("jbroker node: " + e.getMessage());
                    return 1;
                }
                out.line("listening on " + listen.withPort(port)); // in both formats
            }
            ZeekWebSocketGateway gateway = null;
            if (websocket != null) {
                try {
                    gateway = ZeekWebSocketGateway.start(ep, websocket.host(), websocket.port());
                } catch (RuntimeException e) {
                    err.line("jbroker node: cannot serve WebSocket on " + websocket + ": " + e);
                    return 1;
                }
                out.line("websocket on " + websocket.withPort(gateway.port()));
            }
            boolean json = format == OutputFormat.json;
            KafkaEventForwarder forwarder = null;
            if (kafkaConfig != null) {
                try {
                    forwarder = KafkaEventForwarder.start(ep.subscribe(topics), kafkaConfig, kafkaLines(out, json));
                } catch (RuntimeException e) {
                    err.line("jbroker node: cannot forward to Kafka: " + e.getMessage());
                    return 1;
                }
                out.line(KafkaOptions.line(kafkaConfig));
            }
            KafkaEventForwarder metered = forwarder;
            ZeekWebSocketGateway served = gateway;
            try (MetricsServer scraped = metrics.start(out, r -> {
                if (served == null) {
                    JbrokerCollectors.register(ep, r);
                } else {
                    JbrokerCollectors.register(ep, r, () -> served.metrics().clients());
                    JbrokerCollectors.registerWebSocketGateway(served, r);
                }
                if (metered != null) {
                    KafkaMetrics.register(r, Map.of("events", metered::stats));
                }
            })) {
                events.onMessage(
                        m -> out.line(json ? JsonLines.eventLine(EventLines.event(m)) : EventLines.event(m)),
                        delivery.executor());
                if (data != null) {
                    data.onMessage(
                            m -> out.line(
                                    json
                                            ? JsonLines.event(m.topic().toString(), null, m.data())
                                            : EventLines.message(m)),
                            delivery.executor());
                }
                for (HostPort p : peers) {
                    ep.peer(p.host(), p.port(), retry.interval());
                }
                if (metricsInterval != null && !metricsInterval.isZero()) {
                    delivery.every(metricsInterval, () -> MetricLines.print(out, ep.metrics()));
                }
                lifetime.awaitStop(stop.limit());
                if (metricsInterval != null) {
                    MetricLines.print(out, ep.metrics());
                }
            } finally {
                if (gateway != null) {
                    gateway.close(); // clients get 1001 "Terminating", as from Zeek
                }
                if (forwarder != null) {
                    forwarder.close(); // what it took is acknowledged by Kafka or reported
                    out.line(KafkaOptions.totals(forwarder.stats()));
                }
            }
            // Leaving the block closes the metrics server, the endpoint (BYE to every peer), then the output.
        }
        return 0;
    }

    private static KafkaEvents kafkaLines(LineOutput out, boolean json) {
        return new KafkaEvents() {
            @Override
            public void dropped(String source, long records, String reason) {
                line("error: kafka dropped " + records + " events (" + source + "): " + reason);
            }

            @Override
            public void failed(String source, long records, String reason) {
                line("error: kafka failed " + records + " events of " + source + ": " + reason);
            }

            private void line(String text) {
                out.line(json ? JsonLines.eventLine(text) : text);
            }
        };
    }
}
