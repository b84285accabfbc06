package io.jbroker.cli;

import io.jbroker.BrokerException;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.kafka.KafkaLogSink;
import io.jbroker.kafka.KafkaMetrics;
import io.jbroker.kafka.KafkaSinkConfig;
import io.jbroker.logger.BrokerLogReceiver;
import io.jbroker.logger.LogDirectoryWriter;
import io.jbroker.logger.LogEvents;
import io.jbroker.logger.LogOutput;
import io.jbroker.logger.LogSink;
import io.jbroker.logger.LogWriterConfig;
import io.jbroker.logger.LogWriterStats;
import io.jbroker.logger.ZmqLogReceiver;
import io.jbroker.prometheus.JbrokerCollectors;
import io.jbroker.prometheus.MetricsServer;
import io.jbroker.zeek.log.JsonFormat;
import java.io.IOException;
import java.nio.file.Path;
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
 * {@code jbroker logger}: a Zeek logger node. Takes log writes from Broker peers ({@code --listen})
 * and/or ZeroMQ PUSH senders ({@code --pull}) and writes Zeek's log files into a directory and/or
 * the records as JSON into Kafka ({@code --kafka}) until a signal or {@code --duration}; then
 * flushes and closes every file with its footer and waits for Kafka's acknowledgements.
 */
