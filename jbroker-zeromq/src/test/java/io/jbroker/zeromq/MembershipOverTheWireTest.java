package io.jbroker.zeromq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jbroker.data.BinaryFormat;
import io.jbroker.zeek.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two members driven by {@link Membership}, each on a libzmq node shaped like Zeek's, through our
 * proxy and through libzmq's: both see each other up; when one disconnects without unsubscribing
 * (as a Zeek node that exits does), the other sees it down.
 */
class MembershipOverTheWireTest {
    static Stream<Named<Supplier<ProxyUnderTest>>> proxies() {
        return Stream.of(
                Named.of("jbroker proxy", ProxyUnderTest::jbroker),
                Named.of("libzmq proxy (Zeek's options)", () -> ProxyUnderTest.libzmq()));
    }

    /** Drives one libzmq node with a Membership (the wiring a node transport does). */
    static final class Member {
        final NodeId id;
        final Membership membership;
        final LibZmq.Node node;
        final List<Membership.Action> events = new ArrayList<>();
        int consumed;

        Member(String name, ProxyUnderTest proxy) {
            id = NodeId.generate(name);
            membership = new Membership(name, id);
            node = LibZmq.startNode(proxy.xpub(), proxy.xsub());
            for (String topic : membership.subscriptions(NodeType.WORKER)) {
                node.subscribe(topic);
            }
        }

        void pump() {
            List<JsonNode> lines = node.lines();
            for (JsonNode line : lines.subList(consumed, lines.size())) {
                String event = line.path("event").asText();
                List<Membership.Action> actions = List.of();
                if (event.equals("subscription") && !line.path("kind").asText().equals("other")) {
                    String topic = new String(
                            HexFormat.of().parseHex(line.path("topic").asText()), StandardCharsets.UTF_8);
                    actions = line.path("kind").asText().equals("subscribe")
                            ? membership.onSubscription(topic)
                            : membership.onUnsubscription(topic);
                } else if (event.equals("message") && line.get("frames").size() == 4) {
                    byte[] sender =
                            HexFormat.of().parseHex(line.get("frames").get(1).asText());
                    byte[] payload =
                            HexFormat.of().parseHex(line.get("frames").get(3).asText());
                    if (!new String(sender, StandardCharsets.UTF_8).equals(id.value())) {
                        actions = Hello.from(Event.parse(BinaryFormat.decode(payload)))
                                .map(membership::onHello)
                                .orElse(List.of());
                    }
                }
                for (Membership.Action a : actions) {
                    if (a instanceof Membership.Publish p) {
                        node.publish(
                                p.topic().getBytes(StandardCharsets.UTF_8),
                                id.value().getBytes(StandardCharsets.UTF_8),
                                "broker-bin-v1".getBytes(StandardCharsets.UTF_8),
                                p.hello().toBinary());
                    } else {
                        events.add(a);
                    }
                }
            }
            consumed = lines.size();
        }
    }

    @ParameterizedTest
    @MethodSource("proxies")
    void membersSeeEachOtherUpAndDown(Supplier<ProxyUnderTest> kind) {
        try (ProxyUnderTest proxy = kind.get()) {
            Member a = new Member("worker-a", proxy);
            Member b = new Member("worker-b", proxy);
            try {
                awaitTrue(() -> {
                    a.pump();
                    b.pump();
                    return a.events.contains(new Membership.NodeUp("worker-b", b.id))
                            && b.events.contains(new Membership.NodeUp("worker-a", a.id));
                });
                b.node.close();
                awaitTrue(() -> {
                    a.pump();
                    return a.events.contains(new Membership.NodeDown("worker-b", b.id));
                });
                assertThat(a.membership.nodesUp()).isEmpty();
            } finally {
                a.node.close();
                b.node.close();
            }
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
}
