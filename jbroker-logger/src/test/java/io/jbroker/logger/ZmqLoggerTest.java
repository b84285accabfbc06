package io.jbroker.logger;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.zeek.log.AsciiFormat;
import io.jbroker.zeek.log.LogCaptures;
import io.jbroker.zeek.log.ZeekType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZmqLoggerTest {
    @TempDir
    Path dir;

    @TempDir
    Path work;

    final List<String> malformed = Collections.synchronizedList(new ArrayList<>());

    final LogEvents events = new LogEvents() {
        @Override
        public void malformed(String source, String reason) {
            malformed.add(reason);
        }
    };

    LogWriterConfig config() {
        return LogWriterConfig.defaults(dir)
                .withAscii(AsciiFormat.zeekDefaults().withZone(ZoneOffset.UTC));
    }

    /** libzmq PUSHes the captured batches (and some garbage) to our PULL: Zeek's files come out. */
    @Test
    void libzmqPushOfCapturedBatchesGivesTheGoldenFiles() throws Exception {
        PyZmq.assumeAvailable();
        List<List<byte[]>> messages = new ArrayList<>();
        byte[] logWrite = "log-write".getBytes(StandardCharsets.US_ASCII);
        messages.add(List.of(logWrite, "x".getBytes(StandardCharsets.US_ASCII)));
        messages.add(List.of(
                logWrite, new byte[] {1}, "zeek-bin-serializer".getBytes(StandardCharsets.US_ASCII), new byte[] {
                    0, 0, 0, 9
                }));
        for (LogCaptures.Captured c : Golden.interopAndTypes()) {
            messages.add(c.frames());
        }
        try (LogDirectoryWriter writer = new LogDirectoryWriter(config(), events)) {
            ZmqLogReceiver pull = ZmqLogReceiver.bind(writer, events, "tcp://127.0.0.1:*");
            try {
                PyZmq.push(work, pull.endpoint(), messages);
                Poll.until("6 records written", 20_000, () -> writer.stats().recordsWritten() == 6);
                assertThat(pull.receivedCount()).isEqualTo(5);
                assertThat(pull.malformedCount()).isEqualTo(2);
            } finally {
                pull.close();
            }
        }
        assertThat(malformed).hasSize(2);
        assertThat(malformed.get(0)).contains("message of 2 frames");
        assertThat(malformed.get(1)).contains("stream length 9 exceeds the 0 bytes left at offset 0");
        assertThat(Golden.normalize(Golden.file(dir.resolve("interop.log"))))
                .isEqualTo(Golden.normalize(Golden.resource("/interop/zeek/zeromq-2/logger-output/interop.log")));
        assertThat(Golden.normalize(Golden.file(dir.resolve("jbroker_types.log"))))
                .isEqualTo(Golden.normalize(Golden.resource("/interop/zeek/zeromq/logger-output/jbroker_types.log")));
    }

    /** The producer API: a conn.log line from Java in a few lines, PUSHed over ZeroMQ. */
    @Test
    void javaProducerWritesAConnLogLine() throws Exception {
        LogStream conn = LogStream.builder("Conn::LOG", "conn")
                .field("ts", ZeekType.TIME)
                .field("uid", ZeekType.STRING)
                .field("id.orig_h", ZeekType.ADDR)
                .field("id.orig_p", ZeekType.PORT)
                .field("id.resp_h", ZeekType.ADDR)
                .field("id.resp_p", ZeekType.PORT)
                .field("proto", ZeekType.ENUM)
                .optionalField("duration", ZeekType.INTERVAL)
                .setField("tunnel_parents", ZeekType.STRING)
                .build();
        try (LogDirectoryWriter writer = new LogDirectoryWriter(config(), LogEvents.NONE)) {
            ZmqLogReceiver pull = ZmqLogReceiver.bind(writer, events, "tcp://127.0.0.1:*");
            try (ZmqLogSender sender = ZmqLogSender.connect(pull.endpoint(), "jbroker-test")) {
                sender.write(
                        conn,
                        conn.record(
                                Instant.ofEpochSecond(1700000000, 500_000_000),
                                "CHhAvVGS1DHFjwGM9",
                                "10.0.0.1",
                                "49152/tcp",
                                "2001:db8::1",
                                "443/tcp",
                                "tcp",
                                null,
                                Set.of()));
                Poll.until("the record written", 20_000, () -> writer.stats().recordsWritten() == 1);
            } finally {
                pull.close();
            }
        }
        String text = Golden.file(dir.resolve("conn.log"));
        assertThat(text)
                .contains(
                        "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tduration\ttunnel_parents\n")
                .contains("#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tinterval\tset[string]\n")
                .contains(
                        "\n1700000000.500000\tCHhAvVGS1DHFjwGM9\t10.0.0.1\t49152\t2001:db8::1\t443\ttcp\t-\t(empty)\n");
    }
}
