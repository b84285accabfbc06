package io.jbroker.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The producer side of the reliable channel (stores.md §4.1), driven tick by tick. */
class ChannelProducerTest {
    /** Records everything the producer sends, one line per message. */
    static final class Recorder implements ChannelProducer.Sink<String, String> {
        final List<String> out = new ArrayList<>();

        @Override
        public void handshake(String consumer, long offset, int hb) {
            out.add("handshake " + consumer + " " + offset + " " + hb);
        }

        @Override
        public void broadcast(long seq, String payload) {
            out.add("event " + seq + " " + payload);
        }

        @Override
        public void resend(String consumer, long seq, String payload) {
            out.add("resend " + consumer + " " + seq + " " + payload);
        }

        @Override
        public void retransmitFailed(String consumer, long seq) {
            out.add("retransmit_failed " + consumer + " " + seq);
        }

        @Override
        public void heartbeat(long seq) {
            out.add("heartbeat " + seq);
        }

        @Override
        public void dropped(String consumer, ErrorCode reason) {
            out.add("dropped " + consumer + " " + reason.brokerName());
        }

        List<String> take() {
            List<String> l = List.copyOf(out);
            out.clear();
            return l;
        }
    }

    private final Recorder rec = new Recorder();
    private final ChannelProducer<String, String> p = new ChannelProducer<>(rec, 5, 100, 1000, 8);

    @Test
    void withoutConsumersEventsAreDiscardedUnnumbered() {
        p.produce("x");
        assertThat(rec.take()).isEmpty();
        assertThat(p.seq()).isEqualTo(1);
        assertThat(p.buffered()).isZero();
    }

    @Test
    void firstEventAfterTheHandshakeHasSequenceNumberTwo() {
        assertThat(p.add("a")).isTrue();
        assertThat(p.add("a")).as("consumer_exists").isFalse();
        p.produce("x");
        p.produce("y");
        assertThat(rec.take()).containsExactly("handshake a 1 5", "event 2 x", "event 3 y");
        assertThat(p.buffered()).isEqualTo(2);
    }

    @Test
    void cumulativeAcksTrimOnlyWhatEveryConsumerHas() {
        p.add("a");
        p.add("b");
        p.produce("x");
        p.produce("y");
        p.produce("z");
        p.cumulativeAck("a", 4);
        assertThat(p.buffered()).as("b has acknowledged nothing").isEqualTo(3);
        p.cumulativeAck("b", 3);
        assertThat(p.buffered()).isEqualTo(1);
        p.cumulativeAck("b", 2); // older than what b acknowledged: ignored
        assertThat(p.buffered()).isEqualTo(1);
        p.cumulativeAck("b", 4);
        assertThat(p.buffered()).isZero();
        assertThat(p.awaitingAck("a")).isFalse();
    }

    @Test
    void nackIsAnAckOfWhatPrecedesAndResendsOrReportsEachSequenceNumber() {
        p.add("a");
        p.add("b");
        for (String s : List.of("e2", "e3", "e4", "e5")) {
            p.produce(s);
        }
        p.cumulativeAck("b", 5);
        rec.take();
        p.nack("a", List.of(3L, 5L));
        assertThat(rec.take()).containsExactly("resend a 3 e3", "resend a 5 e5");
        assertThat(p.buffered()).as("a's NACK acknowledged 2").isEqualTo(3);
        p.cumulativeAck("a", 4);
        p.nack("a", List.of(4L, 5L, 6L));
        assertThat(rec.take())
                .as("4 was trimmed, 6 never existed")
                .containsExactly("retransmit_failed a 4", "resend a 5 e5", "retransmit_failed a 6");
    }

    @Test
    void unsortedNackDropsTheConsumer() {
        p.add("a");
        p.produce("x");
        p.produce("y");
        rec.take();
        p.nack("a", List.of(3L, 2L));
        assertThat(rec.take()).containsExactly("dropped a invalid_message");
        assertThat(p.hasConsumer("a")).isFalse();
        assertThat(p.buffered()).as("no consumer left: buffer cleared").isZero();
    }

