package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.BrokerException;
import io.jbroker.DataMessage;
import io.jbroker.ErrorCode;
import io.jbroker.data.Data;
import io.jbroker.endpoint.testing.Endpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PublisherTest {
    @RegisterExtension
    final Endpoints endpoints = new Endpoints();

    private Endpoint endpoint(int subscriberQueue, int peerBuffer) {
        Endpoint e = Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .ioThreads(1)
                .subscriberQueueSize(subscriberQueue)
                .peerBufferMessages(peerBuffer)
                .build());
        endpoints.track(e);
        return e;
    }

    @Test
    void publisherWaitsForAFullLocalSubscriberInsteadOfDropping() throws Exception {
        Endpoint a = endpoint(4, 16);
        Subscriber sub = a.subscribe("/bp");
        Publisher pub = a.publisher("/bp", Duration.ofSeconds(10));
        int n = 2000;
        Thread consumer = new Thread(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    DataMessage m = sub.get(Duration.ofSeconds(10));
                    if (m == null || !m.data().equals(Data.count(i))) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        for (int i = 0; i < n; i++) {
            pub.publish(Data.count(i));
        }
        consumer.join(20_000);
        assertThat(consumer.isAlive()).isFalse();
        assertThat(sub.droppedCount()).isZero();
        assertThat(pub.publishedCount()).isEqualTo(n);
    }

    @Test
    void publishTimesOutWhenNobodyReadsAndSaysSoAndThePolicyCountsTheDrop() throws Exception {
        Endpoint a = endpoint(2, 16);
        Subscriber sub = a.subscribe("/stuck");
        Publisher pub = a.publisher("/stuck", Duration.ofMillis(50));
        assertThat(pub.publish(Data.count(1), Duration.ofMillis(50))).isTrue();
        assertThat(pub.publish(Data.count(2), Duration.ofMillis(50))).isTrue();
        assertThat(pub.publish(Data.count(3), Duration.ofMillis(50))).isFalse();
        assertThatThrownBy(() -> pub.publish(Data.count(4)))
                .isInstanceOfSatisfying(
                        BrokerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_TIMEOUT));
        assertThat(pub.timedOutCount()).isEqualTo(2);
        // The subscriber's policy (drop_oldest) took over when the waits ran out: counted, not silent.
        assertThat(sub.droppedCount()).isEqualTo(2);
        assertThat(sub.poll(10))
                .containsExactly(DataMessage.of("/stuck", Data.count(3)), DataMessage.of("/stuck", Data.count(4)));
    }

    @Test
    void aStalledSubscriberHoldsAPublisherBackOnlyForTheStallTimeout() throws Exception {
        Endpoint a = Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .ioThreads(1)
                .subscriberQueueSize(4)
                .stallTimeout(Duration.ofSeconds(1))
                .build());
        endpoints.track(a);
        Subscriber stuck = a.subscribe("/s");
        Subscriber reader = a.subscribe("/s");
        Publisher pub = a.publisher("/s", Duration.ofSeconds(30));
        int n = 1000;
        List<DataMessage> got = new ArrayList<>();
        Thread consumer = new Thread(() -> {
            try {
                while (got.size() < n) {
                    List<DataMessage> batch = reader.get(100, Duration.ofSeconds(10));
                    if (batch.isEmpty()) {
                        return;
                    }
                    got.addAll(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        int complete = 0;
        for (int i = 0; i < n; i++) {
            if (pub.publish(Data.count(i), Duration.ofSeconds(30))) {
                complete++;
            }
        }
        consumer.join(20_000);

        // The reader got everything in order; the stuck one its first 4 and then only drops.
        assertThat(got).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(got.get(i).data()).isEqualTo(Data.count(i));
        }
        assertThat(complete).isEqualTo(4);
        assertThat(stuck.droppedCount() + stuck.available()).isEqualTo(n);
        assertThat(stuck.metrics().stalled()).isTrue();
        // One stall (not one per message) before the policy took over for good.
        assertThat(stuck.metrics().stalls()).isEqualTo(1);
    }

    @Test
    void burstThroughASmallPeerBufferIsLosslessWithBackPressure() throws Exception {
        // The receiving side's queue holds the whole burst: this test is about the sender's 8-message
        // peer buffer, which the publisher must wait on instead of overflowing.
        Endpoint a = endpoint(64, 8);
        Endpoint b = endpoint(32_768, 8);
        int port = a.listen("127.0.0.1", 0);
        Subscriber sub = b.subscribe("/burst");
        b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        Await.until("subscription", () -> EndpointPairTest.peerSubscribed(a, b.id(), "/burst"));
        Publisher pub = a.publisher("/burst", Duration.ofSeconds(10));
        int n = 20_000;
        AtomicLong received = new AtomicLong();
        Thread consumer = new Thread(() -> {
            try {
                long expected = 0;
                while (expected < n) {
                    DataMessage m = sub.get(Duration.ofSeconds(10));
                    if (m == null || !m.data().equals(Data.count(expected))) {
                        return;
                    }
                    expected++;
                    received.set(expected);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        for (int i = 0; i < n; i++) {
            pub.publish(Data.count(i));
        }
        consumer.join(30_000);
        assertThat(received.get()).isEqualTo(n);
        assertThat(a.peers().get(0).dropped()).isZero();
        assertThat(sub.droppedCount()).isZero();
    }
}
