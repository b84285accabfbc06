package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.endpoint.testing.Endpoints;
import io.jbroker.internal.wire.CapturedFrames;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.MessageType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The other originator/responder combination, from the {@code routing_pair} capture: the TCP
 * acceptor A has the smaller ID and originates. jbroker plays A listening and B connecting, and
 * must send the captured handshake, routing_update, data and pong bytes; a ping/pong round trip
 * ({@link FakePeer#sync}) checks where the capture shows that nothing is sent.
 */
class CapturedRoutingTest {
    static final EndpointId A = EndpointId.parse("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
    static final EndpointId B = EndpointId.parse("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");
    static final List<byte[]> C2S = CapturedFrames.load("routing/routing_pair.c2s.frames.txt");
    static final List<byte[]> S2C = CapturedFrames.load("routing/routing_pair.s2c.frames.txt");

    @RegisterExtension
    final Endpoints resources = new Endpoints();

    private <T extends AutoCloseable> T track(T r) {
        resources.track(r);
        return r;
    }

    private Endpoint endpoint(EndpointId id) {
        return track(Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .id(id)
                .ioThreads(1)
                .unpeerTimeout(Duration.ofSeconds(30))
                .build()));
    }

    @Test
    void listeningOriginatorSendsCapturedHandshakeUpdatesDataAndPong() throws Exception {
        Endpoint a = endpoint(A);
        Subscriber ra = a.subscribe("/r/a");
        int port = a.listen("127.0.0.1", 0);
        FakePeer b = track(FakePeer.connect(port));

        b.send(C2S.get(0)); // hello from B
        b.expect(S2C.subList(0, 3)); // probe, version_select, originator_syn [/r/a]
        b.send(C2S.get(1)); // responder_syn_ack [/r/b]
        b.expect(S2C.get(3)); // originator_ack

        b.send(C2S.subList(2, 6)); // B's routing updates, ending with [/fwd, /r]
        b.sync(B, A);
        Subscriber zz = a.subscribe("/zz"); // step 8
        b.expect(S2C.get(4)); // routing_update [/r/a, /zz]

        a.publish("/r/new/x", Data.string("to-b")); // step 11
        a.publish("/nobody", Data.string("unheard"));
        b.expect(S2C.get(5));
        b.sync(B, A); // nothing was sent for /nobody

        b.send(C2S.get(6)); // "to-a" on /r/a/y
        b.send(C2S.get(7)); // count 7 addressed to A on /direct: no local subscriber matches
        b.send(C2S.get(8)); // routing_update with rstore's master topic
        assertThat(ra.get(Duration.ofSeconds(10))).isEqualTo(DataMessage.of("/r/a/y", Data.string("to-a")));
        b.send(C2S.get(9)); // BYE ping
        b.expect(S2C.get(6)); // pong
        assertThat(ra.poll()).isNull();
        assertThat(zz.poll()).isNull();
        assertThat(a.peers()).singleElement().satisfies(p -> assertThat(p.topics())
                .containsExactly(Topic.of("/fwd"), Topic.of("/r"), Topic.of("rstore/<$>/data/master")));
    }

    @Test
    void connectingResponderSendsCapturedSynAckAndRoutingUpdates() throws Exception {
        FakePeer.Listener listener = track(new FakePeer.Listener());
        Endpoint b = endpoint(B);
        Subscriber rb = b.subscribe("/r/b");
        var peered = b.peer("127.0.0.1", listener.port(), Duration.ZERO);
        FakePeer a = track(listener.accept());

        a.expect(C2S.get(0)); // hello
        a.send(S2C.subList(0, 3)); // probe, version_select, originator_syn [/r/a]
        a.expect(C2S.get(1)); // responder_syn_ack [/r/b]
        a.send(S2C.get(3)); // originator_ack
        assertThat(peered.get()).isEqualTo(A);

        Subscriber rNew = b.subscribe("/r/new"); // step 1
        a.expect(C2S.get(2)); // [/r/b, /r/new]
        b.subscribe("/r/new/sub"); // step 2: covered, no update
        b.subscribe("/r/b/deeper"); // step 3: covered, no update
        a.sync(A, B);
        b.subscribe("/r/added"); // step 4 (upstream: add_topic on the first subscriber)
        a.expect(C2S.get(3)); // [/r/added, /r/b, /r/new]
        b.subscribe("/r"); // step 7
        a.expect(C2S.get(4)); // [/r]
        b.forward("/fwd"); // step 9
        a.expect(C2S.get(5)); // [/fwd, /r]
        b.subscribe("<$>/local/test"); // step 10: internal topics are never announced
        a.sync(A, B);

        a.send(S2C.get(4)); // A's update [/r/a, /zz]
        a.send(S2C.get(5)); // "to-b" on /r/new/x
        assertThat(rNew.get(Duration.ofSeconds(10))).isEqualTo(DataMessage.of("/r/new/x", Data.string("to-b")));
        a.sync(A, B);
        b.publish("/r/a/y", Data.string("to-a")); // step 12
        b.publish(A, Topic.of("/direct"), Data.count(7));
        a.expect(C2S.subList(6, 8));
        a.sync(A, B);
        assertThat(rb.poll()).isNull();

        assertThat(b.unpeer(A)).isTrue();
        byte[] bye = a.read();
        byte[] captured = C2S.get(9);
        assertThat(FakePeer.hex(Arrays.copyOf(bye, bye.length - 8)))
                .isEqualTo(FakePeer.hex(Arrays.copyOf(captured, captured.length - 8)));
        assertThat(bye).hasSameSizeAs(captured);
        a.send(Envelope.of(
                A, B, MessageType.PONG, Topic.RESERVED, Envelope.parse(bye).payload()));
        a.expectClosedSilently();
    }
}
