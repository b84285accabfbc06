package io.jbroker.cli;

import io.jbroker.DataMessage;
import io.jbroker.data.Data;
import io.jbroker.data.DecodeException;
import io.jbroker.data.JsonFormat;
import io.jbroker.data.TextFormat;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Publisher;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.kafka.KafkaEventForwarder;
import io.jbroker.kafka.KafkaEvents;
import io.jbroker.kafka.KafkaMetrics;
import io.jbroker.kafka.KafkaSinkConfig;
import io.jbroker.prometheus.JbrokerCollectors;
import io.jbroker.prometheus.MetricsServer;
import io.jbroker.zeek.Event;
import io.jbroker.zeromq.ClusterMember;
import io.jbroker.zeromq.EventFormat;
import io.jbroker.zeromq.Hello;
import io.jbroker.zeromq.Membership;
import io.jbroker.zeromq.NodeType;
import io.jbroker.zeromq.ZeroMqEvent;
import io.jbroker.zeromq.ZeroMqNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jbroker zeromq node}: a Zeek ZeroMQ cluster node that prints what it receives on its
 * topics, or publishes JSON v1 values read from standard input.
 */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Joins a Zeek cluster's ZeroMQ proxy as a node. Output: 'ready <node id>' once it may publish"
                    + " (Zeek's ready-to-publish rule), then one line per event received on a --topic prefix:"
                    + " 'TOPIC: value' in Broker's text form, or with --format json"
                    + " {\"topic\":T,\"sender\":ID,\"data\":<JSON v1 value>}. Status and error events go to"
                    + " standard error.",
            "With --publish TOPIC it reads one JSON v1 value per line from standard input (like"
                    + " {\"@data-type\":\"count\",\"data\":42}), publishes each on TOPIC and exits once the last"
                    + " one has been handed to the socket. Otherwise it runs until SIGINT/SIGTERM or --duration.",
            "With --kafka BOOTSTRAP the events on the --topic prefixes also go to Kafka (topic --kafka-topic,"
                    + " default zeek-events) as JSON v1 data messages keyed by topic: 'kafka to BOOTSTRAP topic T'"
                    + " after 'ready', losses as 'error: kafka ...' on standard error, 'kafka: ...' totals at stop."
                    + " See docs/kafka.md."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:stopped, or all input published",
            "1:not ready in time, a bad input line, or input that could not be read",
            "2:usage error"
        })
final class ZeroMqNodeCommand implements Callable<Integer> {
    private final Streams streams;

    @Spec
    CommandSpec spec;

    @Mixin
    ZeroMqOptions zeromq;