@Command(
        name = "logger",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Runs a Zeek logger: accepts Broker peers (--listen, subscribing to zeek/logs/) and/or binds the"
                    + " ZeroMQ log socket of a Zeek cluster (--pull), and writes Zeek's ASCII or JSON log files"
                    + " (conn.log, ...) into --dir until SIGINT/SIGTERM or --duration, then closes every file"
                    + " with its footer. With --kafka each record also goes to Kafka as one JSON object (the JSON"
                    + " files' line with \"_path\" first); with --kafka and no --dir, to Kafka only.",
            "Output: 'logging to DIR' first, then 'listening on HOST:PORT' and 'pulling on URL' for the bound"
                    + " sockets, then one line per file: 'opened FILE', 'rotated FILE -> FILE', 'closed FILE';"
                    + " problems as 'rejected PATH N: reason', 'dropped PATH N: reason', 'malformed SOURCE: reason';"
                    + " 'kafka to BOOTSTRAP topic PATTERN' with --kafka, 'metrics on URL' with --metrics;"
                    + " 'kafka: ...' and 'stopped: ...' with the totals last."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped by signal or --duration", "1:cannot listen, bind or write", "2:usage error"})
final class LoggerCommand implements Callable<Integer> {
    private final Streams streams;
    Map<String, String> env = System.getenv();

    @Spec
    CommandSpec spec;

    @Option(
            names = "--listen",
            paramLabel = "HOST[:PORT]",
            converter = HostPort.Converter.class,
            description = "Accept Broker peers here (port 9999 if left out; 0 picks a free port).")
    HostPort listen;

    @Option(
            names = "--pull",
            paramLabel = "URL",
            description = "Bind the ZeroMQ PULL log socket here, e.g. tcp://127.0.0.1:27761 (port * picks a free one).")
    String pull;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Write the log files here (created if missing). Default: the current directory, or no"
                    + " files with --kafka.")
    Path dir;

    @Option(
            names = "--format",
            paramLabel = "tsv|json",
            defaultValue = "tsv",
            description =
                    "Zeek's ASCII (tsv, with # header) or JSON (LogAscii::use_json) files. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(
            names = "--json-timestamps",
            paramLabel = "epoch|iso8601|millis",
            defaultValue = "epoch",
            description = "How JSON files write time values (LogAscii::json_timestamps). Default: ${DEFAULT-VALUE}.")
    String jsonTimestamps;

    @Option(
            names = "--rotate",
            paramLabel = "INTERVAL",
            converter = DurationConverter.class,
            description = "Rotate every file at multiples of this interval (like 1h, 10min) into"
                    + " PATH.yyyy-MM-dd-HH-mm-ss.log, named by its open time.")
    Duration rotate;

    @Option(
            names = "--queue",
            paramLabel = "RECORDS",
            defaultValue = "100000",
            description =
                    "Records buffered per writer thread before the senders are held back. Default: ${DEFAULT-VALUE}.")
    int queue;

    @Option(
            names = "--stall-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Drop (and count) a batch after the writer made no progress for this long."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration stallTimeout;

    @Mixin
    StopOption stop;

    @Option(
            names = "--kafka-key",
            paramLabel = "FIELD",
            description = "Key the Kafka records by this log field (like uid; its value as text), or by _path."
                    + " Default: no key.")
    String kafkaKey;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    EndpointOptions endpoint;

    @Mixin
    MetricsOption metrics;

    LoggerCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    @SuppressWarnings("try") // the metrics server is only closed, never referenced
    public Integer call() throws InterruptedException {
        if (listen == null && pull == null) {
            throw new ParameterException(spec.commandLine(), "Give --listen, --pull or both");
        }
        LogOutput output =
                switch (format) {
                    case "tsv" -> LogOutput.TSV;
                    case "json" -> LogOutput.JSON;
                    default ->
                        throw new ParameterException(spec.commandLine(), "--format must be tsv or json, not " + format);
                };
        JsonFormat.Timestamps ts =
                switch (jsonTimestamps) {
                    case "epoch" -> JsonFormat.Timestamps.EPOCH;
                    case "iso8601" -> JsonFormat.Timestamps.ISO8601;
                    case "millis" -> JsonFormat.Timestamps.MILLIS;
                    default ->
                        throw new ParameterException(
                                spec.commandLine(),
                                "--json-timestamps must be epoch, iso8601 or millis, not " + jsonTimestamps);
                };
        if (queue < 1) {
            throw new ParameterException(spec.commandLine(), "--queue must be positive");
        }
        KafkaSinkConfig kafkaConfig;
        try {
            kafkaConfig = kafka.config(KafkaSinkConfig.DEFAULT_LOG_TOPIC);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--kafka...: " + e.getMessage());
        }
        if (kafkaConfig != null) {
            kafkaConfig = kafkaConfig.withKey(kafkaKey).withJson(new JsonFormat(ts, false));
        } else if (kafkaKey != null) {
            throw new ParameterException(spec.commandLine(), "--kafka-key needs --kafka");
        }
        Path files = dir != null ? dir : kafkaConfig == null ? Path.of(".") : null;
        EndpointConfig config = listen == null ? null : endpoint.buildOrReport(spec, b -> {}, env);
        if (listen != null && config == null) {
            return 1;
        }
        LineOutput out = new LineOutput(streams.out());
        LineOutput err = new LineOutput(streams.err());
        LogWriterConfig wc = files == null
                ? null
                : LogWriterConfig.defaults(files)
                        .withOutput(output)
                        .withJson(new JsonFormat(ts, false))
                        .withRotationInterval(rotate == null ? Duration.ZERO : rotate)
                        .withQueue(queue, stallTimeout);
        LogEvents events = lines(out);
        try (Lifetime lifetime = new Lifetime("jbroker-logger")) {
            LogDirectoryWriter writer = null;
            if (wc != null) {
                try {
                    writer = new LogDirectoryWriter(wc, events);
                } catch (IOException e) {
                    err.line("jbroker logger: cannot use " + files + ": " + e);
                    return 1;
                }
                out.line("logging to " + files);
            }
            KafkaLogSink kafkaSink = null;
            if (kafkaConfig != null) {
                try {
                    kafkaSink = KafkaLogSink.start(kafkaConfig, events);
                } catch (RuntimeException e) {
                    if (writer != null) {
                        writer.close();
                    }
                    err.line("jbroker logger: cannot start the Kafka producer: " + e.getMessage());
                    return 1;
                }
                out.line(KafkaOptions.line(kafkaConfig));
            }
            List<LogSink> sinks = new ArrayList<>();
            if (writer != null) {
                sinks.add(writer);
            }
            if (kafkaSink != null) {
                sinks.add(kafkaSink);
            }
            LogSink sink = LogSink.all(sinks);
            ZmqLogReceiver zmq = null;
            BrokerLogReceiver broker = null;
            Endpoint ep = null;
            try {
                if (pull != null) {
                    try {
                        zmq = ZmqLogReceiver.bind(sink, events, pull);
                    } catch (IllegalArgumentException e) {
                        err.line("jbroker logger: " + e.getMessage());
                        return 1;
                    }
                    out.line("pulling on " + zmq.endpoint());
                }
                if (listen != null) {
                    ep = Endpoint.create(config);
                    broker = BrokerLogReceiver.start(ep, sink, events);
                    try {
                        int port = ep.listen(listen.host(), listen.port());
                        out.line("listening on " + listen.withPort(port));
                    } catch (BrokerException e) {
                        err.line("jbroker logger: " + e.getMessage());
                        return 1;
                    }
                }
                Endpoint metered = ep;
                KafkaLogSink metered2 = kafkaSink;
                ZmqLogReceiver zmqMetered = zmq;
                BrokerLogReceiver brokerMetered = broker;
                LogDirectoryWriter meteredFiles = writer;
                try (MetricsServer served = metrics.start(out, registry -> {
                    if (metered != null) {
                        JbrokerCollectors.register(metered, registry);
                    }
                    if (meteredFiles != null) {
                        JbrokerCollectors.registerLogWriter(
                                meteredFiles,
                                zmqMetered == null ? null : zmqMetered::malformedCount,
                                brokerMetered == null ? null : brokerMetered::malformedCount,
                                registry);
                    }
                    if (metered2 != null) {
                        KafkaMetrics.register(registry, Map.of("logs", metered2::stats));
                    }
                })) {
                    lifetime.awaitStop(stop.limit());
                } catch (IOException e) {
                    err.line("jbroker logger: " + e.getMessage());
                    return 1;
                }
            } finally {
                // Receivers first (nothing new comes in), then the writer writes the rest and closes the files.
                if (zmq != null) {
                    zmq.close();
                }
                if (broker != null) {
                    broker.close();
                }
                if (ep != null) {
                    ep.close();
                }
                sink.close();
                if (kafkaSink != null) {
                    out.line(KafkaOptions.totals(kafkaSink.stats()));
                }
                LogWriterStats s = writer != null ? writer.stats() : LogWriterStats.NONE;
                out.line("stopped: written=" + s.recordsWritten() + " dropped=" + s.recordsDropped() + " rejected="
                        + s.recordsRejected() + " malformed="
                        + ((zmq == null ? 0 : zmq.malformedCount()) + (broker == null ? 0 : broker.malformedCount())));
            }
        }
        return 0;
    }

    private static LogEvents lines(LineOutput out) {
        return new LogEvents() {
            @Override
            public void opened(String path, Path file) {
                out.line("opened " + file);
            }

            @Override
            public void rotated(String path, Path file, Path rotatedTo) {
                out.line("rotated " + file + " -> " + rotatedTo);
            }

            @Override
            public void closed(String path, Path file) {
                out.line("closed " + file);
            }

            @Override
            public void rejected(String path, long records, String reason) {
                out.line("rejected " + path + " " + records + ": " + reason);
            }

            @Override
            public void dropped(String path, long records, String reason) {
                out.line("dropped " + path + " " + records + ": " + reason);
            }

            @Override
            public void malformed(String source, String reason) {
                out.line("malformed " + source + ": " + reason);
            }

            @Override
            public void error(String path, Path file, Exception cause) {
                out.line("error " + file + ": " + cause);
            }
        };
    }
}
