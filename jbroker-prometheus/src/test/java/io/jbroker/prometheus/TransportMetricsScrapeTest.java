package io.jbroker.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.endpoint.testing.Endpoints;
import io.jbroker.logger.LogDirectoryWriter;
import io.jbroker.logger.LogEvents;
import io.jbroker.logger.LogWriterConfig;
import io.jbroker.testing.Poll;
import io.jbroker.websocket.ZeekWebSocketClient;
import io.jbroker.websocket.ZeekWebSocketGateway;
import io.jbroker.zeek.LogField;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogHeader;
import io.jbroker.zeek.log.LogRecord;
import io.jbroker.zeek.log.LogValue;
import io.jbroker.zeromq.ZeroMqConfig;
import io.jbroker.zeromq.ZeroMqNode;
import io.jbroker.zeromq.ZeroMqProxy;
import io.jbroker.zeromq.ZeroMqProxyConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collectors of the other transports, scraped over HTTP and parsed strictly while real traffic
 * flows: a ZeroMQ proxy and two nodes on 127.0.0.1, a WebSocket gateway with a client, and a log
 * writer on a temporary directory.
 */
class TransportMetricsScrapeTest {
    private static final int MESSAGES = 200;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    final Endpoints closing = new Endpoints();

    private <T extends AutoCloseable> T closed(T resource) {
        closing.track(resource);
        return resource;
    }

    private Endpoint endpoint() {
        return closed(
                Endpoint.create(EndpointConfig.builder().tls(TlsConfig.off()).build()));
    }

    @Test
    void zeroMqProxyAndNodeFamiliesAreScrapedAndMoveWithTraffic() throws Exception {
        ZeroMqProxy proxy = closed(ZeroMqProxy.start(
                ZeroMqProxyConfig.defaults().withListenXpub("tcp://127.0.0.1:*").withListenXsub("tcp://127.0.0.1:*")));
        ZeroMqConfig base = ZeroMqConfig.defaults().withEndpoints(proxy.xpubEndpoint(), proxy.xsubEndpoint());
        Endpoint a = endpoint();
        Endpoint b = endpoint();
        Subscriber atB = b.subscribe("zeek.metrics");
        ZeroMqNode na = new ZeroMqNode(base.withName("a"));
        ZeroMqNode nb = new ZeroMqNode(base.withName("b"));
        a.attach(na);
        b.attach(nb);
        assertThat(na.awaitReady(Duration.ofSeconds(20))).isTrue();
        assertThat(nb.awaitReady(Duration.ofSeconds(20))).isTrue();
        Poll.until("a learns b's subscription", Duration.ofSeconds(20), () -> na.clusterTopics()
                .contains(Topic.of("zeek.metrics")));

        MetricsServer server = closed(MetricsServer.start("127.0.0.1", 0));
        JbrokerCollectors.register(b, server.registry());
        JbrokerCollectors.registerZeroMqNode(nb, server.registry());
        JbrokerCollectors.registerZeroMqProxy(proxy, server.registry());
        Exposition before = scrape(server.uri());

        for (int i = 0; i < MESSAGES; i++) {
            a.publish("zeek.metrics", Data.count(i));
        }
        for (int got = 0; got < MESSAGES; ) {
            got += atB.get(MESSAGES, Duration.ofSeconds(10)).size();
        }
        Exposition after = scrape(server.uri());

        List<String> names = new ArrayList<>(JbrokerCollectors.ZEROMQ_NODE_METRIC_NAMES);
        names.addAll(JbrokerCollectors.ZEROMQ_PROXY_METRIC_NAMES);
        for (String name : names) {
            assertThat(after.families).as(name).containsKey(name);
            Exposition.Family f = after.families.get(name);
            assertThat(f.type()).as(name).isEqualTo(name.endsWith("_total") ? "counter" : "gauge");
            assertThat(f.help()).as(name).isNotBlank();
            assertThat(f.samples()).as(name).isNotEmpty();
            if (name.startsWith("jbroker_zeromq_") && !name.startsWith("jbroker_zeromq_proxy_")
                    || name.equals("zeek_cluster_zeromq_msg_errors_total")) {
                assertThat(f.samples().get(0).labels()).as(name).containsEntry("node_id", nb.nodeId());
            }
        }
        assertThat(grew(before, after, "jbroker_zeromq_received_total")).isEqualTo(MESSAGES);
        assertThat(after.families.get("jbroker_zeromq_ready").valueWhere("node_id", nb.nodeId()))
                .isEqualTo(1);
        assertThat(after.families.get("zeek_cluster_zeromq_msg_errors_total").samples())
                .extracting(s -> s.labels().get("kind"))
                .contains("frame_count", "unknown_format", "undecodable", "oversized");
        // Zeek counts frames: an event is 4.
        assertThat(grew(before, after, "zeek_cluster_zeromq_proxy_frontend_messages_received_total"))
                .isGreaterThanOrEqualTo(4 * MESSAGES);
        assertThat(grew(before, after, "jbroker_zeromq_proxy_messages_relayed_total"))
                .isGreaterThanOrEqualTo(MESSAGES);
        assertThat(grew(before, after, "zeek_cluster_zeromq_proxy_frontend_bytes_received_total"))
                .isGreaterThan(MESSAGES);
        // The node's link is one of the endpoint's peers.
        assertThat(after.families.get("jbroker_peer_messages_in_total").samples())
                .as(after.families.get("jbroker_peer_messages_in_total").toString())
                .filteredOn(s -> s.labels().get("address").equals("zeromq:" + nb.nodeId()))
                .singleElement()
                .satisfies(s -> assertThat(s.value()).isGreaterThanOrEqualTo(MESSAGES));
    }