    @Mixin
    KafkaOptions kafka;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            defaultValue = "jbroker",
            description = "Node name, part of the node id zeromq_<name>_<host>_<pid>_<uid>. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--topic", paramLabel = "PREFIX", description = "Print events on this topic prefix; repeatable.")
    List<String> topics = new ArrayList<>();

    @Option(names = "--publish", paramLabel = "TOPIC", description = "Publish JSON v1 values from standard input.")
    String publish;

    @Option(
            names = "--format",
            paramLabel = "text|json",
            defaultValue = "text",
            description = "Output of received events. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(
            names = "--event-format",
            paramLabel = "FORMAT",
            defaultValue = "broker-bin-v1",
            description = "Serializer for sending: broker-bin-v1 or broker-json-v1 (both accepted on receipt)."
                    + " Default: ${DEFAULT-VALUE}.")
    String eventFormat;

    @Option(
            names = "--ready-timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Give up if not ready to publish within this long. Default: ${DEFAULT-VALUE}.")
    Duration readyTimeout;

    @Mixin
    StopOption stop;

    @Mixin
    MetricsOption metrics;

    @Option(
            names = "--member",
            paramLabel = "TYPE",
            description = "Take part in the cluster as a node of this type (manager, logger, proxy, worker): subscribe"
                    + " to the node's topics and do Zeek's hello exchange, so a Zeek manager that lists --name in"
                    + " its layout raises Cluster::node_up; other nodes coming and going are printed as"
                    + " 'status: node_up NAME ID' / 'status: node_down NAME ID' on standard error.")
    String member;

    ZeroMqNodeCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    @SuppressWarnings("try") // the metrics server is only closed, never referenced
    public Integer call() throws InterruptedException, IOException {
        EventFormat sendFormat;
        try {
            sendFormat = EventFormat.parse(eventFormat);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        KafkaSinkConfig kafkaConfig;
        try {
            kafkaConfig = kafka.config("zeek-events");
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--kafka...: " + e.getMessage());
        }
        if (kafkaConfig != null && topics.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--kafka forwards the --topic prefixes: give --topic");
        }
        NodeType type = null;
        if (member != null) {
            try {
                type = NodeType.valueOf(member.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--member must be manager, logger, proxy or worker, got " + member);
            }
        }
        NodeType memberType = type;
        LineOutput out = new LineOutput(streams.out());
        LineOutput err = new LineOutput(streams.err());
        ZeroMqNode node = new ZeroMqNode(zeromq.config(name).withFormat(sendFormat));
        try (Lifetime lifetime = new Lifetime("jbroker-zeromq-node");
                DeliveryThread delivery = new DeliveryThread("jbroker-zeromq-node-events");
                Endpoint ep =
                        Endpoint.create(EndpointConfig.builder().ioThreads(1).build())) {
            Subscriber events = ep.statusSubscriber();
            events.onMessage(m -> err.line(EventLines.event(m)), delivery.executor());
            // Written on the node's I/O thread: a slow reader of our output holds back reading
            // (bounded by the receive HWM) instead of filling memory.
            node.onReceive(e -> {
                if (memberType == null || !isHello(e)) { // the membership exchange is reported as status lines
                    out.line(line(e));
                }
            });
            if (!topics.isEmpty()) {
                ep.forward(topics.toArray(String[]::new));
            }
            if (memberType != null) {
                // Lives as long as the endpoint; closing the endpoint ends it.
                ClusterMember.join(ep, node, memberType, n -> true, a -> err.line(memberLine(a)));
            }
            ep.attach(node);
            if (!node.awaitReady(readyTimeout)) {
                err.line("jbroker zeromq node: not ready to publish within " + readyTimeout + " (is the proxy at "
                        + zeromq.connectXsub + " / " + zeromq.connectXpub + " running?)");
                return 1;
            }
            out.line("ready " + node.nodeId());
            if (publish != null) {
                return publishInput(ep, node, err);
            }
            KafkaEventForwarder forwarder = null;
            if (kafkaConfig != null) {
                try {
                    forwarder = KafkaEventForwarder.start(ep.subscribe(topics), kafkaConfig, kafkaLines(err));
                } catch (RuntimeException e) {
                    err.line("jbroker zeromq node: cannot forward to Kafka: " + e.getMessage());
                    return 1;
                }
                out.line(KafkaOptions.line(kafkaConfig));
            }
            KafkaEventForwarder metered = forwarder;
            try (MetricsServer served = metrics.start(out, r -> {
                JbrokerCollectors.register(ep, r);
                JbrokerCollectors.registerZeroMqNode(node, r);
                if (metered != null) {
                    KafkaMetrics.register(r, Map.of("events", metered::stats));
                }
            })) {
                lifetime.awaitStop(stop.limit());
            } finally {
                if (forwarder != null) {
                    forwarder.close(); // what it took is acknowledged by Kafka or reported
                    out.line(KafkaOptions.totals(forwarder.stats()));
                }
            }
        }
        return 0;
    }

    private static boolean isHello(ZeroMqEvent e) {
        return Event.from(e.data()).flatMap(Hello::from).isPresent();
    }

    private static String memberLine(Membership.Action a) {
        if (a instanceof Membership.NodeUp) {
            Membership.NodeUp u = (Membership.NodeUp) a;
            return "status: node_up " + u.name() + " " + u.id();
        }
        if (a instanceof Membership.NodeDown) {
            Membership.NodeDown d = (Membership.NodeDown) a;
            return "status: node_down " + d.name() + " " + d.id();
        }
        return "warning: " + ((Membership.Warning) a).text();
    }

    private byte[][] line(ZeroMqEvent e) {
        if (format == OutputFormat.json) {
            return JsonLines.event(e.topic().toString(), e.sender(), e.data());
        }
        return EventLines.message(new DataMessage(e.topic(), e.data()));
    }

    private int publishInput(Endpoint ep, ZeroMqNode node, LineOutput err) throws InterruptedException {
        LineReader lines = new LineReader(streams.in());
        int status = 0;
        long n = 0;
        try (Publisher p = ep.publisher(publish, Duration.ofSeconds(30))) {
            while (lines.next()) {
                n++;
                if (lines.isOverlong()) {
                    err.line("jbroker zeromq node: line " + n + " too long, skipped");
                    status = 1;
                    continue;
                }
                byte[] json = Arrays.copyOf(lines.bytes(), lines.length());
                if (isBlank(json)) {
                    continue;
                }
                Data value;
                try {
                    value = JsonFormat.decode(json);
                } catch (DecodeException e) {
                    err.line("jbroker zeromq node: line " + n + " is not a JSON v1 value: " + e.getMessage());
                    status = 1;
                    continue;
                }
                if (!p.publish(value, Duration.ofSeconds(30))) {
                    err.line("jbroker zeromq node: line " + n + " (" + TextFormat.toText(value)
                            + "): no room in time, the overflow policy applied");
                    status = 1;
                }
            }
        } catch (IOException e) {
            err.line("jbroker zeromq node: cannot read standard input: " + e);
            return 1;
        }
        if (!node.awaitDrained(Duration.ofSeconds(30))) {
            err.line("jbroker zeromq node: not everything was handed to the socket within 30s");
            return 1;
        }
        return status;
    }

    private static boolean isBlank(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).isBlank();
    }

    private static KafkaEvents kafkaLines(LineOutput err) {
        return new KafkaEvents() {
            @Override
            public void dropped(String source, long records, String reason) {
                err.line("error: kafka dropped " + records + " events (" + source + "): " + reason);
            }

            @Override
            public void failed(String source, long records, String reason) {
                err.line("error: kafka failed " + records + " events of " + source + ": " + reason);
            }
        };
    }
}
