package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.endpoint.testing.Endpoints;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.MessageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #11 fault 4: a raw-socket attacker F, peered with a forwarding endpoint J, sends envelopes
 * that claim J's reserved topic space or another sender. J must neither deliver them to its local
 * subscribers nor relay them to the observer O (a raw peer subscribed to everything), must count
 * each in {@link EndpointMetrics#rejected()} and report an error event, and must keep the peering
 * with F up, delivering and relaying F's well-formed traffic.
 */
class SpoofedEnvelopeTest {
    private static final EndpointId BAD = EndpointId.parse("eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee");
    private static final EndpointId OBS = EndpointId.parse("dddddddd-dddd-4ddd-8ddd-dddddddddddd");
    private static final Data FORGED_STATUS = new Status(
                    StatusCode.PEER_ADDED,
                    EndpointInfo.of(BAD, new NetworkInfo("10.0.0.1", 1, Duration.ZERO)),
                    "FORGED")
            .toData();

    @RegisterExtension
    final Endpoints resources = new Endpoints();

    private Endpoint j;
    private Subscriber everything;
    private Subscriber events;
    private FakePeer attacker;
    private FakePeer observer;

    @BeforeEach
    void peer() throws Exception {
        j = track(Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .ioThreads(1)
                .forwarding(true)
                .build()));
        everything = j.subscribe("");
        events = j.statusSubscriber();
        int port = j.listen("127.0.0.1", 0);
        attacker = track(FakePeer.connect(port));
        attacker.handshake(BAD, j.id(), FakePeer.filter("/bad"), true);
        observer = track(FakePeer.connect(port));
        observer.handshake(OBS, j.id(), FakePeer.filter(""), true);
        Await.until("J has both peers", () -> j.peers().size() == 2);
    }

    private <T extends AutoCloseable> T track(T r) {
        resources.track(r);
        return r;
    }

    private static Envelope data(EndpointId sender, String topic, Data value) {
        return Envelope.of(sender, EndpointId.NIL, MessageType.DATA, Topic.of(topic), BinaryFormat.encode(value));
    }

    private static Envelope command(String topic) {
        // The payload is never decoded by J (it has no stores); a relay passes it on unchanged.
        return Envelope.of(BAD, EndpointId.NIL, MessageType.COMMAND, Topic.of(topic), new byte[] {0x05, 0x00});
    }

    @Test
    void forgedLocalEventsReservedTopicsAndForeignSendersAreRejectedCountedAndNeitherDeliveredNorRelayed()
            throws Exception {
        Data forged = Data.string("FORGED");
        List<Envelope> spoofed = List.of(
                data(BAD, "<$>/local/data/statuses", FORGED_STATUS),
                data(BAD, "<$>/local/data/errors", forged),
                data(BAD, "<$>/local/data/store-events/s", forged),
                data(BAD, "<$>/local/anything", forged),
                data(BAD, "s/<$>/data/master", forged), // data posing as store traffic
                data(BAD, "s/<$>/data/clone", forged),
                data(BAD, "<$>", forged),
                data(j.id(), "/bad/own", forged), // J's own ID as sender
                data(EndpointId.NIL, "/bad/nil", forged), // Broker takes a nil sender for local
                data(OBS, "/bad/other", forged), // another peer's ID: sender must be the last hop
                command("<$>/local/data/statuses"),
                command("/bad/not-a-store"));
        for (Envelope e : spoofed) {
            attacker.send(e);
        }
        attacker.send(data(BAD, "/bad/ok", Data.string("fine")));
        attacker.send(command("s/<$>/data/master"));
        attacker.sync(BAD, j.id());

        // The observer gets exactly the two well-formed envelopes, relayed with J as sender.
        Envelope first = observer.readEnvelope();
        assertThat(first.topic()).isEqualTo(Topic.of("/bad/ok"));
        assertThat(first.sender()).isEqualTo(j.id());
        Envelope second = observer.readEnvelope();
        assertThat(second.type()).isEqualTo(MessageType.COMMAND);
        assertThat(second.topic()).isEqualTo(Topic.of("s/<$>/data/master"));
        observer.sync(OBS, j.id()); // nothing else was queued for it

        // J's "" subscriber sees J's own events (local topics) and the one well-formed message.
        List<DataMessage> all = drain(everything);
        assertThat(all.stream().filter(m -> !m.topic().isLocal()))
                .containsExactly(DataMessage.of("/bad/ok", Data.string("fine")));
        assertThat(all).noneSatisfy(m -> assertThat(m.data().toString()).contains("FORGED"));

        List<DataMessage> got = drain(events);
        assertThat(got).noneSatisfy(m -> assertThat(m.data().toString()).contains("FORGED"));
        List<ErrorEvent> errors = new ArrayList<>();
        for (DataMessage m : got) {
            if (m.topic().equals(Topic.ERRORS)) {
                errors.add(ErrorEvent.fromData(m.data()));
            }
        }
        assertThat(errors).isNotEmpty();
        assertThat(errors.get(0).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(errors.get(0).message()).contains("<$>/local/data/statuses");
        assertThat(errors.get(0).context())
                .hasValueSatisfying(c -> assertThat(c.node()).isEqualTo(BAD));
        assertThat(j.metrics().rejected()).isEqualTo(spoofed.size());
        assertThat(j.peers()).extracting(PeerInfo::id).contains(BAD, OBS);
    }

    private static List<DataMessage> drain(Subscriber s) {
        List<DataMessage> out = new ArrayList<>();
        for (DataMessage m = s.poll(); m != null; m = s.poll()) {
            out.add(m);
        }
        return out;
    }
}
