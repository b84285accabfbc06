package io.jbroker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.kafka.testing.KafkaBroker;
import io.jbroker.logger.LogEvents;
import io.jbroker.logger.LogStream;
import io.jbroker.zeek.log.ZeekType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Java examples of docs/kafka.md, as written there (with the test broker's address). */
class KafkaDocExampleTest {
    @Test
    void logSinkExample() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrap();
        // --- docs/kafka.md: log sink ---
        LogStream conn = LogStream.builder("Conn::LOG", "conn")
                .field("ts", ZeekType.TIME)
                .field("uid", ZeekType.STRING)
                .build();
        KafkaSinkConfig config = KafkaSinkConfig.defaults(bootstrap) // e.g. "127.0.0.1:9092"
                .withTopic("doc-zeek-{path}")
                .withKey("uid")
                .withProducerProperties(Map.of("linger.ms", "20", "compression.type", "zstd"));
        try (KafkaLogSink kafka = KafkaLogSink.start(config, LogEvents.NONE)) {
            kafka.write(conn.batch(List.of(conn.record(Instant.ofEpochSecond(1700000000), "CHhAvVGS1DHFjwGM9"))));
            // Or feed it from the network: ZmqLogReceiver.bind(kafka, events, "tcp://127.0.0.1:27761"),
            // BrokerLogReceiver.start(endpoint, kafka, events); beside files: LogSink.all(List.of(files, kafka)).
        } // close(): waits until Kafka acknowledged the record (or reports it failed)
        // --- end ---
        var read = KafkaBroker.shared().readAll("doc-zeek-conn", Duration.ofSeconds(30), r -> !r.isEmpty());
        assertThat(new String(read.get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"_path\":\"conn\",\"ts\":1700000000.0,\"uid\":\"CHhAvVGS1DHFjwGM9\"}");
        assertThat(new String(read.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("CHhAvVGS1DHFjwGM9");
    }

    @Test
    void eventForwarderExample() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrap();
        Endpoint endpoint =
                Endpoint.create(EndpointConfig.builder().tls(TlsConfig.off()).build());
        // --- docs/kafka.md: event forwarder ---
        KafkaSinkConfig config = KafkaSinkConfig.defaults(bootstrap).withTopic("doc-zeek-events");
        try (var subscriber = endpoint.subscribe("/zeek/");
                var forwarder = KafkaEventForwarder.start(subscriber, config, KafkaEvents.NONE)) {
            endpoint.publish("/zeek/test", io.jbroker.data.Data.count(42));
            // ... until the application stops
            KafkaBroker.until("forwarded", 30_000, () -> forwarder.stats().recordsAcknowledged() == 1);
        }
        // --- end ---
        endpoint.close();
        var read = KafkaBroker.shared().readAll("doc-zeek-events", Duration.ofSeconds(30), r -> !r.isEmpty());
        assertThat(new String(read.get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"data-message\",\"topic\":\"/zeek/test\",\"@data-type\":\"count\",\"data\":42}");
    }
}
