package io.jbroker.zeromq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** libzmq nodes (Zeek's options) through our proxy, and the same through libzmq's for comparison. */
class ZeroMqProxyInteropTest {
    static Stream<Named<Supplier<ProxyUnderTest>>> proxies() {
        return Stream.of(
                Named.of("jbroker proxy", ProxyUnderTest::jbroker),
                Named.of("libzmq proxy (Zeek's options)", () -> ProxyUnderTest.libzmq()));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("proxies")
    void capturedZeekMessagesPassByteForByte(Supplier<ProxyUnderTest> kind) {
        List<ZeekCaptures.Recorded> captured = ZeekCaptures.delivered("A");
        assertThat(captured).hasSizeGreaterThan(10);
        try (ProxyUnderTest proxy = kind.get();
                LibZmq.Node subscriber = LibZmq.startNode(proxy.xpub(), proxy.xsub());
                LibZmq.Node publisher = LibZmq.startNode(proxy.xpub(), proxy.xsub())) {
            subscriber.subscribe("zeek.cluster.nodeid.");
            subscriber.subscribe("jbroker.test.");
            publisher.awaitSubscriptionFrame(b("\u0001jbroker.test."), 1);
            for (ZeekCaptures.Recorded r : captured) {
                assertThat(publisher.publish(r.frames().toArray(new byte[0][]))).isTrue();
            }
            List<List<byte[]>> got = subscriber.awaitMessages(captured.size());
            assertThat(got).hasSize(captured.size());
            for (int i = 0; i < captured.size(); i++) {
                assertThat(got.get(i))
                        .as("message %d (%s)", i, captured.get(i).eventName())
                        .containsExactlyElementsOf(captured.get(i).frames());
            }
        }
    }

    @Test
    void metricsCountRelayedMessagesFramesAndSubscriptions() {
        List<ZeekCaptures.Recorded> captured = ZeekCaptures.delivered("A");
        long bytes = captured.stream()
                .flatMap(r -> r.frames().stream())
                .mapToLong(f -> f.length)
                .sum();
        try (ZeroMqProxy proxy = startOurs(ZeroMqProxyConfig.defaults());
                LibZmq.Node subscriber = LibZmq.startNode(proxy.xpubEndpoint(), proxy.xsubEndpoint());
                LibZmq.Node publisher = LibZmq.startNode(proxy.xpubEndpoint(), proxy.xsubEndpoint())) {
            subscriber.subscribe("");
            publisher.awaitSubscriptionFrame(new byte[] {1}, 1);
            for (ZeekCaptures.Recorded r : captured) {
                publisher.publish(r.frames().toArray(new byte[0][]));
            }
            subscriber.awaitMessages(captured.size());
            // The relay thread counts a message once it has sent its last frame: the subscriber
            // may have it a moment before the count.
            awaitTrue(() -> proxy.metrics().messagesRelayed() == captured.size());
            ZeroMqProxyMetrics m = proxy.metrics();
            assertThat(m.messagesRelayed()).isEqualTo(captured.size());
            assertThat(m.framesRelayed()).isEqualTo(4L * captured.size());
            assertThat(m.bytesRelayed()).isEqualTo(bytes);
            assertThat(m.subscriptionsForwarded()).isEqualTo(1);
            assertThat(m.topics()).isEqualTo(1);
            assertThat(m.running()).isTrue();
            subscriber.unsubscribe("");
            publisher.awaitSubscriptionFrame(new byte[] {0}, 1);
            awaitTrue(() -> proxy.metrics().unsubscriptionsForwarded() == 1); // counted after the send
            assertThat(proxy.metrics().unsubscriptionsForwarded()).isEqualTo(1);
            assertThat(proxy.metrics().topics()).isZero();
        }
        // closed: nothing bound any more, the ports can be bound again
    }

    @ParameterizedTest
    @MethodSource("proxies")
    void everyPublisherLearnsEverySubscriptionIncludingLateOnes(Supplier<ProxyUnderTest> kind) {
        try (ProxyUnderTest proxy = kind.get();
                LibZmq.Node subscriber = LibZmq.startNode(proxy.xpub(), proxy.xsub());
                LibZmq.Node early = LibZmq.startNode(proxy.xpub(), proxy.xsub())) {
            subscriber.subscribe("zeek.cluster.worker");
            subscriber.subscribe("zeek/supervisor");
            early.awaitSubscriptionFrame(b("\u0001zeek/supervisor"), 1);
            try (LibZmq.Node late = LibZmq.startNode(proxy.xpub(), proxy.xsub())) {
                // the XSUB replays what it holds to a publisher that connects later
                late.awaitSubscriptionFrame(b("\u0001zeek/supervisor"), 1);
                late.awaitSubscriptionFrame(b("\u0001zeek.cluster.worker"), 1);
                assertThat(late.publish(b("zeek.cluster.worker"), b("late"), b("broker-bin-v1"), new byte[] {1}))
                        .isTrue();
                assertThat(subscriber.awaitMessage(m -> true).get(1)).isEqualTo(b("late"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("proxies")
    void garbageOnBothPortsDoesNotStopTheProxy(Supplier<ProxyUnderTest> kind) throws IOException {
        try (ProxyUnderTest proxy = kind.get()) {
            Random random = new Random(42);
            for (String endpoint : List.of(proxy.xpub(), proxy.xsub())) {
                URI uri = URI.create(endpoint);
                for (byte[] garbage : garbage(random)) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", uri.getPort()), 5000);
                        OutputStream out = s.getOutputStream();
                        out.write(garbage);
                        out.flush();
                        s.shutdownOutput();
                        s.setSoTimeout(5000);
                        // the proxy closes (or answers a greeting and then closes); read until EOF
                        drain(s);
                    }
                }
            }
            try (LibZmq.Node subscriber = LibZmq.startNode(proxy.xpub(), proxy.xsub());
                    LibZmq.Node publisher = LibZmq.startNode(proxy.xpub(), proxy.xsub())) {
                subscriber.subscribe("t");
                publisher.awaitSubscriptionFrame(b("\u0001t"), 1);
                publisher.publish(b("t"), b("id"), b("broker-bin-v1"), b("x"));
                assertThat(subscriber.awaitMessage(m -> true).get(3)).isEqualTo(b("x"));
            }
        }
    }

    private static List<byte[]> garbage(Random random) {
        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        byte[] greeting = new byte[64];
        greeting[0] = (byte) 0xff;
        greeting[9] = 0x7f;
        greeting[10] = 3; // ZMTP 3.0
        System.arraycopy(b("BOGUS"), 0, greeting, 12, 5); // unknown mechanism
        byte[] huge = new byte[64 + 9];
        System.arraycopy(greeting, 0, huge, 0, 12);
        System.arraycopy(b("NULL"), 0, huge, 12, 4);
        huge[64] = 0x06; // long command frame
        for (int i = 65; i < 73; i++) {
            huge[i] = (byte) 0x7f; // length ~ 2^63
        }
        return List.of(noise, b("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), greeting, huge, new byte[0]);
    }

    private static void drain(Socket s) {
        try {
            byte[] buf = new byte[1024];
            while (s.getInputStream().read(buf) >= 0) {
                // discard
            }
        } catch (IOException e) {
            // reset by the proxy: also fine
        }
    }

    @Test
    void nonSubscriptionMessagesFromSubscribersAreCountedAndNotForwarded() {
        try (ZeroMqProxy proxy = startOurs(ZeroMqProxyConfig.defaults());
                LibZmq.Node subscriber = LibZmq.startNode(proxy.xpubEndpoint(), proxy.xsubEndpoint());
                LibZmq.Node publisher = LibZmq.startNode(proxy.xpubEndpoint(), proxy.xsubEndpoint())) {
            subscriber.subscribe("before"); // the publisher is connected once it sees this
            publisher.awaitSubscriptionFrame(b("\u0001before"), 1);
            subscriber.sendRawOnXsub(b("\u0007not a subscription"));
            subscriber.subscribe("after");
            publisher.awaitSubscriptionFrame(b("\u0001after"), 1);
            assertThat(publisher.subscriptionFrames()).containsExactly(b("\u0001before"), b("\u0001after"));
            assertThat(proxy.metrics().invalidSubscriberMessages()).isEqualTo(1);
        }
    }

    @Test
    void libzmqsProxyForwardsNonSubscriptionMessagesToPublishers() {
        try (ProxyUnderTest proxy = ProxyUnderTest.libzmq();
                LibZmq.Node subscriber = LibZmq.startNode(proxy.xpub(), proxy.xsub());
                LibZmq.Node publisher = LibZmq.startNode(proxy.xpub(), proxy.xsub())) {
            subscriber.subscribe("before"); // the publisher is connected once it sees this
            publisher.awaitSubscriptionFrame(b("\u0001before"), 1);
            subscriber.sendRawOnXsub(b("\u0007not a subscription"));
            subscriber.subscribe("after");
            publisher.awaitSubscriptionFrame(b("\u0001after"), 1);
            assertThat(publisher.subscriptionFrames())
                    .containsExactly(b("\u0001before"), b("\u0007not a subscription"), b("\u0001after"));
        }
    }

    @Test
    void anOversizedFrameDisconnectsOnlyItsSender() {
        try (ZeroMqProxy proxy = startOurs(ZeroMqProxyConfig.defaults().withMaxFrameBytes(1024));
                LibZmq.Node subscriber = LibZmq.startNode(proxy.xpubEndpoint(), proxy.xsubEndpoint());
                LibZmq.Node big = LibZmq.startNode(proxy.xpubEndpoint(), proxy.xsubEndpoint());
                LibZmq.Node small = LibZmq.startNode(proxy.xpubEndpoint(), proxy.xsubEndpoint())) {
            subscriber.subscribe("t");
            big.awaitSubscriptionFrame(b("\u0001t"), 1);
            small.awaitSubscriptionFrame(b("\u0001t"), 1);
            big.publish(b("t"), b("big"), b("broker-bin-v1"), new byte[4096]);
            small.publish(b("t"), b("small"), b("broker-bin-v1"), new byte[100]);
            assertThat(subscriber.awaitMessage(m -> true).get(1)).isEqualTo(b("small"));
            assertThat(proxy.failure()).isEmpty();
            assertThat(proxy.metrics().running()).isTrue();
            assertThat(subscriber.messages())
                    .allSatisfy(m -> assertThat(m.get(1)).isEqualTo(b("small")));
        }
    }

    @Test
    void aStoppedSubscriberHoldsOthersBackOnlyForTheStallTimeout() {
        ZeroMqProxyConfig config =
                ZeroMqProxyConfig.defaults().withHighWaterMarks(10, 10).withStallTimeout(Duration.ofMillis(200));
        byte[] payload = new byte[64 * 1024];
        try (ZeroMqProxy proxy = startOurs(config);
                LibZmq.Node stopped = LibZmq.startNode(
                        proxy.xpubEndpoint(), proxy.xsubEndpoint(), "--no-print", "--xsub-rcvhwm", "10");
                LibZmq.Node reader = LibZmq.startNode(proxy.xpubEndpoint(), proxy.xsubEndpoint(), "--no-print");
                LibZmq.Node publisher = LibZmq.startNode(proxy.xpubEndpoint(), proxy.xsubEndpoint())) {
            stopped.subscribe("t");
            reader.subscribe("t");
            // Both subscriptions reached the proxy, and the publisher has "t" from one of them or
            // from the proxy's replay (a publisher whose connection completes after both were
            // relayed gets the prefix replayed once, not twice).
            awaitTrue(() -> proxy.metrics().subscriptionsForwarded() >= 2);
            publisher.awaitSubscriptionFrame(b("\u0001t"), 1);
            stopped.signal("STOP");
            try {
                long readerBefore = reader.receivedCount();
                // far more than the stopped node's socket buffers and HWMs can hold
                long taken = 0;
                for (int round = 0; round < 40 && proxy.metrics().stalls() == 0; round++) {
                    taken += publisher.publishMany(500, b("t"), b("pub"), b("broker-bin-v1"), payload);
                }
                assertThat(taken).isPositive();
                awaitTrue(() -> proxy.metrics().stalls() > 0);
                long relayedAtStall = proxy.metrics().messagesRelayed();
                publisher.publishMany(500, b("t"), b("pub"), b("broker-bin-v1"), payload);
                awaitTrue(() -> proxy.metrics().messagesRelayed() > relayedAtStall);
                awaitTrue(() -> reader.receivedCount() > readerBefore + relayedAtStall / 2);
                assertThat(proxy.metrics().messagesRelayedLossy()).isPositive();
                // later probes find the stopped node still full and stay lossy without a new stall
                long stalls = proxy.metrics().stalls();
                for (int round = 0; round < 3; round++) {
                    long before = proxy.metrics().messagesRelayed();
                    publisher.publishMany(500, b("t"), b("pub"), b("broker-bin-v1"), payload);
                    awaitTrue(() -> proxy.metrics().messagesRelayed() > before);
                }
                assertThat(proxy.metrics().stalls()).isEqualTo(stalls);
            } finally {
                stopped.signal("CONT");
            }
            assertThat(proxy.failure()).isEmpty();
        }
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    static ZeroMqProxy startOurs(ZeroMqProxyConfig config) {
        return ZeroMqProxy.start(config.withListenXpub("tcp://127.0.0.1:*").withListenXsub("tcp://127.0.0.1:*"));
    }
}
