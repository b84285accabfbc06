package io.jbroker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.logger.LogEvents;
import io.jbroker.zeek.log.LogBatch;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * No Kafka at all (a closed port on 127.0.0.1): the writer is held only up to the stall timeout,
 * nothing is acknowledged, and after close every record is accounted for: failed or dropped, each
 * reported, none silently.
 */
class KafkaUnreachableTest {
    @Test
    void unreachableKafkaDropsAndFailsCountedAndReportedAndCloseEnds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        KafkaSinkConfig config = KafkaSinkConfig.defaults("127.0.0.1:" + port)
                .withTopic("u-{path}")
                .withQueue(100, Duration.ofMillis(500))
                .withInFlight(50, 1 << 20)
                .withCloseTimeout(Duration.ofSeconds(3))
                .withProducerProperties(Map.of(
                        "max.block.ms", "500",
                        "request.timeout.ms", "500",
                        "delivery.timeout.ms", "1000",
                        "linger.ms", "0",
                        "reconnect.backoff.max.ms", "200"));
        AtomicLong reported = new AtomicLong();
        List<String> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
        KafkaLogSink sink = KafkaLogSink.start(config, new LogEvents() {
            @Override
            public void dropped(String path, long records, String reason) {
                reported.addAndGet(records);
                reasons.add(reason);
            }
        });
        int total = 0;
        try {
            for (LogBatch b : ConnLogs.batches(ConnLogs.CONN, 1000, 50)) {
                sink.write(b); // returns: held at most the stall timeout per stall, then dropped
                total += b.records().size();
            }
        } finally {
            sink.close();
        }
        KafkaSinkStats s = sink.stats();
        assertThat(total).isEqualTo(1000);
        assertThat(s.recordsAcknowledged()).isZero();
        assertThat(s.inFlightRecords()).isZero();
        assertThat(s.recordsSent()).isEqualTo(s.recordsFailed());
        // Every record either reached the producer or was dropped, never both, never neither.
        assertThat(s.recordsSent() + s.recordsDropped()).isEqualTo(total);
        assertThat(s.recordsFailed() + s.recordsDropped()).isEqualTo(total);
        assertThat(reported.get()).isEqualTo(total);
        assertThat(reasons).anyMatch(r -> r.startsWith("not acknowledged by Kafka: "));
        assertThat(s.peakInFlightRecords()).isLessThanOrEqualTo(50);
    }
}
