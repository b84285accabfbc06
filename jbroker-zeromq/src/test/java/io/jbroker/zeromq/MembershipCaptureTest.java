package io.jbroker.zeromq;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.data.TimestampValue;
import io.jbroker.zeek.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The membership shapes against the live Zeek captures (copied into test resources). */
class MembershipCaptureTest {
    private static final byte[] FORMAT = "broker-bin-v1".getBytes(StandardCharsets.UTF_8);

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void everyCapturedHelloDecodesAndReencodesByteForByte() {
        int hellos = 0;
        for (ZeekCaptures.Recorded r : ZeekCaptures.events()) {
            if (r.frames().size() != 4 || !r.eventName().endsWith("hello")) {
                continue;
            }
            byte[] payload = r.frame(3);
            Event event = Event.parse(BinaryFormat.decode(payload));
            assertThat(BinaryFormat.encode(event.toData())).isEqualTo(payload);
            Hello hello = Hello.from(event).orElseThrow();
            assertThat(hello.kind().eventName()).isEqualTo(r.eventName());
            assertThat(hello.id().value())
                    .as("the id argument is the sender id")
                    .isEqualTo(text(r.frame(1)));
            assertThat(r.topic()).startsWith(ClusterTopics.NODE_ID_PREFIX);
            if (!event.hasMetadata()) {
                assertThat(hello.toBinary()).isEqualTo(payload);
            }
            hellos++;
        }
        assertThat(hellos).isGreaterThan(50);
    }

    /**
     * Run E: the recorder took part as the cluster node {@code jbroker} and all three Zeek nodes
     * raised node_up for it. Fed the same inputs in the same order, {@link Membership} publishes
     * exactly the messages the recorder published, byte for byte, and sees the three nodes up.
     */
    @Test
    void runEReplayedPublishesTheRecordedHellosByteForByte() {
        NodeId self = new NodeId("jbroker_jbroker_5499");
        Membership membership = new Membership("jbroker", self);
        String ownTopic = ClusterTopics.nodeIdTopic(self);
        List<List<byte[]>> published = new ArrayList<>();
        List<List<byte[]>> recorded = new ArrayList<>();
        List<Membership.Action> other = new ArrayList<>();
        for (ZeekCaptures.Recorded r : ZeekCaptures.events()) {
            if (!r.run().equals("E")) {
                continue;
            }
            List<Membership.Action> actions = List.of();
            switch (r.direction()) {
                case "proxy-xsub->recorder-xpub" -> {
                    byte[] f = r.frame(0);
                    String topic = new String(f, 1, f.length - 1, StandardCharsets.UTF_8);
                    actions = f[0] == 1 ? membership.onSubscription(topic) : membership.onUnsubscription(topic);
                }
                case "proxy-xpub->recorder-xsub" -> {
                    if (r.frames().size() == 4
                            && r.topic().equals(ownTopic)
                            && !text(r.frame(1)).equals(self.value())) {
                        actions = Hello.from(Event.parse(BinaryFormat.decode(r.frame(3))))
                                .map(membership::onHello)
                                .orElse(List.of());
                    }
                }
                case "recorder-xpub->proxy-xsub" -> recorded.add(r.frames());
                default -> {}
            }
            for (Membership.Action a : actions) {
                if (a instanceof Membership.Publish p) {
                    published.add(List.of(
                            p.topic().getBytes(StandardCharsets.UTF_8),
                            self.value().getBytes(StandardCharsets.UTF_8),
                            FORMAT,
                            p.hello().toBinary()));
                } else {
                    other.add(a);
                }
            }
        }
        assertThat(recorded).hasSize(6);
        assertThat(published).hasSameSizeAs(recorded);
        for (int i = 0; i < recorded.size(); i++) {
            assertThat(published.get(i)).as("message %d", i).containsExactlyElementsOf(recorded.get(i));
        }
        assertThat(other)
                .filteredOn(a -> a instanceof Membership.NodeUp)
                .extracting(a -> ((Membership.NodeUp) a).name())
                .containsExactlyInAnyOrder("manager", "worker-1", "worker-2");
        assertThat(membership.nodesUp()).containsKeys("manager", "worker-1", "worker-2");
    }

