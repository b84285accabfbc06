package io.jbroker.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.ErrorCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A producer and two consumers joined by a link that loses a third of all messages in both
 * directions and delivers the rest in random order: every consumer still gets every event exactly
 * once and in order, and the producer's buffer drains.
 */
class ChannelLossyLinkTest {
    private final List<Runnable> toConsumers = new ArrayList<>();
    private final List<Runnable> toProducer = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private ChannelProducer<Integer, Integer> producer;
    private final List<ChannelConsumer<Integer>> consumers = new ArrayList<>();
    private final List<List<Integer>> received = new ArrayList<>();

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void everyConsumerConvergesDespiteLossAndReordering(long seed) {
        Random rnd = new Random(seed);
        producer = new ChannelProducer<>(new ProducerOut(), 5, 100, 100_000, 8);
        for (int i = 0; i < 2; i++) {
            int id = i;
            received.add(new ArrayList<>());
            consumers.add(new ChannelConsumer<>(new ConsumerOut(id), 2, 100_000));
        }
        int total = 500;
        int produced = 0;
        for (int round = 0; round < 5_000; round++) {
            for (int k = 0; k < 3 && produced < total && producer.consumers() == 2; k++) {
                producer.produce(produced++);
            }
            deliver(rnd, toConsumers);
            deliver(rnd, toProducer);
            producer.tick();
            consumers.forEach(ChannelConsumer::tick);
            if (produced == total && received.stream().allMatch(r -> r.size() == total) && producer.buffered() == 0) {
                break;
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            expected.add(i);
        }
        assertThat(problems).isEmpty();
        assertThat(received.get(0)).isEqualTo(expected);
        assertThat(received.get(1)).isEqualTo(expected);
        assertThat(producer.buffered()).isZero();
    }

    private static void deliver(Random rnd, List<Runnable> queue) {
        List<Runnable> now = new ArrayList<>(queue);
        queue.clear();
        Collections.shuffle(now, rnd);
        for (Runnable r : now) {
            if (rnd.nextInt(3) != 0) {
                r.run();
            }
        }
    }

    private final class ProducerOut implements ChannelProducer.Sink<Integer, Integer> {
        @Override
        public void handshake(Integer consumer, long offset, int hb) {
            toConsumers.add(() -> consumers.get(consumer).handshake(offset, hb));
        }

        @Override
        public void broadcast(long seq, Integer payload) {
            for (ChannelConsumer<Integer> c : consumers) {
                toConsumers.add(() -> c.event(seq, payload));
            }
        }

        @Override
        public void resend(Integer consumer, long seq, Integer payload) {
            toConsumers.add(() -> consumers.get(consumer).event(seq, payload));
        }

        @Override
        public void retransmitFailed(Integer consumer, long seq) {
            toConsumers.add(() -> consumers.get(consumer).retransmitFailed(seq));
        }

        @Override
        public void heartbeat(long seq) {
            for (ChannelConsumer<Integer> c : consumers) {
                toConsumers.add(() -> c.heartbeat(seq));
            }
        }

        @Override
        public void dropped(Integer consumer, ErrorCode reason) {
            problems.add("dropped " + consumer + " " + reason);
        }
    }

    private final class ConsumerOut implements ChannelConsumer.Sink<Integer> {
        private final int id;

        ConsumerOut(int id) {
            this.id = id;
        }

        @Override
        public void consume(long seq, Integer payload) {
            received.get(id).add(payload);
        }

        @Override
        public void cumulativeAck(long seq) {
            toProducer.add(() -> producer.cumulativeAck(id, seq));
        }

        @Override
        public void nack(List<Long> seqs) {
            toProducer.add(() -> producer.nack(id, seqs));
        }

        @Override
        public void lost(long seq) {
            problems.add("consumer " + id + " lost " + seq);
        }
    }
}
