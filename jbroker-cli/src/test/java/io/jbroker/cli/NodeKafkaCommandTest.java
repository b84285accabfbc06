package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.data.JsonFormat;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.PeerInfo;
import io.jbroker.kafka.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** {@code jbroker node --kafka}: events on the node's topics forwarded to a real Kafka. */
class NodeKafkaCommandTest {
    @Test
    void eventsOnTheTopicsGoToKafkaAsJsonV1DataMessages() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        BackgroundRun run = BackgroundRun.start(
                "node",
                "--listen",
                "127.0.0.1:0",
                "--no-tls",
                "--topic",
                "/zeek/",
                "--kafka",
                kafka.bootstrap(),
                "--kafka-topic",
                "node1-events",
                "--duration",
                "4s");
        try (Endpoint worker = PlainEndpoints.listening()) {
            int port = run.listeningPort();
            worker.peerBlocking("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(10));
            Topic t = Topic.of("/zeek/x");
            assertThat(PlainEndpoints.await(
                            () -> worker.peers().stream().map(PeerInfo::topics).anyMatch(ts -> ts.stream()
                                    .anyMatch(t::startsWith)),
                            Duration.ofSeconds(10)))
                    .isTrue();
            for (int i = 0; i < 100; i++) {
                worker.publish("/zeek/x", Data.count(i));
            }
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
        } finally {
            run.close();
        }
        assertThat(run.outLines())
                .contains("kafka to " + kafka.bootstrap() + " topic node1-events")
                .contains("kafka: accepted=100 acknowledged=100 failed=0 dropped=0 rejected=0");
        List<ConsumerRecord<byte[], byte[]>> read =
                kafka.readAll("node1-events", Duration.ofSeconds(30), r -> r.size() >= 100);
        assertThat(read).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(new String(read.get(i).key(), StandardCharsets.UTF_8)).isEqualTo("/zeek/x");
            assertThat(read.get(i).value())
                    .isEqualTo(JsonFormat.encodeMessage(DataMessage.of("/zeek/x", Data.count(i))));
        }
    }

    @Test
    void kafkaWithoutTopicIsAUsageError() {
        CliRun run = CliRun.run("", "node", "--listen", "127.0.0.1:0", "--no-tls", "--kafka", "127.0.0.1:9");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--kafka forwards the --topic prefixes: give --topic");
    }
}