    @Test
    void nackZeroAddsRepeatsOrRestartsTheHandshake() {
        p.nack("a", List.of(0L));
        assertThat(rec.take()).containsExactly("handshake a 1 5");
        p.nack("a", List.of());
        assertThat(rec.take()).isEmpty();
        p.produce("x");
        p.nack("a", List.of(0L));
        assertThat(rec.take()).as("pending handshake: same offset").containsExactly("event 2 x", "handshake a 1 5");
        p.cumulativeAck("a", 2);
        p.produce("y");
        rec.take();
        p.nack("a", List.of(0L));
        assertThat(rec.take())
                .as("a reset consumer starts over at the current seq")
                .containsExactly("handshake a 3 5");
        assertThat(p.awaitingAck("a")).isTrue();
    }

    @Test
    void acksAndNacksFromAnUnknownConsumerAreAnsweredWithRetransmitFailed() {
        p.cumulativeAck("dropped", 7);
        p.nack("dropped", List.of(9L, 10L));
        assertThat(rec.take()).containsExactly("retransmit_failed dropped 8", "retransmit_failed dropped 9");
        assertThat(p.strangers()).isEqualTo(2);
        assertThat(p.consumers()).isZero();
    }

    @Test
    void heartbeatOnlyAfterExactlyHeartbeatIntervalTicksWithoutBroadcast() {
        p.add("a");
        rec.take();
        List<Integer> heartbeatsAt = new ArrayList<>();
        for (int t = 2; t <= 16; t++) {
            if (t == 8) {
                p.produce("x"); // at tick 7: last_broadcast = 7, next heartbeat at 12, not 10
            }
            p.tick(); // tick becomes t
            p.cumulativeAck("a", p.seq());
            if (rec.take().stream().anyMatch(s -> s.startsWith("heartbeat"))) {
                heartbeatsAt.add(t);
            }
        }
        assertThat(heartbeatsAt).containsExactly(5, 12);
    }

    @Test
    void silentConsumersTimeOutAfterHeartbeatTimesFactorTicks() {
        ChannelProducer<String, String> q = new ChannelProducer<>(rec, 2, 3, 100, 8); // timeout 6 ticks
        q.add("silent");
        q.add("talker");
        rec.take();
        for (int i = 0; i < 5; i++) {
            q.tick();
            q.cumulativeAck("talker", 1);
        }
        assertThat(rec.take()).noneMatch(s -> s.startsWith("dropped"));
        q.tick();
        assertThat(rec.take())
                .contains("dropped silent connection_timeout")
                .doesNotContain("dropped talker connection_timeout");
        assertThat(q.consumers()).isEqualTo(1);
    }

    @Test
    void consumerThatStopsAckingIsDroppedWhenTheBufferIsFullSoMemoryStaysBounded() {
        ChannelProducer<String, String> q = new ChannelProducer<>(rec, 5, 100, 3, 8);
        q.add("slow");
        q.add("fast");
        rec.take();
        for (int i = 0; i < 10_000; i++) {
            q.produce("e" + (i + 2));
            q.cumulativeAck("fast", q.seq());
            assertThat(q.buffered()).isLessThanOrEqualTo(3);
        }
        List<String> out = rec.take();
        assertThat(out).contains("retransmit_failed slow 2", "dropped slow request_timeout");
        assertThat(q.droppedSlow()).isEqualTo(1);
        assertThat(q.hasConsumer("slow")).isFalse();
        assertThat(q.hasConsumer("fast")).isTrue();
        assertThat(q.buffered()).isZero();
    }

    @Test
    void consumersBeyondTheLimitAreRefusedAndCounted() {
        ChannelProducer<String, String> q = new ChannelProducer<>(rec, 5, 100, 3, 2);
        q.nack("a", List.of(0L));
        q.nack("b", List.of(0L));
        q.nack("c", List.of(0L));
        assertThat(q.consumers()).isEqualTo(2);
        assertThat(q.refused()).isEqualTo(1);
    }

    @Test
    void resendsFindTheRightPayloadAcrossRingGrowthAndWrap() {
        p.add("a");
        p.add("b");
        for (int i = 2; i <= 600; i++) {
            p.produce("e" + i);
            if (i % 7 == 0) {
                p.cumulativeAck("b", i - 3);
                p.cumulativeAck("a", i - 50);
            }
        }
        rec.take();
        p.nack("b", List.of(596L, 597L, 600L, 601L));
        assertThat(rec.take())
                .containsExactly(
                        "resend b 596 e596", "resend b 597 e597", "resend b 600 e600", "retransmit_failed b 601");
    }
}
