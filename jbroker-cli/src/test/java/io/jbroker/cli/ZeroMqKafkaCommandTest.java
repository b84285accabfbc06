package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.data.Data;
import io.jbroker.data.JsonFormat;
import io.jbroker.kafka.testing.KafkaBroker;
import io.jbroker.zeromq.JeroMqProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** {@code jbroker zeromq node --kafka}: events from the ZeroMQ cluster forwarded to a real Kafka. */
class ZeroMqKafkaCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void eventsFromTheClusterGoToKafka() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            input.append("{\"@data-type\":\"count\",\"data\":").append(i).append("}\n");
        }
        try (JeroMqProxy proxy = new JeroMqProxy();
                BackgroundRun rx = BackgroundRun.start(
                        "zeromq",
                        "node",
                        "--connect-xsub",
                        proxy.xpub(),
                        "--connect-xpub",
                        proxy.xsub(),
                        "--name",
                        "rx",
                        "--topic",
                        "zeek.k",
                        "--kafka",
                        kafka.bootstrap(),
                        "--kafka-topic",
                        "zmq1-events",
                        "--duration",
                        "6s")) {
            assertThat(rx.awaitLine(l -> l.startsWith("kafka to "), WAIT)).isPresent();
            CliRun pub = CliRun.run(
                    input.toString(),
                    "zeromq",
                    "node",
                    "--connect-xsub",
                    proxy.xpub(),
                    "--connect-xpub",
                    proxy.xsub(),
                    "--name",
                    "tx",
                    "--publish",
                    "zeek.k.x");
            assertThat(pub.exitCode()).as(pub.err()).isZero();
            assertThat(rx.awaitExit(WAIT)).isZero();
            assertThat(rx.outLines()).contains("kafka: accepted=50 acknowledged=50 failed=0 dropped=0 rejected=0");
        }
        List<ConsumerRecord<byte[], byte[]>> read =
                kafka.readAll("zmq1-events", Duration.ofSeconds(30), r -> r.size() >= 50);
        assertThat(read).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(new String(read.get(i).key(), StandardCharsets.UTF_8)).isEqualTo("zeek.k.x");
            assertThat(read.get(i).value())
                    .isEqualTo(JsonFormat.encodeMessage(DataMessage.of("zeek.k.x", Data.count(i))));
        }
    }
}
