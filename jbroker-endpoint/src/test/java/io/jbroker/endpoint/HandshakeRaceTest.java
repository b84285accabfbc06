package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.Hello;
import io.jbroker.internal.wire.MessageType;
import io.jbroker.internal.wire.OriginatorAck;
import io.jbroker.internal.wire.OriginatorSyn;
import io.jbroker.internal.wire.Probe;
import io.jbroker.internal.wire.ResponderSynAck;
import io.jbroker.internal.wire.VersionSelect;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Subscriptions that change while a handshake is in flight still reach the new peer. */
class HandshakeRaceTest {
    private static final EndpointId SMALL = EndpointId.parse("01010101-0101-4101-8101-010101010101");
    private static final EndpointId LARGE = EndpointId.parse("f1f1f1f1-f1f1-4f1f-8f1f-f1f1f1f1f1f1");

    @Test
    void subscriptionAfterOurSynAckIsSentAsRoutingUpdateOnceThePeeringIsUp() throws Exception {
        try (Endpoint j = Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .id(LARGE)
                .ioThreads(1)
                .build())) {
            j.subscribe("/a");
            try (FakePeer f = FakePeer.connect(j.listen("127.0.0.1", 0))) {
                f.send(Hello.of(SMALL));
                f.expect(FakePeer.frame(new Probe()));
                f.expect(FakePeer.frame(Hello.of(LARGE)));
                f.send(FakePeer.frame(VersionSelect.of(SMALL)), FakePeer.frame(new OriginatorSyn(FakePeer.filter())));
                f.expect(FakePeer.frame(new ResponderSynAck(FakePeer.filter("/a"))));

                j.subscribe("/late"); // J has announced [/a] but the peering is not up yet
                f.send(new OriginatorAck());
                f.expect(routingUpdate(LARGE, SMALL, "/a", "/late"));
                f.sync(SMALL, LARGE);
            }
        }
    }

    @Test
    void subscriptionAfterOurOriginatorSynIsSentAsRoutingUpdateOnceThePeeringIsUp() throws Exception {
        try (Endpoint j = Endpoint.create(EndpointConfig.builder()
                        .tls(TlsConfig.off())
                        .id(SMALL)
                        .ioThreads(1)
                        .build());
                FakePeer.Listener listener = new FakePeer.Listener()) {
            j.subscribe("/a");
            var peered = j.peer("127.0.0.1", listener.port(), Duration.ZERO);
            try (FakePeer f = listener.accept()) {
                f.expect(FakePeer.frame(Hello.of(SMALL)));
                f.send(FakePeer.frame(new Probe()), FakePeer.frame(Hello.of(LARGE)));
                f.expect(FakePeer.frame(VersionSelect.of(SMALL)));
                f.expect(FakePeer.frame(new OriginatorSyn(FakePeer.filter("/a"))));

                j.subscribe("/late");
                f.send(new ResponderSynAck(FakePeer.filter()));
                f.expect(FakePeer.frame(new OriginatorAck()));
                f.expect(routingUpdate(SMALL, LARGE, "/a", "/late"));
                assertThat(peered.get()).isEqualTo(LARGE);
                f.sync(LARGE, SMALL);
            }
        }
    }

    private static byte[] routingUpdate(EndpointId from, EndpointId to, String... topics) {
        return Envelope.of(
                        from,
                        to,
                        MessageType.ROUTING_UPDATE,
                        Topic.RESERVED,
                        FakePeer.filter(topics).toPayload())
                .frame();
    }
}
