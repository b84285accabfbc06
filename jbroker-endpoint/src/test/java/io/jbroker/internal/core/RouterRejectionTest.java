package io.jbroker.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.Filter;
import io.jbroker.internal.wire.MessageType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The router's rules for what a peer may send (issue #11 fault 4), checked once for every
 * transport: B (forwarding) receives from A with C subscribed to everything.
 */
class RouterRejectionTest {
    private static final EndpointId A = EndpointId.parse("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
    private static final EndpointId B = EndpointId.parse("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");
    private static final EndpointId C = EndpointId.parse("cccccccc-cccc-4ccc-8ccc-cccccccccccc");

    private final Router b = new Router(B, true);
    private final RouterTest.RecordingLink c = new RouterTest.RecordingLink(C, "");
    private final SubscriberQueue local = SubscriberQueue.of(Filter.of(List.of(Topic.of(""))), 10);

    RouterRejectionTest() {
        b.addPeer(c);
        b.addSink(local);
    }

    private static Envelope envelope(EndpointId sender, MessageType type, String topic) {
        return Envelope.of(sender, EndpointId.NIL, type, Topic.of(topic), BinaryFormat.encode(Data.count(1)));
    }

    private void assertRejected(Envelope e, String reason) {
        assertThatThrownBy(() -> b.receive(e, A))
                .isInstanceOf(RejectedEnvelopeException.class)
                .hasMessageContaining(reason)
                .satisfies(ex ->
                        assertThat(((RejectedEnvelopeException) ex).code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
        assertThat(local.poll()).isNull();
        assertThat(c.sent).isEmpty();
        assertThat(b.rejectedCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<$>/local/data/statuses",
                "<$>/local/data/errors",
                "<$>/local/data/store-events/s",
                "<$>",
                "s/<$>/data/master",
                "/a<$>b"
            })
    void dataOnAReservedTopicIsRejected(String topic) {
        assertRejected(envelope(A, MessageType.DATA, topic), topic);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<$>/local/data/statuses", "/plain", "s/<$>/data/masterX", "x<$>/data/master"})
    void aCommandOffAStoreTopicIsRejected(String topic) {
        assertRejected(envelope(A, MessageType.COMMAND, topic), "rejected command");
    }

    @Test
    void aSenderOtherThanTheDirectPeerIsRejected() {
        assertRejected(envelope(B, MessageType.DATA, "/t"), "own ID");
    }

    @Test
    void aNilOrThirdSenderIsRejected() {
        assertThatThrownBy(() -> b.receive(envelope(EndpointId.NIL, MessageType.DATA, "/t"), A))
                .hasMessageContaining("nil sender");
        assertThatThrownBy(() -> b.receive(envelope(C, MessageType.DATA, "/t"), A))
                .hasMessageContaining("not the peer it came from");
        assertThat(b.rejectedCount()).isEqualTo(2);
        assertThat(local.poll()).isNull();
        assertThat(c.sent).isEmpty();
    }

    @Test
    void storeCommandsAndPlainDataPass() {
        b.receive(envelope(A, MessageType.COMMAND, "s/<$>/data/master"), A);
        b.receive(envelope(A, MessageType.COMMAND, "<$>/data/clone"), A); // store with an empty name
        b.receive(envelope(A, MessageType.DATA, "/t"), A);
        assertThat(c.sent).hasSize(3);
        assertThat(local.poll().topic()).isEqualTo(Topic.of("/t"));
        assertThat(b.rejectedCount()).isZero();
    }
}
