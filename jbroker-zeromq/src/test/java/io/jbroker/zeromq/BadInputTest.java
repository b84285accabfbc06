package io.jbroker.zeromq;

import static io.jbroker.zeromq.RawSockets.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.CountValue;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.ErrorEvent;
import io.jbroker.endpoint.Subscriber;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMQ;

/** Malformed messages on both sockets: a typed error and a counter each, and the node keeps going. */
class BadInputTest extends ZeroMqTestBase {
    private static final byte[] SENDER = utf8("zeromq_evil_vm_1_NAAAAAAAAAAAAAAAAA");
    private static final byte[] BIN = utf8("broker-bin-v1");

    @Test
    void malformedEventsAreCountedReportedAndSkipped() throws Exception {
        JeroMqProxy proxy = proxy();
        Endpoint e = endpoint();
        Subscriber data = e.subscribe("zeek.bad");
        Subscriber events = e.statusSubscriber();
        ZeroMqNode node = node(e, proxy.nodeConfig("victim").withMaxFrameBytes(1024));
        RawSockets raw = closing(new RawSockets());
        ZMQ.Socket evil = raw.publisher(proxy, "zeek.bad");
        byte[] good = BinaryFormat.encode(CountValue.of(7));

        RawSockets.send(evil, List.of(utf8("zeek.bad.3"), SENDER, BIN));
        RawSockets.send(evil, List.of(utf8("zeek.bad.5"), SENDER, BIN, good, good));
        RawSockets.send(evil, List.of(utf8("zeek.bad garbage, one frame")));
        RawSockets.send(evil, List.of(utf8("zeek.bad.fmt"), SENDER, utf8("broker-bin-v9"), good));
        RawSockets.send(evil, List.of(utf8("zeek.bad.bin"), SENDER, BIN, new byte[] {(byte) 0xff, 0x00, 0x01}));
        RawSockets.send(evil, List.of(utf8("zeek.bad.json"), SENDER, utf8("broker-json-v1"), utf8("{\"@data-type\":")));
        RawSockets.send(evil, List.of(utf8("zeek.bad.big"), SENDER, BIN, new byte[4096]));
        RawSockets.send(evil, List.of(utf8("zeek.bad<$>/local/x"), SENDER, BIN, good));
        RawSockets.send(evil, List.of(utf8("zeek.bad.ok"), SENDER, BIN, good));

        DataMessage ok = receive(data, 1).get(0);
        assertThat(ok.topic()).isEqualTo(Topic.of("zeek.bad.ok"));
        assertThat(ok.data()).isEqualTo(CountValue.of(7));
        assertThat(node.malformedCount(MalformedKind.FRAME_COUNT)).isEqualTo(3);
        assertThat(node.malformedCount(MalformedKind.UNKNOWN_FORMAT)).isEqualTo(1);
        assertThat(node.malformedCount(MalformedKind.UNDECODABLE)).isEqualTo(2);
        assertThat(node.malformedCount(MalformedKind.OVERSIZED)).isEqualTo(1);
        assertThat(node.malformedCount(MalformedKind.BAD_TOPIC)).isEqualTo(1);
        assertThat(node.receivedCount()).isEqualTo(1);
        assertThat(e.metrics().malformed()).isEqualTo(8);

        List<ErrorEvent> errors = new ArrayList<>();
        Await.until("8 error events", () -> {
            DataMessage m;
            while ((m = events.poll()) != null) {
                if (m.topic().equals(Topic.ERRORS)) {
                    errors.add(ErrorEvent.fromData(m.data()));
                }
            }
            return errors.size() >= 8;
        });
        assertThat(errors)
                .extracting(ErrorEvent::code)
                .containsOnly(ErrorCode.INVALID_MESSAGE, ErrorCode.DESERIALIZATION_FAILED, ErrorCode.INVALID_TOPIC_KEY);
        assertThat(errors).extracting(ErrorEvent::message).anyMatch(m -> m.startsWith("zeromq frame_count"));
        assertThat(errors).extracting(ErrorEvent::message).anyMatch(m -> m.startsWith("zeromq oversized"));
    }

    @Test
    void garbageOnTheSubscriptionPathIsCountedAndSkipped() throws Exception {
        JeroMqProxy proxy = proxy();
        Endpoint e = endpoint();
        ZeroMqNode node = node(e, proxy.nodeConfig("victim"));
        RawSockets raw = closing(new RawSockets());
        ZMQ.Socket evil = raw.recorder(proxy); // an XSUB: what it sends goes upstream to every XPUB
        Await.until(
                "node sees the subscription",
                RawSockets.servicing(() -> node.clusterTopics().contains(Topic.of("")), evil),
                () -> "node saw " + node.subscriptionMessageCount() + " subscription messages: "
                        + node.clusterTopics());

        evil.send(utf8("not a subscription"), 0);
        evil.send(new byte[0], 0);
        evil.send(new byte[] {1, 'z', 'e', 'e', 'k', '.', 'o', 'k'}, 0);

        Await.until(
                "a later subscription is learned", () -> node.clusterTopics().contains(Topic.of("zeek.ok")));
        assertThat(node.malformedCount(MalformedKind.BAD_SUBSCRIPTION)).isEqualTo(2);
    }
}
