package io.jbroker.zeromq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMQ;

/**
 * CURVE as Zeek 8.2+ configures it: one server key pair on both proxy sockets, one client key pair
 * shared by every node; libzmq CURVE clients (pyzmq, as Zeek's nodes) against our proxy.
 */
class ZeroMqProxyCurveTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String[] clientArgs(ZMQ.Curve.KeyPair server, ZMQ.Curve.KeyPair client) {
        // "--option=KEY": a Z85 key may start with "-", which argparse takes for an option.
        return new String[] {
            "--curve-server-public=" + server.publicKey,
            "--curve-public=" + client.publicKey,
            "--curve-secret=" + client.secretKey
        };
    }

    @Test
    void libzmqCurveClientsWithTheClientKeyExchangeMessages() {
        ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
        ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();
        ZeroMqProxyConfig config = ZeroMqProxyConfig.defaults()
                .withCurve(new CurveServerKeys(server.publicKey, server.secretKey, client.publicKey));
        try (ZeroMqProxy proxy = ZeroMqProxyInteropTest.startOurs(config);
                LibZmq.Node subscriber =
                        LibZmq.startNode(proxy.xpubEndpoint(), proxy.xsubEndpoint(), clientArgs(server, client));
                LibZmq.Node publisher =
                        LibZmq.startNode(proxy.xpubEndpoint(), proxy.xsubEndpoint(), clientArgs(server, client))) {
            subscriber.subscribe("zeek.");
            publisher.awaitSubscriptionFrame(b("\u0001zeek."), 1);
            assertThat(publisher.publish(b("zeek.x"), b("id"), b("broker-bin-v1"), new byte[] {1, 2, 3}))
                    .isTrue();
            assertThat(subscriber.awaitMessage(m -> true).get(3)).isEqualTo(new byte[] {1, 2, 3});
            // 2 nodes x 2 sockets; the publisher's XSUB may finish its handshake after the message
            awaitTrue(() -> proxy.metrics().curveAccepted() >= 4);
            assertThat(proxy.metrics().curveAccepted()).isEqualTo(4);
            assertThat(proxy.metrics().curveDenied()).isZero();
        }
    }

    @Test
    void anotherClientKeyIsRefusedAndTheProxyKeepsServingTheRightOne() {
        ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
        ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();
        ZMQ.Curve.KeyPair intruder = ZMQ.Curve.generateKeyPair();
        ZeroMqProxyConfig config = ZeroMqProxyConfig.defaults()
                .withCurve(new CurveServerKeys(server.publicKey, server.secretKey, client.publicKey));
        try (ZeroMqProxy proxy = ZeroMqProxyInteropTest.startOurs(config);
                LibZmq.Node wrong =
                        LibZmq.startNode(proxy.xpubEndpoint(), proxy.xsubEndpoint(), clientArgs(server, intruder));
                LibZmq.Node plain = LibZmq.startNode(proxy.xpubEndpoint(), proxy.xsubEndpoint())) {
            wrong.subscribe("zeek.");
            plain.subscribe("zeek.");
            awaitTrue(() -> proxy.metrics().curveDenied() >= 2);
            try (LibZmq.Node subscriber =
                            LibZmq.startNode(proxy.xpubEndpoint(), proxy.xsubEndpoint(), clientArgs(server, client));
                    LibZmq.Node publisher =
                            LibZmq.startNode(proxy.xpubEndpoint(), proxy.xsubEndpoint(), clientArgs(server, client))) {
                subscriber.subscribe("zeek.");
                publisher.awaitSubscriptionFrame(b("\u0001zeek."), 1);
                publisher.publish(b("zeek.x"), b("id"), b("broker-bin-v1"), new byte[] {7});
                assertThat(subscriber.awaitMessage(m -> true).get(3)).isEqualTo(new byte[] {7});
            }
            assertThat(proxy.metrics().subscriptionsForwarded())
                    .as("only the accepted subscriber's")
                    .isEqualTo(1);
            assertThat(wrong.messages()).isEmpty();
            assertThat(plain.messages()).isEmpty();
        }
    }

    @Test
    void keysAreChecked() {
        assertThatThrownBy(() -> new CurveServerKeys("short", "x".repeat(40), "x".repeat(40)))
                .isInstanceOf(IllegalArgumentException.class);
        ZMQ.Curve.KeyPair k = ZMQ.Curve.generateKeyPair();
        assertThat(new CurveServerKeys(k.publicKey, k.secretKey, k.publicKey).toString())
                .doesNotContain(k.secretKey);
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
}
