package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.Topic;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.PeerInfo;
import io.jbroker.logger.BrokerLogSender;
import io.jbroker.logger.LogStream;
import io.jbroker.logger.ZmqLogSender;
import io.jbroker.zeek.log.ZeekType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggerCommandTest {
    @TempDir
    Path dir;

    static final LogStream CONN = LogStream.builder("Conn::LOG", "conn")
            .field("ts", ZeekType.TIME)
            .field("uid", ZeekType.STRING)
            .field("id.orig_h", ZeekType.ADDR)
            .field("id.orig_p", ZeekType.PORT)
            .build();

    String file(String name) throws Exception {
        Path p = dir.resolve(name);
        return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
    }

    @Test
    void pullWritesConnLogAndClosesItWithItsFooterAtTheEnd() throws Exception {
        BackgroundRun run = BackgroundRun.start(
                "logger", "--pull", "tcp://127.0.0.1:*", "--dir", dir.toString(), "--duration", "3s");
        try {
            String pulling = run.awaitLine(l -> l.startsWith("pulling on "), Duration.ofSeconds(20))
                    .orElseThrow(() -> new AssertionError("no pulling line: " + run.err()));
            String url = pulling.substring("pulling on ".length());
            try (ZmqLogSender sender = ZmqLogSender.connect(url, "test-worker")) {
                sender.write(
                        CONN, CONN.record(1.5, "C1", "10.0.0.1", "80/tcp"), CONN.record(2.5, "C2", "::1", "53/udp"));
            }
            assertThat(PlainEndpoints.await(
                            () -> {
                                try {
                                    return file("conn.log").contains("C2");
                                } catch (Exception e) {
                                    return false;
                                }
                            },
                            Duration.ofSeconds(20)))
                    .isTrue();
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            List<String> lines = run.outLines();
            assertThat(lines.get(0)).isEqualTo("logging to " + dir);
            assertThat(lines).contains("opened " + dir.resolve("conn.log"), "closed " + dir.resolve("conn.log"));
            assertThat(lines.get(lines.size() - 1)).isEqualTo("stopped: written=2 dropped=0 rejected=0 malformed=0");
        } finally {
            run.close();
        }
        assertThat(file("conn.log"))
                .startsWith("#separator \\x09\n#set_separator\t,\n")
                .contains("\n#fields\tts\tuid\tid.orig_h\tid.orig_p\n#types\ttime\tstring\taddr\tport\n"
                        + "1.500000\tC1\t10.0.0.1\t80\n2.500000\tC2\t::1\t53\n#close\t");
    }

    @Test
    void listenTakesBrokerPeersAndWritesJson() throws Exception {
        BackgroundRun run = BackgroundRun.start(
                "logger",
                "--listen",
                "127.0.0.1:0",
                "--no-tls",
                "--dir",
                dir.toString(),
                "--format",
                "json",
                "--json-timestamps",
                "iso8601",
                "--duration",
                "3s");
        try (Endpoint worker = PlainEndpoints.listening()) {
            int port = run.listeningPort();
            worker.peerBlocking("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(10));
            Topic t = Topic.of("zeek/logs/Conn::LOG");
            assertThat(PlainEndpoints.await(
                            () -> worker.peers().stream().map(PeerInfo::topics).anyMatch(ts -> ts.stream()
                                    .anyMatch(t::startsWith)),
                            Duration.ofSeconds(10)))
                    .isTrue();
            try (BrokerLogSender sender = new BrokerLogSender(worker)) {
                sender.write(CONN, CONN.record(1700000000.5, "C1", "10.0.0.1", "80/tcp"));
            }
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(run.outLines()).contains("closed " + dir.resolve("conn.log"));
        } finally {
            run.close();
        }
        assertThat(file("conn.log"))
                .isEqualTo(
                        "{\"ts\":\"2023-11-14T22:13:20.500000Z\",\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":80}\n");
    }

    @Test
    void neitherListenNorPullIsAUsageError() {
        CliRun run = CliRun.run("", "logger", "--dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Give --listen, --pull or both").contains("Usage: jbroker logger");
    }

    @Test
    void aBadFormatIsAUsageError() {
        CliRun run = CliRun.run("", "logger", "--pull", "tcp://127.0.0.1:*", "--format", "xml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--format must be tsv or json");
    }

    @Test
    void rotateIntervalPrintsRotatedLinesAndKeepsEveryRecord() throws Exception {
        BackgroundRun run = BackgroundRun.start(
                "logger", "--pull", "tcp://127.0.0.1:*", "--dir", dir.toString(), "--rotate", "1s", "--duration", "4s");
        try {
            String pulling = run.awaitLine(l -> l.startsWith("pulling on "), Duration.ofSeconds(20))
                    .orElseThrow(() -> new AssertionError("no pulling line: " + run.err()));
            try (ZmqLogSender sender = ZmqLogSender.connect(pulling.substring("pulling on ".length()), "w")) {
                sender.write(CONN, CONN.record(1.0, "C1", "10.0.0.1", "80/tcp"));
                run.awaitLine(l -> l.startsWith("rotated "), Duration.ofSeconds(20))
                        .orElseThrow(() -> new AssertionError("no rotation: " + run.outLines()));
                sender.write(CONN, CONN.record(2.0, "C2", "10.0.0.2", "80/tcp"));
            }
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            String rotated = run.outLines().stream()
                    .filter(l -> l.startsWith("rotated " + dir.resolve("conn.log") + " -> "))
                    .findFirst()
                    .orElseThrow();
            Path first = Path.of(rotated.substring(rotated.indexOf(" -> ") + 4));
            assertThat(first.getFileName().toString())
                    .matches("conn\\.\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d\\.log");
            String all;
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                all = files.map(p -> {
                            try {
                                return Files.readString(p);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        })
                        .reduce("", String::concat);
            }
            assertThat(all.split("\tC1\t", -1)).hasSize(2);
            assertThat(all.split("\tC2\t", -1)).hasSize(2);
            assertThat(Files.readString(first)).contains("\tC1\t").contains("\n#close\t");
        } finally {
            run.close();
        }
    }
}
