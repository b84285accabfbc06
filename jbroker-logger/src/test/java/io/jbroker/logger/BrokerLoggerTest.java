package io.jbroker.logger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jbroker.Topic;
import io.jbroker.data.BinaryFormat;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.PeerInfo;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.zeek.log.AsciiFormat;
import io.jbroker.zeek.log.BrokerLogStreams;
import io.jbroker.zeek.log.LogCaptures;
import io.jbroker.zeek.log.ZeekType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zeek's log messages over Broker, between two endpoints on real sockets. */
class BrokerLoggerTest {
    @TempDir
    Path dir;

    static Endpoint endpoint() {
        return Endpoint.create(EndpointConfig.builder().tls(TlsConfig.off()).build());
    }

    static void awaitSubscription(Endpoint ep) throws InterruptedException {
        Topic t = Topic.of(BrokerLogStreams.TOPIC_PREFIX + "x");
        Poll.until("the logger's subscription", 10_000, () -> {
            for (PeerInfo p : ep.peers()) {
                if (p.topics().stream().anyMatch(t::startsWith)) {
                    return true;
                }
            }
            return false;
        });
    }

    LogWriterConfig config() {
        return LogWriterConfig.defaults(dir)
                .withAscii(AsciiFormat.zeekDefaults().withZone(ZoneOffset.UTC));
    }

    /** The exact LogCreate / Batch[LogWrite] values Zeek sent, republished by a peer: Zeek's test.log. */
    @Test
    void zeeksCapturedLogMessagesGiveZeeksTestLog() throws Exception {
        try (LogDirectoryWriter writer = new LogDirectoryWriter(config(), LogEvents.NONE);
                Endpoint logger = endpoint();
                Endpoint zeek = endpoint()) {
            BrokerLogReceiver receiver = BrokerLogReceiver.start(logger, writer, LogEvents.NONE);
            int port = logger.listen("127.0.0.1", 0);
            zeek.peerBlocking("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(10));
            awaitSubscription(zeek);
            int published = 0;
            for (JsonNode n : LogCaptures.lines("/interop/zeek/broker-logs/messages.jsonl")) {
                if (n.has("topic") && n.get("topic").asText().startsWith(BrokerLogStreams.TOPIC_PREFIX)) {
                    zeek.publish(
                            n.get("topic").asText(),
                            BinaryFormat.decode(
                                    LogCaptures.hex(n.get("payload_hex").asText())));
                    published++;
                }
            }
            assertThat(published).isEqualTo(5);
            // broker.log: 1 record; test.log: 3 records.
            Poll.until("4 records written", 20_000, () -> writer.stats().recordsWritten() == 4);
            assertThat(receiver.malformedCount()).isZero();
            receiver.close();
        }
        assertThat(Golden.normalize(Golden.file(dir.resolve("test.log"))))
                .isEqualTo(Golden.normalize(Golden.resource("/interop/zeek/broker-logs/test.log")));
    }

    /** The producer API over Broker: LogCreate then Batch[LogWrite] from Java. */
    @Test
    void javaProducerOverBroker() throws Exception {
        LogStream conn = LogStream.builder("Conn::LOG", "conn")
                .field("ts", ZeekType.TIME)
                .field("uid", ZeekType.STRING)
                .field("id.orig_h", ZeekType.ADDR)
                .field("id.orig_p", ZeekType.PORT)
                .build();
        try (LogDirectoryWriter writer = new LogDirectoryWriter(config(), LogEvents.NONE);
                Endpoint logger = endpoint();
                Endpoint worker = endpoint()) {
            BrokerLogReceiver receiver = BrokerLogReceiver.start(logger, writer, LogEvents.NONE);
            int port = logger.listen("127.0.0.1", 0);
            worker.peerBlocking("127.0.0.1", port, Duration.ofSeconds(1), Duration.ofSeconds(10));
            awaitSubscription(worker);
            try (BrokerLogSender sender = new BrokerLogSender(worker)) {
                sender.write(
                        conn,
                        conn.record(1.25, "C1", "10.0.0.1", "49152/tcp"),
                        conn.record(2.5, "C2", "::1", "53/udp"));
                sender.write(conn, conn.record(3.0, "C3", "10.0.0.3", "1/icmp"));
                assertThat(sender.recordsSent()).isEqualTo(3);
            }
            Poll.until("3 records written", 20_000, () -> writer.stats().recordsWritten() == 3);
            receiver.close();
        }
        assertThat(Golden.file(dir.resolve("conn.log")))
                .contains(
                        "\n1.250000\tC1\t10.0.0.1\t49152\n2.500000\tC2\t::1\t53\n3.000000\tC3\t10.0.0.3\t1\n#close\t");
    }
}
