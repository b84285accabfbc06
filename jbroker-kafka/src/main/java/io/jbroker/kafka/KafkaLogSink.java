package io.jbroker.kafka;

import io.jbroker.kafka.internal.LogRecordJson;
import io.jbroker.kafka.internal.ProducerPipe;
import io.jbroker.logger.LogEvents;
import io.jbroker.logger.LogSink;
import io.jbroker.zeek.LogField;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes Zeek log records into Kafka, one Kafka record per log record: its value is the JSON
 * writer's line ({@link io.jbroker.zeek.log.JsonFormat}, as {@code LogAscii::use_json=T} writes it)
 * with {@code "_path":"<path>"} as first member, its topic {@link KafkaSinkConfig#topic()} with
 * {@code {path}} replaced, its key as {@link KafkaSinkConfig#key()} says. A {@link LogSink}: plug it
 * into a {@link io.jbroker.logger.ZmqLogReceiver} or {@link io.jbroker.logger.BrokerLogReceiver},
 * alone or beside a {@link io.jbroker.logger.LogDirectoryWriter} ({@link LogSink#all}).
 *
 * <pre>{@code
 * try (KafkaLogSink kafka = KafkaLogSink.start(KafkaSinkConfig.defaults("127.0.0.1:9092"), LogEvents.NONE);
 *         ZmqLogReceiver pull = ZmqLogReceiver.bind(kafka, LogEvents.NONE, "tcp://127.0.0.1:27761")) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Delivery: an idempotent producer with {@code acks=all} (unless overridden), so Kafka keeps
 * each acknowledged record once and in order per partition. Records of one path keep their order
 * in a one-partition topic or with the key {@code _path}.
 *
 * <p>Threading and back-pressure: {@link #write} may be called from any thread; it waits while the
 * sink's queue is full and Kafka makes progress, so a stalled Kafka holds the receiver back (a PULL
 * socket stops reading, Broker peers are paused). After {@link KafkaSinkConfig#stallTimeout()}
 * without progress batches are dropped. The sink's own thread formats and sends; records in flight
 * are bounded ({@link KafkaSinkConfig#maxInFlightRecords()}, {@link
 * KafkaSinkConfig#maxInFlightBytes()}), so memory stays bounded however long Kafka is away.
 *
 * <p>Errors, never silent: invalid batches are counted and reported to {@link LogEvents#rejected},
 * drops and delivery failures to {@link LogEvents#dropped} (reason {@code not acknowledged by
 * Kafka: ...}), all in {@link #stats()}. {@link #close()} sends what was accepted and waits up to
 * {@link KafkaSinkConfig#closeTimeout()} for Kafka's acknowledgements; every accepted record is then
 * acknowledged or reported.
 */
public final class KafkaLogSink implements LogSink {
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private record PathBatch(LogBatch batch, String topic) {}

    private final KafkaSinkConfig config;
    private final LogEvents events;
    private final ProducerPipe<PathBatch> pipe;
    private final LogRecordJson json;

    private KafkaLogSink(KafkaSinkConfig config, LogEvents events) {
        this.config = config;
        this.events = events;
        this.json = new LogRecordJson(config.json());
        this.pipe = new ProducerPipe<>(
                config,
                this::encode,
                new ProducerPipe.Reports() {
                    @Override
                    public void failed(String source, long records, String reason) {
                        report(() -> events.dropped(source, records, reason));
                    }

                    @Override
                    public void dropped(String source, long records, String reason) {
                        report(() -> events.dropped(source, records, reason));
                    }
                },
                "jbroker-kafka-log-sink");
    }

    /**
     * A sink writing to the Kafka of {@code config}; its producer and thread start at once (the
     * producer connects lazily: an unreachable Kafka shows as a stall, not here).
     *
     * @throws org.apache.kafka.common.KafkaException if the producer settings are invalid
     */
    public static KafkaLogSink start(KafkaSinkConfig config, LogEvents events) {
        return new KafkaLogSink(config, events == null ? LogEvents.NONE : events);
    }

    /** The settings. */
    public KafkaSinkConfig config() {
        return config;
    }

    /** The topic records of {@code path} go to. */
    public String topicOf(String path) {
        return config.topic().replace(KafkaSinkConfig.PATH_PLACEHOLDER, path);
    }

    @Override
    public void write(LogBatch batch) throws InterruptedException {
        String path = batch.header().path();
        int n = batch.records().size();
        String topic = topicOf(path);
        Optional<String> problem = path.isEmpty()
                ? Optional.of("empty log path")
                : !TOPIC.matcher(topic).matches()
                        ? Optional.of("\"" + topic + "\" is no valid Kafka topic name")
                        : batch.typeProblem();
        if (problem.isPresent()) {
            pipe.countRejected(n);
            report(() -> events.rejected(path, n, problem.get()));
            return;
        }
        if (n > 0) {
            pipe.submit(new PathBatch(batch, topic), n, path);
        }
    }

    /** The counters now. */
    public KafkaSinkStats stats() {
        return pipe.stats();
    }

    private void encode(PathBatch pb, ProducerPipe.Output out) throws InterruptedException {
        String path = pb.batch().header().path();
        List<LogField> fields = pb.batch().header().fields();
        byte[] pathMember = LogRecordJson.pathMember(path);
        byte[] pathKey = path.getBytes(StandardCharsets.UTF_8);
        int keyIndex = -1;
        boolean keyIsPath = false;
        if (config.key().isPresent()) {
            String k = config.key().get();
            keyIsPath = k.equals("_path");
            for (int i = 0; i < fields.size() && !keyIsPath; i++) {
                if (fields.get(i).name().equals(k)) {
                    keyIndex = i;
                    break;
                }
            }
        }
        for (LogRecord r : pb.batch().records()) {
            byte[] key = keyIsPath
                    ? pathKey
                    : keyIndex >= 0 ? json.key(fields.get(keyIndex), r.values().get(keyIndex)) : null;
            out.send(pb.topic(), key, json.value(pathMember, fields, r), path);
        }
    }

    private static void report(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // A listener's failure must not stop the sink.
        }
    }

    /**
     * Stops taking batches, sends what was accepted and waits (up to the close timeout) until Kafka
     * acknowledged it; what it did not is reported failed. Then closes the producer.
     */
    @Override
    public void close() {
        pipe.close();
    }
}