    @Test
    void zeekNodeIdsFromTheCapturesParse() {
        NodeId id = new NodeId("zeromq_worker-1_vm_4950_NTT9aB3hFSzoGvvqud");
        assertThat(id.parts()).contains(new NodeId.Parts("worker-1", "vm", 4950, "NTT9aB3hFSzoGvvqud"));
        assertThat(new NodeId("zeromq__452bb23deafc_8682_NDNJrZro2tB6").parts())
                .as("anonymous (no Cluster::node), from zeek/zeek#4475")
                .contains(new NodeId.Parts("", "452bb23deafc", 8682, "NDNJrZro2tB6"));
        assertThat(new NodeId("jbroker_jbroker_5499").parts())
                .as("accepted by Zeek, not Zeek's form")
                .isEmpty();
        for (ZeekCaptures.Recorded r : ZeekCaptures.events()) {
            if (r.frames().size() == 4 && text(r.frame(1)).startsWith("zeromq_")) {
                NodeId.Parts p = new NodeId(text(r.frame(1))).parts().orElseThrow();
                assertThat(NodeId.generate(p.name(), p.host(), p.pid(), p.uid()).value())
                        .isEqualTo(text(r.frame(1)));
            }
        }
    }

    @Test
    void generatedIdsHaveZeeksForm() {
        NodeId id = NodeId.generate("my_node");
        NodeId.Parts p = id.parts().orElseThrow();
        assertThat(p.name()).isEqualTo("my_node");
        assertThat(p.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(p.uid()).matches("N[0-9A-Za-z]{17}");
        assertThat(NodeId.generate("x")).isNotEqualTo(NodeId.generate("x"));
    }

    @Test
    void memberSubscriptionsMatchWhatZeekNodesSubscribed() {
        NodeId worker2 = new NodeId("zeromq_worker-2_vm_4952_NTT9aB3hFSzoGvvqud");
        List<String> subscribedInRunA = new ArrayList<>();
        for (ZeekCaptures.Recorded r : ZeekCaptures.events()) {
            if (r.run().equals("A") && r.direction().equals("proxy-xsub->recorder-xpub") && r.frame(0)[0] == 1) {
                byte[] f = r.frame(0);
                subscribedInRunA.add(new String(f, 1, f.length - 1, StandardCharsets.UTF_8));
            }
        }
        // worker-2's subscriptions arrive together, ending with its node topic
        int end = subscribedInRunA.indexOf("zeek.cluster.node.worker-2.");
        List<String> worker2Seen = subscribedInRunA.subList(end - 5, end + 1);
        List<String> expected = new ArrayList<>(List.of(ClusterTopics.SUPERVISOR, ClusterTopics.TABLE_CHANGES));
        expected.addAll(ClusterTopics.memberSubscriptions(NodeType.WORKER, "worker-2", worker2));
        assertThat(worker2Seen).containsExactlyElementsOf(expected);
        assertThat(ClusterTopics.memberSubscriptions(NodeType.MANAGER, "manager", worker2))
                .containsExactly(
                        "zeek.cluster.manager", ClusterTopics.nodeIdTopic(worker2), "zeek.cluster.node.manager.");
        assertThat(ClusterTopics.nodeIdOf(ClusterTopics.nodeIdTopic(worker2))).contains(worker2);
        assertThat(ClusterTopics.nodeIdOf("zeek.cluster.node.worker-2.")).isEmpty();
    }

    /** spec 1.5: Zeek's doctest vector in src/cluster/serializer/broker/Serializer.cc. */
    @Test
    void supervisorNodeStatusEncodesAsZeeksDoctestVector() {
        byte[] expected = HexFormat.of()
                .parseHex("0e03"
                        + "020000000000000001"
                        + "020000000000000001"
                        + "0e03"
                        + "0517"
                        + HexFormat.of().formatHex("Supervisor::node_status".getBytes(StandardCharsets.US_ASCII))
                        + "0e02"
                        + "0504" + HexFormat.of().formatHex("TEST".getBytes(StandardCharsets.US_ASCII))
                        + "02000000000000002a"
                        + "0e01"
                        + "0e02"
                        + "020000000000000001"
                        + "090000000000000000");
        Event event = new Event(
                "Supervisor::node_status", List.of(Data.string("TEST"), Data.count(42)), TimestampValue.ofNanos(0));
        assertThat(BinaryFormat.encode(event.toData())).isEqualTo(expected);
        assertThat(Event.parse(BinaryFormat.decode(expected))).isEqualTo(event);
    }
}
