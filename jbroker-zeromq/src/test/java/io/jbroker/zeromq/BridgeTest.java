package io.jbroker.zeromq;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.CountValue;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Broker peer, a bridge (one endpoint with Broker peering and a ZeroMQ node) and a ZeroMQ node:
 * events cross both ways, and nothing comes back round.
 */
class BridgeTest extends ZeroMqTestBase {
    @Test
    void relaysBothWaysWithoutLoops() throws Exception {
        JeroMqProxy proxy = proxy();
        Endpoint bridge = endpoint(EndpointConfig.builder().forwarding(true));
        int port = bridge.listen("127.0.0.1", 0);
        bridge.forward("zeek.bridge");
        ZeroMqNode bridgeNode = node(bridge, proxy.nodeConfig("bridge"));

        Endpoint broker = endpoint();
        Subscriber atBroker = broker.subscribe("zeek.bridge");
        broker.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));

        Endpoint zmq = endpoint();
        Subscriber atZmq = zmq.subscribe("zeek.bridge.z");
        ZeroMqNode zmqNode = node(zmq, proxy.nodeConfig("worker"));
        Await.until("bridge sees the node", () -> bridgeNode.clusterTopics().contains(Topic.of("zeek.bridge.z")));
        Await.until("node sees the bridge", () -> zmqNode.clusterTopics().contains(Topic.of("zeek.bridge")));
        Await.until(
                "bridge relays to the broker peer",
                () -> bridge.peers().size() == 1
                        && bridge.peers().get(0).topics().contains(Topic.of("zeek.bridge")));

        broker.publish("zeek.bridge.z.1", CountValue.of(1));
        zmq.publish("zeek.bridge.b.1", CountValue.of(2));
        broker.publish("zeek.bridge.z.end", CountValue.of(3));
        zmq.publish("zeek.bridge.b.end", CountValue.of(4));

        List<String> zmqGot = topicsUntil(atZmq, "zeek.bridge.z.end");
        assertThat(zmqGot).containsExactly("zeek.bridge.z.1", "zeek.bridge.z.end");
        List<String> brokerGot = topicsUntil(atBroker, "zeek.bridge.b.end");
        // Its own two (local delivery) and the node's two, once each.
        assertThat(brokerGot)
                .containsExactlyInAnyOrder(
                        "zeek.bridge.z.1", "zeek.bridge.b.1", "zeek.bridge.z.end", "zeek.bridge.b.end");
        assertThat(zmqNode.ownEchoCount()).isZero(); // it subscribes zeek.bridge.z only
        Await.until("the bridge dropped its relays' echoes", () -> bridgeNode.ownEchoCount() == 2);
        assertThat(atBroker.poll()).isNull();
        assertThat(atZmq.poll()).isNull();
    }

    private static List<String> topicsUntil(Subscriber s, String last) throws InterruptedException {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && !out.contains(last)) {
            DataMessage m = s.get(Duration.ofMillis(100));
            if (m != null) {
                out.add(m.topic().toString());
            }
        }
        return out;
    }
}
