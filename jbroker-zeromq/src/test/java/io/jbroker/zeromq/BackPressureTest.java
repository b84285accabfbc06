package io.jbroker.zeromq;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.StringValue;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.OverflowPolicy;
import io.jbroker.endpoint.PeerInfo;
import io.jbroker.endpoint.Publisher;
import io.jbroker.endpoint.Status;
import io.jbroker.endpoint.StatusCode;
import io.jbroker.endpoint.Subscriber;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * A proxy that stops reading: the node's XPUB fills to its HWM, the link buffer fills, the
 * publisher waits, and once the buffer stalls the endpoint's policy drops, counted and reported;
 * nothing grows without bound.
 */
class BackPressureTest extends ZeroMqTestBase {
    @Test
    void stalledProxyGivesBackPressureThenThePolicyBounded() throws Exception {
        ZMQ.Context zmq = ZMQ.context(1);
        ZMQ.Socket fakeXpub = zmq.socket(SocketType.XPUB); // the node's XSUB connects here
        ZMQ.Socket fakeXsub = zmq.socket(SocketType.XSUB); // the node's XPUB connects here
        try {
            fakeXpub.setXpubVerbose(true);
            fakeXpub.setLinger(0);
            fakeXsub.setLinger(0);
            fakeXsub.setRcvHWM(10);
            fakeXpub.bind("tcp://127.0.0.1:*");
            fakeXsub.bind("tcp://127.0.0.1:*");
            int bufferMessages = 100;
            Endpoint e = endpoint(EndpointConfig.builder()
                    .peerBufferMessages(bufferMessages)
                    .peerOverflowPolicy(OverflowPolicy.DROP_NEWEST)
                    .stallTimeout(Duration.ofMillis(500)));
            Subscriber statuses = e.statusSubscriber();
            ZeroMqNode node = new ZeroMqNode(ZeroMqConfig.defaults()
                    .withEndpoints(fakeXpub.getLastEndpoint(), fakeXsub.getLastEndpoint())
                    .withName("pressed")
                    .withHwm(10, 10));
            e.attach(node);

            // Play the proxy's part in the ready rule once, subscribe to everything, then stop reading.
            fakeXpub.setReceiveTimeOut(20_000);
            byte[] readySub = fakeXpub.recv(0);
            assertThat(readySub).isNotNull();
            fakeXsub.send(readySub, 0);
            fakeXsub.send(new byte[] {1}, 0);
            // The node's XPUB may connect to fakeXsub only now (or again, after a stuck handshake):
            // fakeXsub attaches it, and replays both subscriptions to it, only inside a call on it.
            Await.until(
                    "node ready and subscription learned",
                    RawSockets.servicing(
                            () -> node.isReady() && node.clusterTopics().contains(Topic.of("")), fakeXsub));

            StringValue value = StringValue.of("x".repeat(10_000));
            Publisher p = e.publisher("zeek.pressure", Duration.ofSeconds(5));
            int refused = 0;
            int maxBuffered = 0;
            for (int i = 0; i < 3000 && refused < 200; i++) {
                if (!p.publish(value, Duration.ofMillis(200))) {
                    refused++;
                }
                PeerInfo link = e.metrics().peers().get(0);
                maxBuffered = Math.max(maxBuffered, link.bufferedMessages());
            }
            assertThat(refused).as("publishes the policy acted on").isGreaterThan(0);
            assertThat(maxBuffered).as("link buffer bounded").isLessThanOrEqualTo(bufferMessages);
            assertThat(node.sendWaitCount()).as("the XPUB reached its HWM").isPositive();
            assertThat(e.metrics().peerDropped()).isPositive();

            Await.until("a messages_dropped report", () -> {
                DataMessage m;
                while ((m = statuses.poll()) != null) {
                    if (m.topic().equals(Topic.STATUSES)
                            && Status.fromData(m.data()).code() == StatusCode.MESSAGES_DROPPED) {
                        return true;
                    }
                }
                return false;
            });

            // The consumer recovers: the node drains what it held and keeps sending.
            long before = node.sentCount();
            fakeXsub.setReceiveTimeOut(100);
            Await.until("the node sends again", () -> {
                while (fakeXsub.recv(0) != null) {
                    // drain
                }
                return node.sentCount() > before;
            });
        } finally {
            fakeXpub.close();
            fakeXsub.close();
            zmq.term();
        }
    }
}
