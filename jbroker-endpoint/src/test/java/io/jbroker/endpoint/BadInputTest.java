package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.endpoint.testing.Endpoints;
import io.jbroker.internal.wire.CapturedFrames;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.Hello;
import io.jbroker.internal.wire.MessageType;
import io.jbroker.internal.wire.OriginatorAck;
import io.jbroker.internal.wire.Probe;
import io.jbroker.internal.wire.VersionSelect;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Misbehaving peers over real sockets against a listening endpoint J (max frame 1024 bytes,
 * handshake timeout 500 ms) that is also peered with a well-behaved jbroker endpoint P. Each case
 * checks J's answer on the wire (exact drop_conn bytes or a silent close), the error event J reports
 * and that P and J keep exchanging messages during and after the bad connection.
 */
class BadInputTest {
    private static final int MAX_FRAME = 1024;
    private static final EndpointId BAD = EndpointId.parse("eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee");

    @RegisterExtension
    final Endpoints resources = new Endpoints();

    private Endpoint j;
    private Endpoint p;
    private int port;
    private Subscriber jStatus;
    private Subscriber jFromP;
    private Subscriber pFromJ;
    private int exchanges;

    @BeforeEach
    void peerJWithP() {
        j = track(Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .ioThreads(1)
                .maxFrameLength(MAX_FRAME)
                .handshakeTimeout(Duration.ofMillis(500))
                .build()));
        p = track(Endpoint.create(
                EndpointConfig.builder().tls(TlsConfig.off()).ioThreads(1).build()));
        jFromP = j.subscribe("/ok/from-p");
        pFromJ = p.subscribe("/ok/from-j");
        port = j.listen("127.0.0.1", 0);
        p.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        Await.until(
                "filters exchanged",
                () -> EndpointPairTest.peerSubscribed(j, p.id(), "/ok/from-j")
                        && EndpointPairTest.peerSubscribed(p, j.id(), "/ok/from-p"));
        jStatus = j.statusSubscriber();
        assertPeerStillWorks();
    }

    private <T extends AutoCloseable> T track(T r) {
        resources.track(r);
        return r;
    }

    /** One message each way between J and P. */
    private void assertPeerStillWorks() {
        int n = exchanges++;
        j.publish("/ok/from-j", Data.count(n));
        p.publish("/ok/from-p", Data.count(n));
        try {
            assertThat(pFromJ.get(Duration.ofSeconds(10))).isEqualTo(DataMessage.of("/ok/from-j", Data.count(n)));
            assertThat(jFromP.get(Duration.ofSeconds(10))).isEqualTo(DataMessage.of("/ok/from-p", Data.count(n)));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(j.peers()).extracting(PeerInfo::id).contains(p.id());
    }

    /** The next error event on J's status subscriber, skipping status events. */
    private ErrorEvent nextError() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            DataMessage m = jStatus.get(Duration.ofMillis(100));
            if (m != null && m.topic().equals(Topic.ERRORS)) {
                return ErrorEvent.fromData(m.data());
            }
        }
        throw new AssertionError("no error event");
    }

    private FakePeer connect() throws Exception {
        FakePeer f = track(FakePeer.connect(port));
        f.expect(FakePeer.frame(new Probe()));
        return f;
    }

    /** A fake peer that completed the handshake with J (subscribed to {@code /bad}). */
    private FakePeer peered() throws Exception {
        FakePeer f = track(FakePeer.connect(port));
        f.handshake(BAD, j.id(), FakePeer.filter("/bad"), true);
        Await.until("J has the fake peer", () -> EndpointPairTest.peerSubscribed(j, BAD, "/bad"));
        return f;
    }

    private static byte[] data(String topic, byte[] payload) {
        Envelope e = Envelope.of(BAD, EndpointId.NIL, MessageType.DATA, Topic.of(topic), payload);
        return e.frame();
    }

    private void assertStillUp(FakePeer f) throws Exception {
        f.sync(BAD, j.id());
        assertThat(j.peers()).extracting(PeerInfo::id).contains(BAD, p.id());
    }

    // ------------------------------------------------------------------ handshake phase

    @Test
    void wrongMagicIsAnsweredWithDropConn38() throws Exception {
        FakePeer f = connect();
        byte[] hello = FakePeer.frame(Hello.of(BAD));
        hello[8] = 'X'; // "ZEEK" -> "ZEEX"
        f.send(hello);
        f.expect(FakePeer.dropConn(j.id(), 38, "wrong magic number"));
        f.expectClosedSilently();
        assertThat(nextError().code()).isEqualTo(ErrorCode.WRONG_MAGIC_NUMBER);
        assertPeerStillWorks();
    }

    @Test
    void unsupportedVersionsAreAnsweredWithDropConn2() throws Exception {
        FakePeer f = connect();
        byte[] hello = FakePeer.frame(Hello.of(BAD));
        hello[25] = (byte) 200; // min_version
        hello[26] = (byte) 201; // max_version
        f.send(hello);
        byte[] expected = FakePeer.dropConn(j.id(), 2, "unsupported versions offered");
        f.expect(expected);
        f.expectClosedSilently();
        // Byte for byte the frame of spec §13 apart from the sender ID.
        assertThat(FakePeer.hex(Arrays.copyOfRange(expected, 25, expected.length)))
                .isEqualTo("021c756e737570706f727465642076657273696f6e73206f666665726564");
        ErrorEvent err = nextError();
        assertThat(err.code()).isEqualTo(ErrorCode.PEER_INCOMPATIBLE);
        assertThat(err.message()).isEqualTo("unsupported versions offered");
        assertPeerStillWorks();
    }

    @Test
    void handshakeMessageInTheWrongPhaseClosesWithoutAWord() throws Exception {
        FakePeer f = connect();
        f.send(new OriginatorAck()); // J awaits hello
        f.expectClosedSilently();
        assertThat(nextError().code()).isEqualTo(ErrorCode.UNEXPECTED_HANDSHAKE_MESSAGE);

        FakePeer g = connect();
        g.send(VersionSelect.of(BAD)); // an acceptor never takes version_select before hello
        g.expectClosedSilently();
        assertThat(nextError().code()).isEqualTo(ErrorCode.UNEXPECTED_HANDSHAKE_MESSAGE);
        assertPeerStillWorks();
    }

    @Test
    void envelopeBeforeTheHandshakeIsAnInvalidMessageTag() throws Exception {
        FakePeer f = connect();
        f.send(CapturedFrames.load("session_plain.c2s.frames.txt").get(4)); // a data envelope
        f.expect(FakePeer.dropConn(j.id(), 20, "invalid message type tag"));
        f.expectClosedSilently();
        assertThat(nextError().code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertPeerStillWorks();
    }

    @Test
    void zeroLengthFrameClosesTheConnection() throws Exception {
        FakePeer f = connect();
        f.send(FakePeer.hex("00000000"));
        f.expectClosedSilently();
        assertThat(nextError().code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertPeerStillWorks();
    }

    @Test
    void lengthAboveTheLimitClosesAtOnceWithoutWaitingForTheBody() throws Exception {
        FakePeer f = connect();
        // Claims 2 GiB - 16; only the prefix and a few bytes are ever sent.
        f.send(FakePeer.hex("7ffffff0" + "06" + "5a45454b"));
        f.expectClosedSilently();
        ErrorEvent err = nextError();
        assertThat(err.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(err.message()).contains("exceeds the limit of " + MAX_FRAME);

        FakePeer g = connect();
        g.send(FakePeer.hex(String.format("%08x", MAX_FRAME + 1)));
        g.expectClosedSilently();
        assertThat(nextError().code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertPeerStillWorks();
    }

    @Test
    void truncatedFrameFollowedByCloseIsAPeerDisconnect() throws Exception {
        FakePeer f = connect();
        f.send(Arrays.copyOf(FakePeer.frame(Hello.of(BAD)), 12));
        assertPeerStillWorks();
        f.shutdownOutput();
        f.expectClosedSilently();
        assertThat(nextError().code()).isEqualTo(ErrorCode.PEER_DISCONNECT_DURING_HANDSHAKE);
        assertPeerStillWorks();
    }

    @Test
    void garbageBytesAreRejected() throws Exception {
        FakePeer http = connect();
        http.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        http.expectClosedSilently(); // "GET " is a length far above the limit
        assertThat(nextError().code()).isEqualTo(ErrorCode.INVALID_MESSAGE);

        FakePeer junk = connect();
        junk.send(FakePeer.hex("00000005ffffffffff"));
        junk.expect(FakePeer.dropConn(j.id(), 20, "invalid message type tag"));
        junk.expectClosedSilently();
        assertThat(nextError().code()).isEqualTo(ErrorCode.INVALID_MESSAGE);

        FakePeer shortHello = connect();
        shortHello.send(FakePeer.hex("0000000306" + "5a45"));
        shortHello.expect(FakePeer.dropConn(j.id(), 20, "failed to parse hello_msg"));
        shortHello.expectClosedSilently();
        assertThat(nextError().code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertPeerStillWorks();
    }

    @Test
    void silentPeerIsClosedAfterTheHandshakeTimeout() throws Exception {
        FakePeer f = connect();
        assertPeerStillWorks(); // while the silent connection is open
        f.expectClosedSilently();
        ErrorEvent err = nextError();
        assertThat(err.code()).isEqualTo(ErrorCode.PEER_TIMEOUT);
        assertThat(err.message()).contains("500 ms");
        assertPeerStillWorks();
    }

    @Test
    void silentPeerAfterHelloIsClosedAfterTheHandshakeTimeout() throws Exception {
        FakePeer f = connect();
        f.send(Hello.of(BAD)); // whichever role J takes, it then waits for a reply that never comes
        f.awaitClose();
        assertThat(nextError().code()).isEqualTo(ErrorCode.PEER_TIMEOUT);
        assertPeerStillWorks();
    }

    // ------------------------------------------------------------------ operational phase

    @Test
    void malformedDataPayloadIsDroppedAndTheConnectionStaysUp() throws Exception {
        Subscriber bad = j.subscribe("/bad");
        FakePeer f = peered();
        String[] payloads = {
            "0f", // unknown type tag
            "02000000", // truncated count
            "050541", // string longer than the frame
            "", // no value at all
            "02000000000000000100", // a count followed by a stray byte
        };
        for (String payload : payloads) {
            f.send(data("/bad/x", FakePeer.hex(payload)));
            ErrorEvent err = nextError();
            assertThat(err.code()).as("payload %s", payload).isEqualTo(ErrorCode.DESERIALIZATION_FAILED);
            assertThat(err.context())
                    .hasValueSatisfying(c -> assertThat(c.node()).isEqualTo(BAD));
            assertPeerStillWorks();
        }
        assertStillUp(f);
        f.send(Envelope.data(BAD, EndpointId.NIL, Topic.of("/bad/ok"), Data.string("fine")));
        assertThat(bad.get(Duration.ofSeconds(10))).isEqualTo(DataMessage.of("/bad/ok", Data.string("fine")));
        assertThat(bad.poll()).isNull();
    }

    @Test
    void malformedRoutingUpdateIsReportedAndTheOldFilterKept() throws Exception {
        FakePeer f = peered();
        String[] payloads = {
            "050142", // count 5, one entry
            "01052f62", // entry longer than the payload
            "01022f6200", // trailing byte
            "", // nothing
        };
        for (String payload : payloads) {
            f.send(Envelope.of(BAD, j.id(), MessageType.ROUTING_UPDATE, Topic.RESERVED, FakePeer.hex(payload)));
            assertThat(nextError().code()).as("payload %s", payload).isEqualTo(ErrorCode.INVALID_MESSAGE);
        }
        assertStillUp(f);
        assertThat(j.peers().stream()
                        .filter(i -> i.id().equals(BAD))
                        .findFirst()
                        .orElseThrow()
                        .topics())
                .containsExactly(Topic.of("/bad"));
        j.publish("/bad/still", Data.count(1));
        assertThat(f.readEnvelope().topic()).isEqualTo(Topic.of("/bad/still"));
        assertPeerStillWorks();
    }

    @Test
    void malformedEnvelopesAreDroppedAndTheConnectionStaysUp() throws Exception {
        FakePeer f = peered();
        f.send(FakePeer.frame(Hello.of(BAD))); // a handshake message is too short for an envelope
        assertThat(nextError().message()).isEqualTo("message too short");
        byte[] badType = data("/bad/x", FakePeer.hex("00"));
        badType[4 + 32] = 9;
        f.send(badType);
        assertThat(nextError().message()).isEqualTo("invalid message type");
        byte[] badTopic = data("/bad/x", FakePeer.hex("00"));
        badTopic[4 + 36] = (byte) 0xff; // topic length beyond the frame
        f.send(badTopic);
        assertThat(nextError().message()).isEqualTo("invalid topic size");
        assertStillUp(f);
        assertPeerStillWorks();
    }

    @Test
    void oversizedFrameAfterTheHandshakeClosesOnlyThatPeering() throws Exception {
        FakePeer f = peered();
        f.send(FakePeer.hex(String.format("%08x", MAX_FRAME + 1)));
        f.expectClosedSilently();
        ErrorEvent err = nextError();
        assertThat(err.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(err.context()).hasValueSatisfying(c -> assertThat(c.node()).isEqualTo(BAD));
        Await.until("the fake peering is gone", () -> j.peers().stream().noneMatch(i -> i.id().equals(BAD)));
        assertPeerStillWorks();
    }
}
