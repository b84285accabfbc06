package io.jbroker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.data.JsonFormat;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.PeerInfo;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.kafka.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events from a Broker peer forwarded to a real Kafka as JSON v1 data messages. */
class KafkaEventForwarderTest {
    static KafkaBroker kafka;

    @BeforeAll
    static void broker() throws Exception {
        kafka = KafkaBroker.shared();
    }

    static Endpoint endpoint() {
        return Endpoint.create(EndpointConfig.builder().tls(TlsConfig.off()).build());
    }

    @Test
    void eventsFromAPeerArriveInKafkaAsJsonV1DataMessagesInOrder() throws Exception {
        int n = 2000;
        List<DataMessage> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String topic = i % 3 == 0 ? "/zeek/event/b" : "/zeek/event/a";
            sent.add(DataMessage.of(
                    topic,
                    Data.vector(
                            Data.count(1),
                            Data.count(1),
                            Data.vector(
                                    Data.string("Test::ping"),
                                    Data.vector(
                                            Data.integer(i),
                                            Data.string("x\"" + i),
                                            Data.timestamp(Instant.ofEpochSecond(1_700_000_000L + i)),
                                            Data.address("10.0.0." + (i % 256)))))));
        }
        KafkaSinkConfig config = KafkaSinkConfig.defaults(kafka.bootstrap()).withTopic("e1-events");
        KafkaEventForwarder forwarder;
        try (Endpoint node = endpoint();
                Endpoint zeek = endpoint()) {
            Subscriber sub = node.subscribe("/zeek/event/");
            forwarder = KafkaEventForwarder.start(sub, config, KafkaEvents.NONE);
            try {
                int port = node.listen("127.0.0.1", 0);
                zeek.peerBlocking("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(10));
                Topic probe = Topic.of("/zeek/event/x");
                KafkaBroker.until("the node's subscription", 10_000, () -> {
                    for (PeerInfo p : zeek.peers()) {
                        if (p.topics().stream().anyMatch(probe::startsWith)) {
                            return true;
                        }
                    }
                    return false;
                });
                for (DataMessage m : sent) {
                    zeek.publish(m.topic(), m.data());
                }
                KafkaBroker.until(
                        "all forwarded", 30_000, () -> forwarder.stats().recordsAcknowledged() == n);
            } finally {
                forwarder.close();
                sub.close();
            }
        }
        KafkaSinkStats s = forwarder.stats();
        assertThat(s.recordsAcknowledged()).isEqualTo(n);
        assertThat(s.recordsFailed() + s.recordsDropped()).isZero();
        List<ConsumerRecord<byte[], byte[]>> read =
                kafka.readAll("e1-events", Duration.ofSeconds(30), r -> r.size() >= n);
        assertThat(read).hasSize(n);
        for (int i = 0; i < n; i++) {
            ConsumerRecord<byte[], byte[]> r = read.get(i);
            assertThat(new String(r.key(), StandardCharsets.UTF_8))
                    .isEqualTo(sent.get(i).topic().toString());
            assertThat(new String(r.value(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(JsonFormat.encodeMessage(sent.get(i)), StandardCharsets.UTF_8));
        }
        assertThat(JsonFormat.decodeMessage(read.get(7).value())).isEqualTo(sent.get(7));
        assertThat(new String(read.get(0).value(), StandardCharsets.UTF_8))
                .startsWith("{\"type\":\"data-message\",\"topic\":\"/zeek/event/b\"");
    }
}
