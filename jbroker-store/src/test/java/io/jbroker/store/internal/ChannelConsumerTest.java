package io.jbroker.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The consumer side of the reliable channel (stores.md §4.2), driven tick by tick. */
class ChannelConsumerTest {
    static final class Recorder implements ChannelConsumer.Sink<String> {
        final List<String> out = new ArrayList<>();

        @Override
        public void consume(long seq, String payload) {
            out.add("consume " + seq + " " + payload);
        }

        @Override
        public void cumulativeAck(long seq) {
            out.add("ack " + seq);
        }

        @Override
        public void nack(List<Long> seqs) {
            out.add("nack " + seqs);
        }

        @Override
        public void lost(long seq) {
            out.add("lost " + seq);
        }

        List<String> take() {
            List<String> l = List.copyOf(out);
            out.clear();
            return l;
        }
    }

    private final Recorder rec = new Recorder();
    private final ChannelConsumer<String> c = new ChannelConsumer<>(rec, 2, 1000);

    private List<String> ticks(int n) {
        for (int i = 0; i < n; i++) {
            c.tick();
        }
        return rec.take();
    }

    @Test
    void asksForAHandshakeEveryNackTimeoutTicksUntilItHasOne() {
        assertThat(c.initialized()).isFalse();
        assertThat(ticks(1)).isEmpty();
        assertThat(ticks(1)).containsExactly("nack [0]");
        assertThat(ticks(2)).containsExactly("nack [0]");
        c.handshake(1, 5);
        assertThat(rec.take()).containsExactly("ack 1");
        c.handshake(7, 5);
        assertThat(rec.take()).as("a second handshake is ignored").isEmpty();
        assertThat(c.nextSeq()).isEqualTo(2);
    }

    @Test
    void deliversInOrderWhateverTheArrivalOrder() {
        c.handshake(1, 5);
        rec.take();
        c.event(4, "d");
        c.event(3, "c");
        assertThat(rec.take()).isEmpty();
        c.event(2, "b");
        assertThat(rec.take()).containsExactly("consume 2 b", "consume 3 c", "consume 4 d");
        c.event(3, "again");
        c.event(4, "again");
        assertThat(rec.take()).as("old sequence numbers are ignored").isEmpty();
    }

    @Test
    void eventsBeforeTheHandshakeAreBufferedAndThoseAtOrBelowTheOffsetDiscarded() {
        c.event(2, "old");
        c.event(4, "d");
        c.event(5, "e");
        c.handshake(3, 5);
        assertThat(rec.take()).containsExactly("consume 4 d", "consume 5 e", "ack 5");
    }

    @Test
    void aGapIsNackedAfterNackTimeoutIdleTicksThenFilled() {
        c.handshake(1, 5);
        c.event(2, "b");
        c.event(5, "e");
        c.event(4, "d"); // missing: 3
        rec.take();
        assertThat(ticks(1)).as("progress in this tick").isEmpty();
        assertThat(ticks(1)).isEmpty();
        assertThat(ticks(1)).containsExactly("nack [3]");
        c.event(3, "c");
        assertThat(rec.take()).containsExactly("consume 3 c", "consume 4 d", "consume 5 e");
    }

    @Test
    void aHeartbeatRevealsATrailingGap() {
        c.handshake(1, 5);
        c.event(2, "b");
        c.heartbeat(4); // the producer is at 4: 3 and 4 are missing
        rec.take();
        assertThat(ticks(3)).containsExactly("nack [3, 4]");
    }

    @Test
    void heartbeatsBeforeTheHandshakeAndOfSeqZeroAreIgnored() {
        c.heartbeat(9);
        c.handshake(1, 5);
        c.heartbeat(0);
        rec.take();
        assertThat(ticks(6)).noneMatch(s -> s.startsWith("nack"));
    }

    @Test
    void retransmitFailedSkipsTheLostEventAndGoesOn() {
        c.handshake(1, 5);
        c.event(3, "c");
        rec.take();
        c.retransmitFailed(2);
        assertThat(rec.take()).containsExactly("lost 2", "consume 3 c");
        assertThat(c.nextSeq()).isEqualTo(4);
    }

    @Test
    void retransmitFailedAheadLeavesALostMarkerThatALateEventReplaces() {
        c.handshake(1, 5);
        c.retransmitFailed(3);
        c.retransmitFailed(4);
        c.event(4, "d arrived after all");
        c.event(2, "b");
        assertThat(rec.take()).containsExactly("ack 1", "consume 2 b", "lost 3", "consume 4 d arrived after all");
    }

    @Test
    void acknowledgesCumulativelyEveryHeartbeatIntervalTicks() {
        c.handshake(1, 5);
        rec.take();
        List<String> out = ticks(10);
        assertThat(out).containsExactly("ack 1", "ack 1");
        c.event(2, "b");
        assertThat(ticks(5)).containsExactly("consume 2 b", "ack 2");
    }

    @Test
    void outOfOrderBufferIsBoundedAndOverflowIsCountedThenNackedAgain() {
        ChannelConsumer<String> small = new ChannelConsumer<>(rec, 2, 2);
        small.handshake(1, 5);
        small.event(4, "d");
        small.event(5, "e");
        small.event(6, "f"); // no room
        assertThat(small.overflowed()).isEqualTo(1);
        rec.take();
        for (int i = 0; i < 3; i++) {
            small.tick();
        }
        assertThat(rec.take()).containsExactly("nack [2, 3]");
        small.event(2, "b");
        small.event(3, "c");
        small.heartbeat(6);
        rec.take();
        for (int i = 0; i < 3; i++) {
            small.tick();
        }
        assertThat(rec.take().stream().filter(s -> s.startsWith("nack"))).containsExactly("nack [6]");
    }

    @Test
    void nackListsAreBounded() {
        c.handshake(1, 5);
        c.heartbeat(1_000_000_000L);
        rec.take();
        List<String> out = ticks(3);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).split(",")).hasSize(1024);
    }

    @Test
    void acksEarlyOnceEnoughEventsArrivedSinceTheLastAck() {
        c.handshake(1, 5);
        assertThat(rec.take()).containsExactly("ack 1");
        for (long seq = 2; seq <= 4; seq++) {
            c.event(seq, "e" + seq);
        }
        rec.take();
        c.ackIfBehind(4);
        assertThat(rec.take()).as("3 events since the last ACK").isEmpty();
        c.event(5, "e5");
        rec.take();
        c.ackIfBehind(4);
        assertThat(rec.take()).containsExactly("ack 5");
        c.ackIfBehind(1);
        assertThat(rec.take()).as("nothing new").isEmpty();
    }

    @Test
    void heldAcksAreNotSentUntilReleasedButTheHandshakeIsAcked() {
        c.holdAcks(true);
        c.handshake(1, 1);
        assertThat(rec.take()).containsExactly("ack 1");
        c.event(2, "e2");
        assertThat(rec.take()).containsExactly("consume 2 e2");
        c.ackIfBehind(1);
        assertThat(ticks(3)).as("no ACK while held, even on heartbeats").isEmpty();
        c.holdAcks(false);
        c.ackIfBehind(1);
        assertThat(rec.take()).containsExactly("ack 2");
    }
}
