package io.jbroker.zeromq;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.data.BinaryFormat;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.zeek.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * Our node's membership against a fake Zeek node built from raw JeroMQ sockets that follows
 * Zeek's rules ({@code zeromq/main.zeek}, {@code Cluster::hello}): it subscribes to its node-id
 * topic, answers a node-id subscription it sees with {@code ZeroMQ::hello} and a ZeroMQ hello with
 * {@code Cluster::hello}. It must see our hellos in Zeek's order, and we must report it up and,
 * once its node-id topic is unsubscribed, down. Both connect to a jbroker proxy on 127.0.0.1.
 */
class ClusterMemberTest {
    private static final NodeId ZEEK = NodeId.generate("manager", "zeekhost", 4242, "NfakeZeekManager01");

    @Test
    void aZeekNodeSeesOurHellosInOrderAndWeSeeItComeAndGo() throws Exception {
        try (ZeroMqProxy proxy = ZeroMqProxy.start(ZeroMqProxyConfig.defaults()
                        .withListenXpub("tcp://127.0.0.1:*")
                        .withListenXsub("tcp://127.0.0.1:*"));
                ZMQ.Context context = ZMQ.context(1);
                Endpoint ep = Endpoint.create(
                        EndpointConfig.builder().tls(TlsConfig.off()).build())) {
            try (ZMQ.Socket zeekSub = context.socket(SocketType.XSUB);
                    ZMQ.Socket zeekPub = context.socket(SocketType.XPUB)) {
                exchange(proxy, ep, zeekSub, zeekPub);
            }
        }
    }

    private static void exchange(ZeroMqProxy proxy, Endpoint ep, ZMQ.Socket zeekSub, ZMQ.Socket zeekPub)
            throws InterruptedException {
        // The fake Zeek manager: XSUB to the proxy's XPUB, XPUB (verbose) to the proxy's XSUB.
        for (ZMQ.Socket s : List.of(zeekSub, zeekPub)) {
            s.setLinger(0);
            s.setHandshakeIvl(1000); // JeroMQ's stuck-handshake bug: retried within 1 s
            s.setReceiveTimeOut(50);
        }
        zeekPub.setXpubVerbose(true);
        zeekSub.connect(proxy.xpubEndpoint());
        zeekPub.connect(proxy.xsubEndpoint());
        String zeekTopic = ClusterTopics.nodeIdTopic(ZEEK);
        zeekSub.send(subscription(1, zeekTopic), 0);

        ZeroMqNode node = new ZeroMqNode(ZeroMqConfig.defaults()
                .withEndpoints(proxy.xpubEndpoint(), proxy.xsubEndpoint())
                .withName("jvm-1"));
        List<Membership.Action> heard = new CopyOnWriteArrayList<>();
        ClusterMember member = ClusterMember.join(ep, node, NodeType.WORKER, n -> n.equals("manager"), heard::add);
        ep.attach(node);
        assertThat(node.awaitReady(Duration.ofSeconds(20))).isTrue();
        String ourTopic = ClusterTopics.nodeIdTopic(new NodeId(node.nodeId()));

        // Zeek's side of the exchange, by its rules, driven by what arrives.
        List<String> hellosSeenByZeek = new ArrayList<>();
        boolean sawOurSubscription = false;
        boolean gotOurZeroMqHello = false;
        boolean sentClusterHello = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((!sentClusterHello || hellosSeenByZeek.size() < 2) && System.nanoTime() < deadline) {
            byte[] sub = zeekPub.recv(0);
            if (sub != null && sub[0] == 1 && topicOf(sub).equals(ourTopic) && !sawOurSubscription) {
                sawOurSubscription = true;
                send(zeekPub, ourTopic, new Hello(Hello.Kind.ZEROMQ, "manager", ZEEK));
            }
            byte[] first = zeekSub.recv(0);
            if (first != null) {
                List<byte[]> frames = new ArrayList<>(List.of(first));
                while (zeekSub.hasReceiveMore()) {
                    frames.add(zeekSub.recv(0));
                }
                assertThat(frames).hasSize(4);
                assertThat(new String(frames.get(0), StandardCharsets.UTF_8)).isEqualTo(zeekTopic);
                assertThat(new String(frames.get(1), StandardCharsets.UTF_8)).isEqualTo(node.nodeId());
                Hello h = Event.from(BinaryFormat.decode(frames.get(3)))
                        .flatMap(Hello::from)
                        .orElseThrow();
                assertThat(h.name()).isEqualTo("jvm-1");
                assertThat(h.id().value()).isEqualTo(node.nodeId());
                hellosSeenByZeek.add(h.kind().eventName());
                gotOurZeroMqHello |= h.kind() == Hello.Kind.ZEROMQ;
            }
            if (sawOurSubscription && gotOurZeroMqHello && !sentClusterHello) {
                send(zeekPub, ourTopic, new Hello(Hello.Kind.CLUSTER, "manager", ZEEK));
                sentClusterHello = true;
            }
        }
        assertThat(hellosSeenByZeek).containsExactly("Cluster::Backend::ZeroMQ::hello", "Cluster::hello");
        await("node_up", () -> member.nodesUp().containsKey("manager"));
        assertThat(heard).containsExactly(new Membership.NodeUp("manager", ZEEK));

        // Zeek goes away: its node-id topic is unsubscribed.
        zeekSub.send(subscription(0, zeekTopic), 0);
        await("node_down", () -> member.nodesUp().isEmpty());
        assertThat(heard)
                .containsExactly(new Membership.NodeUp("manager", ZEEK), new Membership.NodeDown("manager", ZEEK));
        assertThat(member.hellosSent()).isEqualTo(2);
        member.close();
    }

    private static byte[] subscription(int flag, String topic) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[t.length + 1];
        f[0] = (byte) flag;
        System.arraycopy(t, 0, f, 1, t.length);
        return f;
    }

    private static String topicOf(byte[] subscription) {
        return new String(subscription, 1, subscription.length - 1, StandardCharsets.UTF_8);
    }

    private static void send(ZMQ.Socket pub, String topic, Hello hello) {
        pub.sendMore(topic);
        pub.sendMore(ZEEK.value());
        pub.sendMore("broker-bin-v1");
        pub.send(hello.toBinary(), 0);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
