package io.jbroker.zeromq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the publishers see of subscriptions, step by step, through libzmq's proxy (Zeek's options),
 * through ours, and through a one-to-one JeroMQ translation of Zeek's proxy. All nodes are libzmq
 * nodes shaped like Zeek's. P publishes (and watches its XPUB); A, B and C subscribe.
 *
 * <p>Each step ends with a marker subscription sent by the node that did the step, so everything
 * the step caused has reached P when P sees the marker (one connection's messages stay in order).
 */
class ProxySubscriptionScenarioTest {
    private static final class Run implements AutoCloseable {
        final ProxyUnderTest proxy;
        final LibZmq.Node p;
        final LibZmq.Node a;
        final LibZmq.Node b;
        int markers;
        int seen;

        Run(ProxyUnderTest proxy) {
            this.proxy = proxy;
            p = LibZmq.startNode(proxy.xpub(), proxy.xsub());
            a = LibZmq.startNode(proxy.xpub(), proxy.xsub());
            b = LibZmq.startNode(proxy.xpub(), proxy.xsub());
        }

        /** Sends a marker from {@code node}, waits until P sees it, returns what P saw since the last step. */
        List<String> step(LibZmq.Node node) {
            String marker = "marker-" + (++markers);
            node.subscribe(marker);
            p.awaitSubscriptionFrame(("\u0001" + marker).getBytes(StandardCharsets.UTF_8), 1);
            List<byte[]> all = p.subscriptionFrames();
            List<String> out = new ArrayList<>();
            for (byte[] f : all.subList(seen, all.size())) {
                String text = (f[0] == 1 ? "+" : f[0] == 0 ? "-" : "?")
                        + new String(f, 1, f.length - 1, StandardCharsets.UTF_8);
                if (!text.startsWith("+marker-")) {
                    out.add(text);
                }
            }
            seen = all.size();
            return out;
        }

        /** Closes {@code node} and waits until P has seen the unsubscription of {@code ownTopic}. */
        List<String> disconnect(LibZmq.Node node, String ownTopic, LibZmq.Node marker) {
            node.close();
            p.awaitSubscriptionFrame(("\u0000" + ownTopic).getBytes(StandardCharsets.UTF_8), 1);
            return step(marker);
        }

        @Override
        public void close() {
            p.close();
            a.close();
            b.close();
            proxy.close();
        }
    }

    /** The steps every proxy agrees on, up to A's disconnect; B and P stay for further steps. */
    private static void commonSteps(Run r, boolean sharedUnsubscriptionPassed) {
        r.a.subscribe("T");
        r.a.subscribe("a");
        assertThat(r.step(r.a)).containsExactly("+T", "+a");
        r.b.subscribe("T");
        r.b.subscribe("b");
        assertThat(r.step(r.b))
                .as("every subscribe is passed on (XPUB_VERBOSE)")
                .containsExactly("+T", "+b");

        r.a.unsubscribe("T");
        assertThat(r.step(r.a)).as("B still holds T").isEmpty();
        r.a.unsubscribe("T");
        assertThat(r.step(r.a)).as("a second unsubscribe of T by A").isEmpty();
        r.b.unsubscribe("T");
        if (sharedUnsubscriptionPassed) {
            assertThat(r.step(r.b)).as("the last holder of T left").containsExactly("-T");
        } else {
            assertThat(r.step(r.b))
                    .as("the last holder of T left, but the XSUB counted 2")
                    .isEmpty();
        }

        r.a.subscribe("W");
        assertThat(r.step(r.a)).containsExactly("+W");
        r.b.subscribe("W");
        assertThat(r.step(r.b)).containsExactly("+W");

        assertThat(r.disconnect(r.a, "a", r.b))
                .as("A's own topic and markers leave with it; B still holds W")
                .containsExactlyInAnyOrder("-a", "-marker-1", "-marker-3", "-marker-4", "-marker-6");
    }

    /**
     * A node's own libzmq XSUB counts too: subscribed twice, unsubscribed once, the prefix stays
     * (the unsubscribe never leaves the node).
     */
    private static void aNodesOwnSubscriptionsAreCounted(Run r) {
        r.p.subscribe("D");
        r.p.subscribe("D");
        r.p.unsubscribe("D");
        assertThat(r.step(r.p)).containsExactly("+D", "+D");
    }

    @Test
    void libzmqProxyWithZeeksOptions() {
        try (Run r = new Run(ProxyUnderTest.libzmq())) {
            commonSteps(r, true);
            assertThat(r.disconnect(r.b, "b", r.p))
                    .as("W was held by A and B; both are gone")
                    .contains("-W", "-b");
            aNodesOwnSubscriptionsAreCounted(r);
        }
    }

    @Test
    void libzmqProxyWithVerboseOnlyLosesSharedUnsubscriptions() {
        try (Run r = new Run(ProxyUnderTest.libzmq("--verbose-only"))) {
            commonSteps(r, false);
            assertThat(r.disconnect(r.b, "b", r.p))
                    .as("without XPUB_VERBOSER the XSUB's count of W never reaches zero")
                    .contains("-b")
                    .doesNotContain("-W");
        }
    }

    @Test
    void naiveJeroMqProxyLosesSharedUnsubscriptionsOnDisconnect() {
        try (Run r = new Run(ProxyUnderTest.naiveJeroMq())) {
            commonSteps(r, true);
            assertThat(r.disconnect(r.b, "b", r.p))
                    .as("JeroMQ's XPUB_VERBOSER covers explicit unsubscribes, not those of a disconnect")
                    .contains("-b")
                    .doesNotContain("-W");
        }
    }

    @Test
    void ourProxyBehavesLikeZeeksOnTheWire() {
        try (Run r = new Run(ProxyUnderTest.jbroker())) {
            commonSteps(r, true);
            assertThat(r.disconnect(r.b, "b", r.p))
                    .as("W was held by A and B; both are gone")
                    .contains("-W", "-b");
            aNodesOwnSubscriptionsAreCounted(r);
        }
    }
}
