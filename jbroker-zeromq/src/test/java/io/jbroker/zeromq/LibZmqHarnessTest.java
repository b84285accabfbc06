package io.jbroker.zeromq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness itself: libzmq node -> libzmq proxy (Zeek's options) -> libzmq node. */
class LibZmqHarnessTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void libzmqNodesExchangeThroughTheLibzmqProxy() {
        try (LibZmq.Proxy proxy = LibZmq.startProxy();
                LibZmq.Node receiver = LibZmq.startNode(proxy.xpub(), proxy.xsub());
                LibZmq.Node sender = LibZmq.startNode(proxy.xpub(), proxy.xsub())) {
            assertThat(proxy.xpub()).startsWith("tcp://127.0.0.1:");
            receiver.subscribe("zeek.test.");
            sender.awaitSubscriptionFrame(b("\u0001zeek.test."), 1);

            byte[][] frames = {b("zeek.test.x"), b("sender-id"), b("broker-bin-v1"), new byte[] {0, 1, 2, (byte) 0xff}};
            assertThat(sender.publish(frames)).isTrue();

            List<byte[]> got = receiver.awaitMessage(m -> true);
            assertThat(got).containsExactly(frames);

            receiver.unsubscribe("zeek.test.");
            sender.awaitSubscriptionFrame(b("\u0000zeek.test."), 1);
        }
    }
}
