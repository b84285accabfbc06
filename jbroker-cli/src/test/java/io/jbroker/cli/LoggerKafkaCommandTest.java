package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.kafka.testing.KafkaBroker;
import io.jbroker.logger.LogStream;
import io.jbroker.logger.ZmqLogSender;
import io.jbroker.zeek.log.LogRecord;
import io.jbroker.zeek.log.ZeekType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jbroker logger --kafka} against a real Kafka broker, read back by a real consumer. */
class LoggerKafkaCommandTest {
    static KafkaBroker kafka;

    @TempDir
    Path dir;

    static final LogStream CONN = LogStream.builder("Conn::LOG", "conn")
            .field("ts", ZeekType.TIME)
            .field("uid", ZeekType.STRING)
            .field("id.orig_h", ZeekType.ADDR)
            .field("id.orig_p", ZeekType.PORT)
            .optionalField("service", ZeekType.STRING)
            .build();

    @BeforeAll
    static void broker() throws Exception {
        kafka = KafkaBroker.shared();
    }

    static LogRecord[] records(int n) {
        LogRecord[] out = new LogRecord[n];
        for (int i = 0; i < n; i++) {
            out[i] = CONN.record(
                    1700000000.5 + i, "C" + i, "10.0.0." + (i % 256), (1000 + i) + "/tcp", i % 2 == 0 ? null : "dns");
        }
        return out;
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Files and Kafka side by side: every record in both, Kafka's value the file's JSON line plus _path. */
    @Test
    void filesAndKafkaGetTheSameRecords() throws Exception {
        BackgroundRun run = BackgroundRun.start(
                "logger",
                "--pull",
                "tcp://127.0.0.1:*",
                "--dir",
                dir.toString(),
                "--format",
                "json",
                "--kafka",
                kafka.bootstrap(),
                "--kafka-topic",
                "cli1-{path}",
                "--kafka-key",
                "uid",
                "--kafka-property",
                "linger.ms=0",
                "--metrics",
                "127.0.0.1:0",
                "--duration",
                "4s");
        String metrics;
        try {
            String pulling = run.awaitLine(l -> l.startsWith("pulling on "), Duration.ofSeconds(20))
                    .orElseThrow(() -> new AssertionError("no pulling line: " + run.err()));
            try (ZmqLogSender sender = ZmqLogSender.connect(pulling.substring("pulling on ".length()), "w")) {
                sender.write(CONN, records(300));
                sender.write(CONN, records(5));
            }
            String metricsLine = run.awaitLine(l -> l.startsWith("metrics on "), Duration.ofSeconds(20))
                    .orElseThrow();
            URI uri = URI.create(metricsLine.substring("metrics on ".length()));
            HttpClient http = HttpClient.newHttpClient();
            String[] body = {""};
            assertThat(PlainEndpoints.await(
                            () -> {
                                try {
                                    body[0] = http.send(
                                                    HttpRequest.newBuilder(uri).build(),
                                                    HttpResponse.BodyHandlers.ofString())
                                            .body();
                                    return body[0].contains(
                                            "jbroker_kafka_records_acknowledged_total{sink=\"logs\"} 305.0");
                                } catch (Exception e) {
                                    return false;
                                }
                            },
                            Duration.ofSeconds(20)))
                    .as(body[0])
                    .isTrue();
            metrics = body[0];
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
        } finally {
            run.close();
        }
        assertThat(metrics)
                .contains("# TYPE jbroker_kafka_in_flight_records gauge")
                .contains("# TYPE jbroker_logger_records_written_total counter")
                .contains("jbroker_logger_malformed_total{transport=\"zeromq\"} 0.0")
                .contains("jbroker_kafka_records_failed_total{sink=\"logs\"} 0.0");
        List<String> out = run.outLines();
        assertThat(out.get(0)).isEqualTo("logging to " + dir);
        assertThat(out).contains("kafka to " + kafka.bootstrap() + " topic cli1-{path}");
        assertThat(out).contains("kafka: accepted=305 acknowledged=305 failed=0 dropped=0 rejected=0");
        assertThat(out.get(out.size() - 1)).isEqualTo("stopped: written=305 dropped=0 rejected=0 malformed=0");
        List<String> lines = Files.readAllLines(dir.resolve("conn.log"));
        assertThat(lines).hasSize(305);
        List<ConsumerRecord<byte[], byte[]>> read =
                kafka.readAll("cli1-conn", Duration.ofSeconds(30), r -> r.size() >= 305);
        assertThat(read.stream().map(r -> text(r.value())).toList())
                .containsExactlyElementsOf(lines.stream()
                        .map(l -> "{\"_path\":\"conn\"," + l.substring(1))
                        .toList());
        assertThat(text(read.get(3).key())).isEqualTo("C3");
        assertThat(text(read.get(0).value()))
                .isEqualTo(
                        "{\"_path\":\"conn\",\"ts\":1700000000.5,\"uid\":\"C0\",\"id.orig_h\":\"10.0.0.0\",\"id.orig_p\":1000}");
    }

    /** --kafka without --dir: Kafka only, no files. */
    @Test
    void kafkaWithoutDirWritesNoFiles() throws Exception {
        BackgroundRun run = BackgroundRun.start(
                "logger",
                "--pull",
                "tcp://127.0.0.1:*",
                "--kafka",
                kafka.bootstrap(),
                "--kafka-topic",
                "cli2-all",
                "--duration",
                "3s");
        try {
            String pulling = run.awaitLine(l -> l.startsWith("pulling on "), Duration.ofSeconds(20))
                    .orElseThrow(() -> new AssertionError("no pulling line: " + run.err()));
            try (ZmqLogSender sender = ZmqLogSender.connect(pulling.substring("pulling on ".length()), "w")) {
                sender.write(CONN, records(50));
            }
            assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
        } finally {
            run.close();
        }
        List<String> out = run.outLines();
        assertThat(out).noneMatch(l -> l.startsWith("logging to") || l.startsWith("opened "));
        assertThat(out.get(0)).isEqualTo("kafka to " + kafka.bootstrap() + " topic cli2-all");
        assertThat(out).contains("kafka: accepted=50 acknowledged=50 failed=0 dropped=0 rejected=0");
        assertThat(kafka.readAll("cli2-all", Duration.ofSeconds(30), r -> r.size() >= 50))
                .hasSize(50)
                .allMatch(r -> r.key() == null && text(r.value()).startsWith("{\"_path\":\"conn\",\"ts\":"));
        try (Stream<Path> files = Files.list(Path.of("."))) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("conn.log");
        }
    }

    @Test
    void kafkaKeyWithoutKafkaIsAUsageError() {
        CliRun run = CliRun.run("", "logger", "--pull", "tcp://127.0.0.1:*", "--kafka-key", "uid");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--kafka-key needs --kafka");
    }
}
