package io.jbroker.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.data.DecodeException;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.Filter;
import io.jbroker.internal.wire.MessageType;
import io.jbroker.internal.wire.WireFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final EndpointId A = EndpointId.parse("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
    private static final EndpointId B = EndpointId.parse("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");
    private static final EndpointId C = EndpointId.parse("cccccccc-cccc-4ccc-8ccc-cccccccccccc");
    private static final EndpointId D = EndpointId.parse("dddddddd-dddd-4ddd-8ddd-dddddddddddd");

    /** A peer link that records what it was sent. */
    static final class RecordingLink implements PeerLink {
        final EndpointId id;
        volatile Filter filter;
        final List<Envelope> sent = new ArrayList<>();

        RecordingLink(EndpointId id, String... topics) {
            this.id = id;
            this.filter = RouterTest.filter(topics);
        }

        @Override
        public EndpointId remoteId() {
            return id;
        }

        @Override
        public Filter filter() {
            return filter;
        }

        @Override
        public synchronized boolean send(Envelope envelope) {
            sent.add(envelope);
            return true;
        }
    }

    private static Filter filter(String... topics) {
        List<Topic> t = new ArrayList<>();
        for (String s : topics) {
            t.add(Topic.of(s));
        }
        return Filter.of(t);
    }

    @Test
    void localPublicationGoesToMatchingPeersAndLocalSubscribersWithOneEncoding() {
        Router r = new Router(A, false);
        RecordingLink b = new RecordingLink(B, "/x");
        RecordingLink c = new RecordingLink(C, "/x/y");
        RecordingLink d = new RecordingLink(D, "/other");
        r.addPeer(b);
        r.addPeer(c);
        r.addPeer(d);
        SubscriberQueue local = SubscriberQueue.of(filter("/x"), 10);
        r.addSink(local);

        Envelope e = Envelope.data(A, EndpointId.NIL, Topic.of("/x/y/z"), Data.count(1));
        r.publish(e, Data.count(1));

        assertThat(b.sent).containsExactly(e);
        assertThat(c.sent).containsExactly(e);
        assertThat(b.sent.get(0).frame()).isSameAs(c.sent.get(0).frame());
        assertThat(d.sent).isEmpty();
        assertThat(local.poll()).isEqualTo(DataMessage.of("/x/y/z", Data.count(1)));
    }

    @Test
    void addressedMessageGoesOnlyToThatDirectPeerEvenWithoutSubscription() {
        Router r = new Router(B, true);
        RecordingLink a = new RecordingLink(A);
        RecordingLink c = new RecordingLink(C, "/direct");
        r.addPeer(a);
        r.addPeer(c);
        r.publish(Envelope.data(B, A, Topic.of("/direct"), Data.count(7)), Data.count(7));
        assertThat(a.sent).hasSize(1);
        assertThat(c.sent).isEmpty();
    }

    @Test
    void withoutForwardingReceivedMessagesAreOnlyDeliveredLocally() {
        Router b = new Router(B, false);
        RecordingLink a = new RecordingLink(A, "/t");
        RecordingLink c = new RecordingLink(C, "/t");
        b.addPeer(a);
        b.addPeer(c);
        SubscriberQueue local = SubscriberQueue.of(filter("/t"), 10);
        b.addSink(local);
        b.receive(Envelope.data(A, EndpointId.NIL, Topic.of("/t"), Data.string("m")), A);
        assertThat(local.available()).isEqualTo(1);
        assertThat(a.sent).isEmpty();
        assertThat(c.sent).isEmpty();
    }

    @Test
    void chainForwardingRewritesSenderNeverEchoesAndDecrementsTtl() {
        Router b = new Router(B, true);
        RecordingLink a = new RecordingLink(A, "/chain/a");
        RecordingLink c = new RecordingLink(C, "/chain/c");
        b.addPeer(a);
        b.addPeer(c);
        Envelope m2 = Envelope.data(A, EndpointId.NIL, Topic.of("/chain/c/2"), Data.string("m2"));
        b.receive(m2, A);
        assertThat(a.sent).isEmpty();
        assertThat(c.sent).hasSize(1);
        Envelope relayed = c.sent.get(0);
        assertThat(relayed.sender()).isEqualTo(B);
        assertThat(relayed.receiver().isNil()).isTrue();
        assertThat(relayed.ttl()).isEqualTo(WireFormat.DEFAULT_TTL - 1);
        assertThat(relayed.decodeData()).isEqualTo(Data.string("m2"));
        assertThat(b.forwardedCount()).isEqualTo(1);
    }

    @Test
    void aRelayToSeveralPeersIsOneRewrittenCopyAndIsNeverDecoded() {
        Router b = new Router(B, true);
        RecordingLink a = new RecordingLink(A, "/r");
        RecordingLink c = new RecordingLink(C, "/r");
        RecordingLink d = new RecordingLink(D, "/r");
        b.addPeer(a);
        b.addPeer(c);
        b.addPeer(d);
        Envelope in = Envelope.data(A, EndpointId.NIL, Topic.of("/r/1"), Data.vector(Data.count(1), Data.string("x")));

        b.receive(in, A);

        assertThat(c.sent).hasSize(1);
        assertThat(d.sent).hasSize(1);
        assertThat(c.sent.get(0)).isSameAs(d.sent.get(0));
        byte[] relayed = c.sent.get(0).frame();
        // Only sender (bytes 4..19) and TTL (37..38) differ from the received frame.
        byte[] expected = in.frame().clone();
        System.arraycopy(relayed, 4, expected, 4, 16);
        expected[37] = relayed[37];
        expected[38] = relayed[38];
        assertThat(relayed).isEqualTo(expected);
        assertThat(b.decodedCount()).isZero();
        assertThat(b.forwardedCount()).isEqualTo(2);
    }

    @Test
    void aPayloadIsDecodedOnceHoweverManyLocalSubscribersWantIt() {
        Router b = new Router(B, false);
        SubscriberQueue one = SubscriberQueue.of(filter("/d"), 10);
        SubscriberQueue two = SubscriberQueue.of(filter("/d/e"), 10);
        b.addSink(one);
        b.addSink(two);

        b.receive(Envelope.data(A, EndpointId.NIL, Topic.of("/d/e"), Data.count(5)), A);

        assertThat(b.decodedCount()).isEqualTo(1);
        assertThat(one.poll().data()).isSameAs(two.poll().data());
    }

    @Test
    void envelopeWhoseTtlRunsOutIsNotRelayed() {
        Router b = new Router(B, true);
        RecordingLink c = new RecordingLink(C, "/t");
        b.addPeer(new RecordingLink(A, "/t"));
        b.addPeer(c);
        Envelope e = Envelope.data(A, EndpointId.NIL, Topic.of("/t"), Data.count(1));
        Envelope lastHop = e.forwardedCopy(A, 1);
        b.receive(lastHop, A);
        assertThat(c.sent).isEmpty();
        assertThat(b.ttlExpiredCount()).isEqualTo(1);
    }

    @Test
    void ringOfForwardingRoutersStopsCirculatingWithinTtlHops() {
        // A -> B -> C -> A ... each forwards to the next only (a directed ring).
        Router[] ring = {new Router(A, true), new Router(B, true), new Router(C, true)};
        EndpointId[] ids = {A, B, C};
        RecordingLink[] next = new RecordingLink[3];
        for (int i = 0; i < 3; i++) {
            next[i] = new RecordingLink(ids[(i + 1) % 3], "/loop");
            ring[i].addPeer(next[i]);
        }
        int hops = 0;
        int at = 1; // A published to B
        Envelope current = Envelope.data(A, EndpointId.NIL, Topic.of("/loop"), Data.count(1));
        EndpointId from = A;
        while (current != null && hops < 100) {
            int before = next[at].sent.size();
            ring[at].receive(current, from);
            hops++;
            current = next[at].sent.size() > before ? next[at].sent.get(before) : null;
            from = ids[at];
            at = (at + 1) % 3;
        }
        // Received with TTL 16, 15, ..., 1; the node holding TTL 1 does not relay.
        assertThat(hops).isEqualTo(WireFormat.DEFAULT_TTL);
    }

    @Test
    void malformedDataPayloadIsDroppedAndNotForwarded() {
        Router b = new Router(B, true);
        RecordingLink c = new RecordingLink(C, "/t");
        b.addPeer(c);
        Envelope bad = Envelope.of(A, EndpointId.NIL, MessageType.DATA, Topic.of("/t"), new byte[] {0x0f});
        assertThatThrownBy(() -> b.receive(bad, A)).isInstanceOf(DecodeException.class);
        assertThat(c.sent).isEmpty();
        assertThat(b.malformedCount()).isEqualTo(1);
    }

    @Test
    void removedPeerReceivesNothingMore() {
        Router r = new Router(A, false);
        RecordingLink b = new RecordingLink(B, "/t");
        r.addPeer(b);
        r.removePeer(B);
        r.publish(Envelope.data(A, EndpointId.NIL, Topic.of("/t"), Data.count(1)), Data.count(1));
        assertThat(b.sent).isEmpty();
        assertThat(r.peer(B)).isNull();
    }

    @Test
    void withADuplicateWindowOwnPublicationsComingBackRoundACycleAreDropped() {
        Router a = new Router(A, true, java.time.Duration.ofSeconds(10));
        RecordingLink b = new RecordingLink(B, "/t");
        RecordingLink c = new RecordingLink(C, "/t");
        a.addPeer(b);
        a.addPeer(c);
        SubscriberQueue local = SubscriberQueue.of(filter("/t"), 10);
        a.addSink(local);
        Envelope e = Envelope.data(A, EndpointId.NIL, Topic.of("/t"), Data.count(1));
        a.publish(e, Data.count(1));
        // The copy B relayed comes back to A through C: neither delivered nor relayed again.
        a.receive(e.forwardedCopy(C, WireFormat.DEFAULT_TTL - 2), C);
        assertThat(local.available()).isEqualTo(1);
        assertThat(b.sent).hasSize(1);
        assertThat(a.duplicateCount()).isEqualTo(1);
    }

    /** A sink whose every offer throws, as a buggy handler run by a direct executor would. */
    private static SubscriberQueue throwingSink(String topic) {
        SubscriberQueue q = SubscriberQueue.of(filter(topic), 10);
        q.onAvailable(() -> {
            throw new IllegalStateException("sink bug");
        });
        return q;
    }

    @Test
    void aThrowingSinkCostsNeitherTheOtherSinksNorThePeersOfALocalPublication() {
        Router r = new Router(A, false);
        RecordingLink b = new RecordingLink(B, "/t");
        r.addPeer(b);
        r.addSink(throwingSink("/t"));
        SubscriberQueue second = SubscriberQueue.of(filter("/t"), 10);
        r.addSink(second);
        Envelope e = Envelope.data(A, EndpointId.NIL, Topic.of("/t"), Data.count(1));

        assertThatThrownBy(() -> r.publish(e, Data.count(1))).hasMessageContaining("sink bug");

        assertThat(second.poll()).isEqualTo(DataMessage.of("/t", Data.count(1)));
        assertThat(b.sent).containsExactly(e);
    }

    @Test
    void aThrowingSinkInAReadBatchCostsNeitherTheOtherSinksNorARepeat() {
        Router r = new Router(B, false);
        r.addSink(throwingSink("/t"));
        SubscriberQueue second = SubscriberQueue.of(filter("/t"), 10);
        r.addSink(second);
        InboundBatch batch = new InboundBatch();
        r.receive(Envelope.data(A, EndpointId.NIL, Topic.of("/t"), Data.count(1)), A, batch);

        assertThatThrownBy(() -> r.flush(batch, NO_SOURCE)).hasMessageContaining("sink bug");
        assertThat(batch.isEmpty())
                .as("batch handed over even though a sink threw")
                .isTrue();
        r.flush(batch, NO_SOURCE); // the close path flushes again: nothing is delivered twice
        assertThat(second.poll()).isEqualTo(DataMessage.of("/t", Data.count(1)));
        assertThat(second.poll()).isNull();
    }

    private static final BoundedQueue.Source NO_SOURCE = new BoundedQueue.Source() {
        @Override
        public void pause() {}

        @Override
        public void resume() {}
    };
}
