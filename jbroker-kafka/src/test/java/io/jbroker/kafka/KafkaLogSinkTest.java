package io.jbroker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.kafka.testing.KafkaBroker;
import io.jbroker.logger.LogEvents;
import io.jbroker.logger.LogStream;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogRecord;
import io.jbroker.zeek.log.LogValue;
import io.jbroker.zeek.log.ZeekType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log sink against a real Kafka broker, read back by a real consumer. */
class KafkaLogSinkTest {
    static KafkaBroker kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void broker() throws Exception {
        kafka = KafkaBroker.shared();
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A topic per path (one partition each): every record, in order, byte for byte the JSON writer's line plus _path. */
    @Test
    void everyRecordInOrderAsTheJsonWriterWritesIt() throws Exception {
        List<LogBatch> conn = ConnLogs.batches(ConnLogs.CONN, 3000, 100);
        List<LogBatch> dns = ConnLogs.batches(ConnLogs.DNS, 700, 33);
        List<String> connLines = ConnLogs.jsonLines(dir.resolve("conn"), conn);
        List<String> dnsLines = ConnLogs.jsonLines(dir.resolve("dns"), dns);
        KafkaSinkConfig config = KafkaSinkConfig.defaults(kafka.bootstrap())
                .withTopic("t1-{path}")
                .withKey("uid");
        List<String> problems = new CopyOnWriteArrayList<>();
        KafkaLogSink sink = KafkaLogSink.start(config, recording(problems));
        try {
            assertThat(sink.topicOf("conn")).isEqualTo("t1-conn");
            for (int i = 0; i < Math.max(conn.size(), dns.size()); i++) {
                if (i < conn.size()) {
                    sink.write(conn.get(i));
                }
                if (i < dns.size()) {
                    sink.write(dns.get(i));
                }
            }
        } finally {
            sink.close();
        }
        KafkaSinkStats s = sink.stats();
        assertThat(s.recordsAccepted()).isEqualTo(3700);
        assertThat(s.recordsAcknowledged()).isEqualTo(3700);
        assertThat(s.recordsFailed() + s.recordsDropped() + s.recordsRejected()).isZero();
        assertThat(s.inFlightRecords()).isZero();
        assertThat(problems).isEmpty();
        List<ConsumerRecord<byte[], byte[]>> connRead =
                kafka.readAll("t1-conn", Duration.ofSeconds(30), r -> r.size() >= 3000);
        List<ConsumerRecord<byte[], byte[]>> dnsRead =
                kafka.readAll("t1-dns", Duration.ofSeconds(30), r -> r.size() >= 700);
        assertThat(connRead.stream().map(r -> text(r.value())).toList())
                .containsExactlyElementsOf(connLines.stream()
                        .map(l -> ConnLogs.withPath("conn", l))
                        .toList());
        assertThat(dnsRead.stream().map(r -> text(r.value())).toList())
                .containsExactlyElementsOf(
                        dnsLines.stream().map(l -> ConnLogs.withPath("dns", l)).toList());
        // Keyed by uid.
        for (int i = 0; i < connRead.size(); i++) {
            assertThat(text(connRead.get(i).key())).isEqualTo("C" + i);
        }
        assertThat(text(dnsRead.get(5).key())).isEqualTo("D5");
    }

    /** One topic of 8 partitions for every path, keyed by path: each path's records stay in order. */
    @Test
    void oneTopicOfEightPartitionsKeyedByPathKeepsEachPathInOrder() throws Exception {
        kafka.createTopic("t2-all", 8);
        List<LogBatch> conn = ConnLogs.batches(ConnLogs.CONN, 2000, 50);
        List<LogBatch> dns = ConnLogs.batches(ConnLogs.DNS, 2000, 50);
        KafkaSinkConfig config =
                KafkaSinkConfig.defaults(kafka.bootstrap()).withTopic("t2-all").withKey("_path");
        try (KafkaLogSink sink = KafkaLogSink.start(config, LogEvents.NONE)) {
            for (int i = 0; i < conn.size(); i++) {
                sink.write(conn.get(i));
                sink.write(dns.get(i));
            }
        }
        List<ConsumerRecord<byte[], byte[]>> read =
                kafka.readAll("t2-all", Duration.ofSeconds(30), r -> r.size() >= 4000);
        assertThat(read).hasSize(4000);
        Map<String, List<String>> uids = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            String path = text(r.key());
            String v = text(r.value());
            assertThat(v).startsWith("{\"_path\":\"" + path + "\",\"ts\":");
            int u = v.indexOf("\"uid\":\"") + 7;
            uids.computeIfAbsent(path, p -> new ArrayList<>()).add(v.substring(u, v.indexOf('"', u)));
        }
        List<String> connUids = new ArrayList<>();
        List<String> dnsUids = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            connUids.add("C" + i);
            dnsUids.add("D" + i);
        }
        assertThat(uids.get("conn")).containsExactlyElementsOf(connUids);
        assertThat(uids.get("dns")).containsExactlyElementsOf(dnsUids);
    }

    /** A path that makes no valid topic, a batch that does not fit its schema: rejected, counted, reported. */
    @Test
    void invalidBatchesAreRejectedCountedAndReported() throws Exception {
        List<String> problems = new CopyOnWriteArrayList<>();
        KafkaSinkConfig config = KafkaSinkConfig.defaults(kafka.bootstrap()).withTopic("t3-{path}");
        KafkaLogSink sink = KafkaLogSink.start(config, recording(problems));
        try {
            LogBatch bad = LogStream.builder("X::LOG", "no such/path")
                    .field("ts", ZeekType.TIME)
                    .build()
                    .batch(List.of(new LogRecord(List.of(LogValue.time(1.0)))));
            sink.write(bad);
            LogBatch wrongType = ConnLogs.DNS.batch(List.of(new LogRecord(List.of(
                    LogValue.time(1.0),
                    LogValue.string("D"),
                    LogValue.string("q"),
                    LogValue.unset(ZeekType.INTERVAL),
                    LogValue.count(1),
                    LogValue.vector(List.of())))));
            sink.write(wrongType);
            sink.write(ConnLogs.batches(ConnLogs.DNS, 3, 3).get(0));
        } finally {
            sink.close();
        }
        assertThat(sink.stats().recordsRejected()).isEqualTo(2);
        assertThat(sink.stats().recordsAcknowledged()).isEqualTo(3);
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0))
                .startsWith("rejected no such/path 1: \"t3-no such/path\" is no valid Kafka topic name");
        assertThat(problems.get(1)).startsWith("rejected dns 1: ");
    }

    static LogEvents recording(List<String> problems) {
        return new LogEvents() {
            @Override
            public void rejected(String path, long records, String reason) {
                problems.add("rejected " + path + " " + records + ": " + reason);
            }

            @Override
            public void dropped(String path, long records, String reason) {
                problems.add("dropped " + path + " " + records + ": " + reason);
            }
        };
    }
}
