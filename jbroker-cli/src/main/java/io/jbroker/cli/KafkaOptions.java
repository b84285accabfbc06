package io.jbroker.cli;

import io.jbroker.kafka.KafkaSinkConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --kafka...} options of {@code logger} and {@code node}: where Kafka is, the topic, the
 * producer settings passed through, and the sink's bounds. Add with {@code @Mixin KafkaOptions
 * kafka;}; {@link #config} gives the sink's settings, or {@code null} without {@code --kafka}.
 */
final class KafkaOptions {
    @Option(
            names = "--kafka",
            paramLabel = "BOOTSTRAP",
            description = "Also write to Kafka: its bootstrap servers, e.g. 127.0.0.1:9092. See docs/kafka.md.")
    String bootstrap;

    @Option(
            names = "--kafka-topic",
            paramLabel = "TOPIC",
            description = "The Kafka topic. For logs a pattern: {path} becomes the log path (default zeek-{path});"
                    + " for events a plain topic (default zeek-events).")
    String topic;

    @Option(
            names = "--kafka-property",
            paramLabel = "KEY=VALUE",
            description = "A kafka-clients producer setting over jbroker's defaults (enable.idempotence=true,"
                    + " acks=all, linger.ms=10, batch.size=131072, compression.type=lz4); repeatable.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(
            names = "--kafka-in-flight",
            paramLabel = "RECORDS",
            defaultValue = "10000",
            description = "Records sent to Kafka and not yet acknowledged, at most. Default: ${DEFAULT-VALUE}.")
    int inFlight;

    @Option(
            names = "--kafka-in-flight-bytes",
            paramLabel = "BYTES",
            defaultValue = "16777216",
            description = "Bytes of those records, at most. Default: ${DEFAULT-VALUE}.")
    long inFlightBytes;

    @Option(
            names = "--kafka-queue",
            paramLabel = "RECORDS",
            defaultValue = "10000",
            description = "Records queued for Kafka before intake is held back. Default: ${DEFAULT-VALUE}.")
    int queue;

    @Option(
            names = "--kafka-stall-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Drop (and count) a batch after Kafka made no progress for this long. Default:"
                    + " ${DEFAULT-VALUE}.")
    Duration stallTimeout;

    @Option(
            names = "--kafka-close-timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "At stop, wait this long for Kafka to acknowledge what was accepted. Default:"
                    + " ${DEFAULT-VALUE}.")
    Duration closeTimeout;

    /**
     * The sink's settings, or {@code null} without {@code --kafka}.
     *
     * @throws IllegalArgumentException if a bound is not positive
     */
    KafkaSinkConfig config(String defaultTopic) {
        if (bootstrap == null) {
            return null;
        }
        return KafkaSinkConfig.defaults(bootstrap)
                .withTopic(topic == null ? defaultTopic : topic)
                .withProducerProperties(properties)
                .withInFlight(inFlight, inFlightBytes)
                .withQueue(queue, stallTimeout)
                .withCloseTimeout(closeTimeout);
    }

    /** The line a command prints once the sink runs. */
    static String line(KafkaSinkConfig c) {
        return "kafka to " + c.bootstrapServers() + " topic " + c.topic();
    }

    /** The totals a command prints at stop. */
    static String totals(io.jbroker.kafka.KafkaSinkStats s) {
        return "kafka: accepted=" + s.recordsAccepted() + " acknowledged=" + s.recordsAcknowledged() + " failed="
                + s.recordsFailed() + " dropped=" + s.recordsDropped() + " rejected=" + s.recordsRejected();
    }
}
