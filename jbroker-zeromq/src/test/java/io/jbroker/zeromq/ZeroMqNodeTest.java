package io.jbroker.zeromq;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.CountValue;
import io.jbroker.data.Data;
import io.jbroker.data.StringValue;
import io.jbroker.data.VectorValue;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointMetrics;
import io.jbroker.endpoint.PeerInfo;
import io.jbroker.endpoint.Subscriber;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nodes talking through a JeroMQ proxy on 127.0.0.1. */
class ZeroMqNodeTest extends ZeroMqTestBase {
    private static Data event(String name, long n) {
        return VectorValue.of(List.of(
                CountValue.of(1),
                CountValue.of(1),
                VectorValue.of(List.of(StringValue.of(name), VectorValue.of(List.of(CountValue.of(n)))))));
    }

    @Test
    void eventsFlowBothWaysThroughTheProxy() throws Exception {
        JeroMqProxy proxy = proxy();
        Endpoint a = endpoint();
        Endpoint b = endpoint();
        Subscriber sa = a.subscribe("zeek.test.to-a");
        Subscriber sb = b.subscribe("zeek.test.to-b");
        ZeroMqNode na = node(a, proxy.nodeConfig("a"));
        ZeroMqNode nb = node(b, proxy.nodeConfig("b"));
        Await.until("a sees b's subscription", () -> na.clusterTopics().contains(Topic.of("zeek.test.to-b")));

        a.publish("zeek.test.to-b.x", event("Test::ping", 1));
        b.publish("zeek.test.to-a.y", event("Test::pong", 2));

        DataMessage atB = receive(sb, 1).get(0);
        assertThat(atB.topic()).isEqualTo(Topic.of("zeek.test.to-b.x"));
        assertThat(atB.data()).isEqualTo(event("Test::ping", 1));
        DataMessage atA = receive(sa, 1).get(0);
        assertThat(atA.data()).isEqualTo(event("Test::pong", 2));
        assertThat(nb.receivedCount()).isEqualTo(1);
        assertThat(na.nodeId()).matches("zeromq_a_[^_]+_\\d+_N[0-9A-Za-z]{17}");
    }

    @Test
    void ownEchoesAreDropped() throws Exception {
        JeroMqProxy proxy = proxy();
        Endpoint a = endpoint();
        Subscriber sa = a.subscribe("zeek.echo");
        ZeroMqNode na = node(a, proxy.nodeConfig("a"));
        Await.until("own subscription seen", () -> na.clusterTopics().contains(Topic.of("zeek.echo")));

        a.publish("zeek.echo.1", event("Test::echo", 1));

        Await.until("the echo came back", () -> na.ownEchoCount() == 1);
        assertThat(receive(sa, 1).get(0).data()).isEqualTo(event("Test::echo", 1)); // the local delivery
        assertThat(sa.poll()).as("no second copy").isNull();
        assertThat(na.receivedCount()).isZero();
    }

    @Test
    void firstMessagesAfterReadyReachSubscribersThatWereThereBefore() throws Exception {
        JeroMqProxy proxy = proxy();
        Endpoint b = endpoint();
        Subscriber sb = b.subscribe("zeek.ready");
        node(b, proxy.nodeConfig("b"));

        Endpoint a = endpoint();
        ZeroMqNode na = new ZeroMqNode(proxy.nodeConfig("a"));
        a.attach(na);
        // Published before the node is ready: held in the link buffer, not lost.
        a.publish("zeek.ready.early", event("Test::early", 0));
        assertThat(na.awaitReady(Duration.ofSeconds(20))).isTrue();
        // Published the moment it is ready: the proxy has replayed b's subscription by now.
        a.publish("zeek.ready.first", event("Test::first", 1));

        List<DataMessage> got = receive(sb, 2);
        assertThat(got).extracting(DataMessage::data).containsExactly(event("Test::early", 0), event("Test::first", 1));
    }

    @Test
    void linkCountsInMetricsLikeAPeer() throws Exception {
        JeroMqProxy proxy = proxy();
        Endpoint a = endpoint();
        Endpoint b = endpoint();
        Subscriber sb = b.subscribe("zeek.m");
        ZeroMqNode na = node(a, proxy.nodeConfig("a"));
        ZeroMqNode nb = node(b, proxy.nodeConfig("b"));
        Await.until("a sees b", () -> na.clusterTopics().contains(Topic.of("zeek.m")));
        for (int i = 0; i < 10; i++) {
            a.publish("zeek.m", event("Test::m", i));
        }
        receive(sb, 10);
        EndpointMetrics ma = a.metrics();
        PeerInfo link = ma.peers().get(0);
        assertThat(link.network().address()).isEqualTo("zeromq:" + na.nodeId());
        assertThat(link.messagesOut()).isEqualTo(10);
        assertThat(ma.messagesOut()).isEqualTo(10);
        Await.until("b counts them in", () -> b.metrics().messagesIn() == 10);
        assertThat(nb.receivedCount()).isEqualTo(10);
    }
}
