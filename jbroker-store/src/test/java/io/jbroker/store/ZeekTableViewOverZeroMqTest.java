package io.jbroker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.data.TimestampValue;
import io.jbroker.data.VectorValue;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.zeek.TableChange;
import io.jbroker.zeek.TableChangeHeader;
import io.jbroker.zeek.TableChangeInfos;
import io.jbroker.zeek.TableChangeKind;
import io.jbroker.zeromq.LibZmq;
import io.jbroker.zeromq.ZeroMqConfig;
import io.jbroker.zeromq.ZeroMqNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ZeekTableView} fed through Zeek's ZeroMQ backend instead of Broker peering: a libzmq node
 * (pyzmq on the libzmq Zeek links), shaped like a Zeek worker, publishes {@code
 * Cluster::table_change_infos} batches as the backend's 4-frame messages through a libzmq XPUB/XSUB
 * proxy set up like Zeek's, to an endpoint running a {@link ZeroMqNode}; the view converges on the
 * table. Skipped, loudly, without python3-zmq.
 */
class ZeekTableViewOverZeroMqTest {
    private static final String WORKER = "zeromq_worker-1_zeekhost_4242_NAAAAAAAAAAAAAAAAAAAAAA";

    @Test
    void aLibzmqWorkersTableChangesReachTheViewThroughTheProxy() throws Exception {
        LibZmq.assumeAvailable();
        try (LibZmq.Proxy proxy = LibZmq.startProxy();
                LibZmq.Node worker = LibZmq.startNode(proxy.xpub(), proxy.xsub());
                Endpoint app = Endpoint.create(EndpointConfig.builder()
                        .ioThreads(1)
                        .tls(TlsConfig.off())
                        .build())) {
            ZeroMqNode node = new ZeroMqNode(ZeroMqConfig.defaults()
                    .withEndpoints(proxy.xpub(), proxy.xsub())
                    .withName("manager"));
            app.attach(node);
            assertThat(node.awaitReady(Duration.ofSeconds(20))).as("node ready").isTrue();
            try (ZeekTableView hosts = ZeekTableView.forTable(app, "Known::hosts")) {
                String topic = TableChangeInfos.topic("Known::hosts");
                // the view's subscription, as the proxy hands it to the worker's XPUB
                worker.awaitSubscriptionFrame(subscription(topic), 1);

                Data a = Data.address("10.0.0.1");
                Data b = Data.address("10.0.0.2");
                TimestampValue now = TimestampValue.now();
                TableChangeHeader header = new TableChangeHeader("Known::hosts", now, "worker-1");
                publish(
                        worker,
                        topic,
                        header,
                        TableChange.of(TableChangeKind.NEW, now, List.of(a), Data.count(1)),
                        TableChange.of(TableChangeKind.NEW, now, List.of(b), Data.count(2)));
                publish(
                        worker,
                        topic,
                        header,
                        new TableChange(
                                TableChangeKind.CHANGED,
                                now,
                                List.of(a),
                                Optional.of(Data.count(5)),
                                Optional.of(Data.count(1))),
                        TableChange.of(TableChangeKind.REMOVED, now, List.of(b), null));

                Await.until("the view holds the worker's table", () -> hosts.snapshot()
                        .equals(Map.of(VectorValue.of(a), Data.count(5))));
                assertThat(hosts.get(a)).contains(Data.count(5));
                assertThat(hosts.get(b)).isEmpty();
            }
        }
    }

    private static byte[] subscription(String topic) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[t.length + 1];
        frame[0] = 1;
        System.arraycopy(t, 0, frame, 1, t.length);
        return frame;
    }

    /** One batch as Zeek's ZeroMQ backend sends it: topic, node id, format, Broker binary payload. */
    private static void publish(LibZmq.Node worker, String topic, TableChangeHeader header, TableChange... changes) {
        TableChangeInfos batch = new TableChangeInfos(header, List.of(changes));
        assertThat(worker.publish(
                        topic.getBytes(StandardCharsets.UTF_8),
                        WORKER.getBytes(StandardCharsets.UTF_8),
                        "broker-bin-v1".getBytes(StandardCharsets.UTF_8),
                        BinaryFormat.encode(batch.toEvent().toData())))
                .as("libzmq took the message")
                .isTrue();
    }
}
