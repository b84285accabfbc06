package io.jbroker.kafka;

import io.jbroker.zeek.log.JsonFormat;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Settings of a {@link KafkaLogSink} or a {@link KafkaEventForwarder}. Immutable; change with the
 * {@code with...} methods.
 *
 * @param bootstrapServers Kafka's {@code bootstrap.servers}, e.g. {@code 127.0.0.1:9092}
 * @param topic the topic pattern: {@code {path}} is replaced by the log path (logs only), e.g.
 *     {@code zeek-{path}} writes {@code conn} records to {@code zeek-conn}; without {@code {path}}
 *     every record goes to that one topic
 * @param key the record key: empty for none (Kafka spreads the records over the partitions), {@code
 *     _path} for the log path, or the name of a log field such as {@code uid} (its value as text;
 *     records without it get no key). Events are always keyed by their Broker topic.
 * @param producerProperties kafka-clients producer settings applied over jbroker's defaults
 *     ({@link #DEFAULT_PRODUCER_PROPERTIES}), e.g. {@code linger.ms}, {@code batch.size}, {@code
 *     compression.type}
 * @param maxQueuedRecords records waiting for the sink's thread before writers wait
 * @param maxInFlightRecords records handed to Kafka and not yet acknowledged or failed, at most
 * @param maxInFlightBytes bytes (keys and values) of those records, at most
 * @param stallTimeout how long a writer waits while Kafka acknowledges nothing (stalled or
 *     unreachable) before its batch is dropped, counted and reported
 * @param closeTimeout how long {@code close()} waits for Kafka to acknowledge what was accepted;
 *     what is still unacknowledged then is reported failed
 * @param json how log records are written (the JSON writer's format)
 */
public record KafkaSinkConfig(
        String bootstrapServers,
        String topic,
        Optional<String> key,
        Map<String, String> producerProperties,
        int maxQueuedRecords,
        int maxInFlightRecords,
        long maxInFlightBytes,
        Duration stallTimeout,
        Duration closeTimeout,
        JsonFormat json) {
    /** The default topic pattern of log records. */
    public static final String DEFAULT_LOG_TOPIC = "zeek-{path}";

    /** The placeholder replaced by the log path in {@link #topic()}. */
    public static final String PATH_PLACEHOLDER = "{path}";

    /**
     * jbroker's producer defaults: idempotent, acknowledged by all in-sync replicas, batched (10 ms,
     * 128 KiB) and lz4-compressed. {@code producerProperties} override them.
     */
    public static final Map<String, String> DEFAULT_PRODUCER_PROPERTIES = Map.of(
            "enable.idempotence", "true",
            "acks", "all",
            "linger.ms", "10",
            "batch.size", "131072",
            "compression.type", "lz4");

    public KafkaSinkConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        producerProperties = Map.copyOf(producerProperties);
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("empty topic");
        }
        if (maxQueuedRecords < 1 || maxInFlightRecords < 1 || maxInFlightBytes < 1) {
            throw new IllegalArgumentException("queue and in-flight bounds must be positive");
        }
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(json, "json");
    }

    /**
     * Defaults for {@code bootstrapServers}: topic {@code zeek-{path}}, no key, 10 000 queued and
     * 10 000 in flight (16 MiB), 10 s stall timeout, 30 s close timeout, Zeek's JSON defaults.
     */
    public static KafkaSinkConfig defaults(String bootstrapServers) {
        return new KafkaSinkConfig(
                bootstrapServers,
                DEFAULT_LOG_TOPIC,
                Optional.empty(),
                Map.of(),
                10_000,
                10_000,
                16L << 20,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                JsonFormat.zeekDefaults());
    }

    public KafkaSinkConfig withTopic(String topic) {
        return with(c -> c.topic = topic);
    }

    /** The key field, or {@code null}/empty for no key. */
    public KafkaSinkConfig withKey(String key) {
        return with(c -> c.key = Optional.ofNullable(key).filter(k -> !k.isEmpty()));
    }

    /** Adds (or replaces) producer settings. */
    public KafkaSinkConfig withProducerProperties(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(producerProperties);
        all.putAll(more);
        return with(c -> c.producerProperties = all);
    }

    public KafkaSinkConfig withQueue(int maxQueuedRecords, Duration stallTimeout) {
        return with(c -> {
            c.maxQueuedRecords = maxQueuedRecords;
            c.stallTimeout = stallTimeout;
        });
    }

    public KafkaSinkConfig withInFlight(int maxInFlightRecords, long maxInFlightBytes) {
        return with(c -> {
            c.maxInFlightRecords = maxInFlightRecords;
            c.maxInFlightBytes = maxInFlightBytes;
        });
    }

    public KafkaSinkConfig withCloseTimeout(Duration closeTimeout) {
        return with(c -> c.closeTimeout = closeTimeout);
    }

    public KafkaSinkConfig withJson(JsonFormat json) {
        return with(c -> c.json = json);
    }

    /** A copy with {@code change} applied to its fields (validated by the constructor). */
    private KafkaSinkConfig with(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new KafkaSinkConfig(
                f.bootstrapServers,
                f.topic,
                f.key,
                f.producerProperties,
                f.maxQueuedRecords,
                f.maxInFlightRecords,
                f.maxInFlightBytes,
                f.stallTimeout,
                f.closeTimeout,
                f.json);
    }

    /** The record's fields, mutable, for {@link #with}. */
    private static final class Fields {
        String bootstrapServers;
        String topic;
        Optional<String> key;
        Map<String, String> producerProperties;
        int maxQueuedRecords;
        int maxInFlightRecords;
        long maxInFlightBytes;
        Duration stallTimeout;
        Duration closeTimeout;
        JsonFormat json;

        Fields(KafkaSinkConfig c) {
            bootstrapServers = c.bootstrapServers;
            topic = c.topic;
            key = c.key;
            producerProperties = c.producerProperties;
            maxQueuedRecords = c.maxQueuedRecords;
            maxInFlightRecords = c.maxInFlightRecords;
            maxInFlightBytes = c.maxInFlightBytes;
            stallTimeout = c.stallTimeout;
            closeTimeout = c.closeTimeout;
            json = c.json;
        }
    }

    /** The producer settings in effect: jbroker's defaults, then {@link #producerProperties()}. */
    public Map<String, Object> effectiveProducerProperties() {
        Map<String, Object> p = new LinkedHashMap<>(DEFAULT_PRODUCER_PROPERTIES);
        p.putAll(producerProperties);
        p.put("bootstrap.servers", bootstrapServers);
        p.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        return p;
    }
}
