package io.jbroker.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.endpoint.OverflowPolicy;
import io.jbroker.internal.wire.Filter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SubscriberQueueTest {
    private static DataMessage msg(long n) {
        return DataMessage.of("/t", Data.count(n));
    }

    private static SubscriberQueue queue(int capacity, OverflowPolicy policy) {
        return new SubscriberQueue(Filter.of(List.of(Topic.of("/t"))), capacity, policy);
    }

    @Test
    void dropNewestKeepsTheFirstMessagesAndCountsDrops() {
        SubscriberQueue q = queue(2, OverflowPolicy.DROP_NEWEST);
        assertThat(q.offer(msg(1))).isTrue();
        assertThat(q.offer(msg(2))).isTrue();
        assertThat(q.offer(msg(3))).isFalse();
        assertThat(q.droppedCount()).isEqualTo(1);
        assertThat(q.drain(10)).containsExactly(msg(1), msg(2));
    }

    @Test
    void dropOldestKeepsTheLatestMessages() {
        SubscriberQueue q = queue(2, OverflowPolicy.DROP_OLDEST);
        for (int i = 1; i <= 5; i++) {
            q.offer(msg(i));
        }
        assertThat(q.droppedCount()).isEqualTo(3);
        assertThat(q.drain(10)).containsExactly(msg(4), msg(5));
    }

    @Test
    void disconnectClosesTheQueueAndNotifiesOnce() {
        SubscriberQueue q = queue(1, OverflowPolicy.DISCONNECT);
        AtomicInteger calls = new AtomicInteger();
        q.onOverflowDisconnect(calls::incrementAndGet);
        q.offer(msg(1));
        assertThat(q.offer(msg(2))).isFalse();
        assertThat(q.offer(msg(3))).isFalse();
        assertThat(q.isClosed()).isTrue();
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void takeWaitsForAMessageAndTimesOut() throws Exception {
        SubscriberQueue q = queue(4, OverflowPolicy.DROP_NEWEST);
        assertThat(q.take(Duration.ofMillis(20))).isNull();
        Thread t = new Thread(() -> q.offer(msg(9)));
        t.start();
        assertThat(q.take(Duration.ofSeconds(10))).isEqualTo(msg(9));
        t.join();
    }

    @Test
    void closedQueueWakesWaitersAndRejectsOffers() throws Exception {
        SubscriberQueue q = queue(4, OverflowPolicy.DROP_NEWEST);
        Thread t = new Thread(q::close);
        t.start();
        assertThat(q.take(Duration.ofSeconds(10))).isNull();
        t.join();
        assertThat(q.offer(msg(1))).isFalse();
    }
}