    @Test
    void webSocketGatewayFamiliesAndItsClientsInBrokerConnections() throws Exception {
        Endpoint ep = endpoint();
        ZeekWebSocketGateway gateway = closed(ZeekWebSocketGateway.start(ep, "127.0.0.1", 0));
        MetricsServer server = closed(MetricsServer.start("127.0.0.1", 0));
        JbrokerCollectors.register(
                ep, server.registry(), () -> gateway.metrics().clients());
        JbrokerCollectors.registerWebSocketGateway(gateway, server.registry());
        Subscriber local = ep.subscribe("/ws/");
        ZeekWebSocketClient client =
                closed(ZeekWebSocketClient.connect("ws://127.0.0.1:" + gateway.port() + "/v1/messages/json"));
        for (int i = 0; i < MESSAGES; i++) {
            client.publish("/ws/x", io.jbroker.zeek.Event.of("Test::n", Data.count(i)));
        }
        for (int got = 0; got < MESSAGES; ) {
            got += local.get(MESSAGES, Duration.ofSeconds(10)).size();
        }
        Exposition after = scrape(server.uri());
        for (String name : JbrokerCollectors.WEBSOCKET_GATEWAY_METRIC_NAMES) {
            assertThat(after.families).as(name).containsKey(name);
            assertThat(after.families.get(name).type())
                    .as(name)
                    .isEqualTo(name.endsWith("_total") ? "counter" : "gauge");
        }
        assertThat(after.families.get("jbroker_websocket_clients").value(Map.of()))
                .isEqualTo(1);
        assertThat(after.families.get("jbroker_websocket_published_total").value(Map.of()))
                .isEqualTo(MESSAGES);
        assertThat(after.families.get("broker_connections").value(Map.of("type", "web-socket")))
                .isEqualTo(1);
    }

    @Test
    void logWriterFamiliesCountPerPathAndSumToTheTotals(@TempDir Path dir) throws Exception {
        LogDirectoryWriter writer = closed(new LogDirectoryWriter(LogWriterConfig.defaults(dir), new LogEvents() {}));
        MetricsServer server = closed(MetricsServer.start("127.0.0.1", 0));
        JbrokerCollectors.registerLogWriter(writer, null, null, server.registry());
        LogHeader header = LogHeader.of("Seq::LOG", "conn", List.of(new LogField("n", 3, 0, false)));
        for (String path : List.of("conn", "conn", "dns", "../etc")) {
            List<LogRecord> records = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                records.add(LogRecord.of(LogValue.count(i)));
            }
            writer.submit(new LogBatch(
                    new LogHeader("Seq::LOG", "Log::WRITER_ASCII", "default", path, header.fields()), records));
        }
        Poll.until(
                "every record written",
                Duration.ofSeconds(20),
                () -> writer.stats().recordsWritten() == 3L * MESSAGES);
        Exposition after = scrape(server.uri());
        for (String name : JbrokerCollectors.LOG_WRITER_METRIC_NAMES) {
            assertThat(after.families).as(name).containsKey(name);
        }
        Exposition.Family written = after.families.get("jbroker_logger_path_records_written_total");
        assertThat(written.value(Map.of("path", "conn"))).isEqualTo(2 * MESSAGES);
        assertThat(written.value(Map.of("path", "dns"))).isEqualTo(MESSAGES);
        assertThat(after.families
                        .get("jbroker_logger_path_records_rejected_total")
                        .value(Map.of("path", "_other")))
                .as("a path that is no file name is counted, never used as a label")
                .isEqualTo(MESSAGES);
        assertThat(sum(after, "jbroker_logger_path_records_written_total"))
                .isEqualTo(sum(after, "jbroker_logger_records_written_total"));
        long connBytes = java.nio.file.Files.size(dir.resolve("conn.log"));
        assertThat(after.families.get("jbroker_logger_path_bytes_written_total").value(Map.of("path", "conn")))
                .as("bytes handed to the OS: the file's size so far (no footer yet)")
                .isEqualTo(connBytes);
        assertThat(sum(after, "jbroker_logger_bytes_written_total"))
                .isEqualTo(connBytes + java.nio.file.Files.size(dir.resolve("dns.log")));
    }

    private Exposition scrape(URI uri) throws Exception {
        HttpResponse<String> r =
                http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return Exposition.parse(r.body());
    }

    private static double grew(Exposition before, Exposition after, String name) {
        return sum(after, name) - sum(before, name);
    }

    private static double sum(Exposition e, String name) {
        Exposition.Family f = e.families.get(name);
        return f == null
                ? 0
                : f.samples().stream().mapToDouble(Exposition.Sample::value).sum();
    }
}
