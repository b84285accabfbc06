package io.jbroker.zeromq;

import static io.jbroker.zeromq.RawSockets.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.Subscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMQ;

/** The exact frames of a live Zeek cluster (captures in src/test/resources/zeek-zeromq), both ways. */
class CapturedFramesTest extends ZeroMqTestBase {
    @Test
    void capturedEventsAreReceivedAsZeekSentThem() throws Exception {
        JeroMqProxy proxy = proxy();
        Endpoint e = endpoint();
        Subscriber s = e.subscribe("zeek.");
        ZeroMqNode node = node(e, proxy.nodeConfig("listener"));
        List<ZeroMqEvent> tapped = new CopyOnWriteArrayList<>();
        node.onReceive(tapped::add);
        RawSockets raw = closing(new RawSockets());
        ZMQ.Socket zeek = raw.publisher(proxy, "zeek.");

        List<Captures.Message> events = Captures.events("events.jsonl");
        assertThat(events).hasSize(7);
        for (Captures.Message m : events) {
            RawSockets.send(zeek, m.frames());
        }

        List<DataMessage> got = receive(s, events.size());
        for (int i = 0; i < events.size(); i++) {
            Captures.Message m = events.get(i);
            DataMessage d = got.get(i);
            assertThat(d.topic().bytes()).isEqualTo(m.frames().get(0));
            // Decoded and encoded again, the value gives Zeek's bytes back.
            assertThat(BinaryFormat.encode(d.data()))
                    .as("seq %d", m.seq())
                    .isEqualTo(m.frames().get(3));
        }
        Await.until("tap saw all", () -> tapped.size() == events.size());
        assertThat(tapped.get(0).sender())
                .isEqualTo(new String(events.get(0).frames().get(1), StandardCharsets.UTF_8));
        assertThat(tapped.get(0).format()).isEqualTo(EventFormat.BROKER_BIN_V1);
        assertThat(node.receivedCount()).isEqualTo(events.size());
        assertThat(node.malformedCount()).isZero();
    }

    @Test
    void publishedEventHasTheFramesZeekSends() throws Exception {
        JeroMqProxy proxy = proxy();
        Endpoint e = endpoint();
        ZeroMqNode node = node(e, proxy.nodeConfig("worker-1"));
        RawSockets raw = closing(new RawSockets());
        ZMQ.Socket recorder = raw.recorder(proxy);
        Await.until(
                "node sees the recorder",
                RawSockets.servicing(() -> node.clusterTopics().contains(Topic.of("")), recorder),
                () -> "node saw " + node.subscriptionMessageCount() + " subscription messages: "
                        + node.clusterTopics());

        Captures.Message typed = Captures.events("events.jsonl").stream()
                .filter(m -> m.seq() == 18)
                .findFirst()
                .orElseThrow();
        Data value = BinaryFormat.decode(typed.frames().get(3));
        e.publish("zeek.interop.typed", value);

        List<byte[]> frames = RawSockets.receive(recorder);
        assertThat(frames).hasSize(4);
        assertThat(frames.get(0)).isEqualTo(typed.frames().get(0));
        assertThat(frames.get(1)).isEqualTo(utf8(node.nodeId()));
        assertThat(frames.get(2)).isEqualTo(typed.frames().get(2)).isEqualTo(utf8("broker-bin-v1"));
        assertThat(frames.get(3)).isEqualTo(typed.frames().get(3));
    }

    /** The digest's vector (spec 1.5): Supervisor::node_status("TEST", 42) with a 0.0 timestamp. */
    static byte[] nodeStatusVector() {
        ByteBuffer b = ByteBuffer.allocate(128);
        b.put(HexFormat.of().parseHex("0e03"));
        b.put((byte) 0x02).putLong(1);
        b.put((byte) 0x02).putLong(1);
        b.put(HexFormat.of().parseHex("0e03"));
        b.put(HexFormat.of().parseHex("0517")).put(utf8("Supervisor::node_status"));
        b.put(HexFormat.of().parseHex("0e02"));
        b.put(HexFormat.of().parseHex("0504")).put(utf8("TEST"));
        b.put((byte) 0x02).putLong(42);
        b.put(HexFormat.of().parseHex("0e010e02"));
        b.put((byte) 0x02).putLong(1);
        b.put((byte) 0x09).putLong(0);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    @Test
    void digestNodeStatusVectorBothWays() throws Exception {
        byte[] vector = nodeStatusVector();
        JeroMqProxy proxy = proxy();
        Endpoint e = endpoint();
        Subscriber s = e.subscribe("zeek/supervisor");
        ZeroMqNode node = node(e, proxy.nodeConfig("manager"));
        RawSockets raw = closing(new RawSockets());
        ZMQ.Socket zeek = raw.publisher(proxy, "zeek/supervisor");
        ZMQ.Socket recorder = raw.recorder(proxy);
        Await.until(
                "node sees the recorder",
                RawSockets.servicing(() -> node.clusterTopics().contains(Topic.of("")), recorder),
                () -> "node saw " + node.subscriptionMessageCount() + " subscription messages: "
                        + node.clusterTopics());

        List<byte[]> in = new ArrayList<>(List.of(
                utf8("zeek/supervisor"),
                utf8("zeromq_supervisor_vm_1_NAAAAAAAAAAAAAAAAA"),
                utf8("broker-bin-v1"),
                vector));
        RawSockets.send(zeek, in);
        DataMessage got = receive(s, 1).get(0);
        assertThat(BinaryFormat.encode(got.data())).isEqualTo(vector);
        List<byte[]> seen = RawSockets.receive(recorder); // the recorder sees Zeek's message first
        assertThat(seen.get(3)).isEqualTo(vector);

        e.publish("zeek/supervisor", got.data());
        List<byte[]> out = RawSockets.receive(recorder);
        assertThat(out.get(1)).isEqualTo(utf8(node.nodeId()));
        assertThat(out.get(3)).isEqualTo(vector);
    }

    @Test
    void jsonV1CaptureIsAccepted() throws Exception {
        JeroMqProxy proxy = proxy();
        Endpoint e = endpoint();
        Subscriber s = e.subscribe("zeek.");
        ZeroMqNode node = node(e, proxy.nodeConfig("listener"));
        List<ZeroMqEvent> tapped = new CopyOnWriteArrayList<>();
        node.onReceive(tapped::add);
        RawSockets raw = closing(new RawSockets());
        ZMQ.Socket zeek = raw.publisher(proxy, "zeek.");

        List<Captures.Message> events = Captures.events("json-v1-events.jsonl");
        int valid = 0;
        for (Captures.Message m : events) {
            assertThat(m.frames().get(2)).isEqualTo(utf8("broker-json-v1"));
            RawSockets.send(zeek, m.frames());
            if (!m.decoded().has("error")) {
                valid++;
            }
        }
        int expected = valid;
        List<DataMessage> got = receive(s, expected);
        assertThat(got).extracting(DataMessage::topic).allMatch(t -> t.toString()
                .startsWith("zeek."));
        Await.until("all counted", () -> node.receivedCount() + node.malformedCount() == events.size());
        // The two payloads with raw non-UTF-8 bytes in a JSON string (the capture README, point 7).
        assertThat(node.malformedCount(MalformedKind.UNDECODABLE)).isEqualTo(events.size() - expected);
        assertThat(tapped).allMatch(t -> t.format() == EventFormat.BROKER_JSON_V1);
    }
}
