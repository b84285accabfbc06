package io.jbroker.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.AddressValue;
import io.jbroker.data.Data;
import io.jbroker.data.VectorValue;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    private static final EndpointId EP_A = EndpointId.parse("bf71c422-52f8-55e3-8131-f033ff254800");
    private static final EndpointId EP_B = EndpointId.parse("7e01d9b2-ae93-53a2-9d66-558bf25bb1f4");

    @Test
    void capturedDataEnvelopesParseAndReencodeIdentically() {
        List<byte[]> c2s = CapturedFrames.load("session_plain.c2s.frames.txt");
        String[] topics = {
            "/vectors/string",
            "/vectors/integer",
            "/vectors/count",
            "/vectors/boolean",
            "/vectors/real",
            "/vectors/vector",
            "/vectors/event"
        };
        for (int i = 4; i <= 10; i++) {
            Envelope e = Envelope.parse(c2s.get(i));
            assertThat(e.type()).isEqualTo(MessageType.DATA);
            assertThat(e.sender()).isEqualTo(EP_B);
            assertThat(e.receiver().isNil()).isTrue();
            assertThat(e.ttl()).isEqualTo(WireFormat.DEFAULT_TTL);
            assertThat(e.topic().toString()).startsWith("/vectors/");
            Data value = e.decodeData();
            Envelope rebuilt = Envelope.data(EP_B, EndpointId.NIL, e.topic(), value);
            assertThat(HexFormat.of().formatHex(rebuilt.frame()))
                    .isEqualTo(HexFormat.of().formatHex(c2s.get(i)));
        }
        assertThat(Envelope.parse(c2s.get(4)).decodeData()).isEqualTo(Data.string("hello"));
        assertThat(Envelope.parse(c2s.get(5)).decodeData()).isEqualTo(Data.integer(-42));
        assertThat(Envelope.parse(c2s.get(6)).decodeData()).isEqualTo(Data.count(42));
        VectorValue v = (VectorValue) Envelope.parse(c2s.get(9)).decodeData();
        assertThat(v.get(0)).isEqualTo(AddressValue.parse("1.2.3.4"));
        assertThat(v.size()).isEqualTo(12);
        assertThat(topics).hasSize(7);
    }

    @Test
    void capturedByePingAndPongAreControlEnvelopes() {
        byte[] ping = CapturedFrames.load("session_plain.c2s.frames.txt").get(11);
        byte[] pong = CapturedFrames.load("session_plain.s2c.frames.txt").get(4);
        Envelope p = Envelope.parse(ping);
        Envelope q = Envelope.parse(pong);
        assertThat(p.type()).isEqualTo(MessageType.PING);
        assertThat(p.sender()).isEqualTo(EP_B);
        assertThat(p.receiver()).isEqualTo(EP_A);
        assertThat(p.topic()).isEqualTo(Topic.RESERVED);
        assertThat(new String(p.payload(), 0, 3, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("BYE");
        assertThat(p.payloadLength()).isEqualTo(11);
        assertThat(q.type()).isEqualTo(MessageType.PONG);
        assertThat(q.sender()).isEqualTo(EP_A);
        assertThat(q.receiver()).isEqualTo(EP_B);
        assertThat(q.payload()).isEqualTo(p.payload());
        Envelope answer = Envelope.of(EP_A, EP_B, MessageType.PONG, Topic.RESERVED, p.payload());
        assertThat(answer.frame()).isEqualTo(pong);
    }

    @Test
    void forwardedCopyRewritesOnlySenderAndTtl() {
        List<byte[]> ab = CapturedFrames.envelopes("routing/chain_ab.c2s.frames.txt");
        List<byte[]> cb = CapturedFrames.envelopes("routing/chain_cb.s2c.frames.txt");
        EndpointId b = EndpointId.parse("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");
        Envelope m2 = ab.stream()
                .map(Envelope::parse)
                .filter(e ->
                        e.type() == MessageType.DATA && e.topic().toString().equals("/chain/c/2"))
                .findFirst()
                .orElseThrow();
        Envelope relayed = cb.stream()
                .map(Envelope::parse)
                .filter(e ->
                        e.type() == MessageType.DATA && e.topic().toString().equals("/chain/c/2"))
                .findFirst()
                .orElseThrow();
        Envelope forwarded = m2.forwardedCopy(b, WireFormat.DEFAULT_TTL);
        assertThat(forwarded.frame()).isEqualTo(relayed.frame());
        assertThat(m2.sender()).isNotEqualTo(b);
    }

    @Test
    void everyCapturedEnvelopeOfTheRoutingSessionsParses() {
        for (String f : List.of(
                "routing/routing_pair.c2s.frames.txt",
                "routing/routing_pair.s2c.frames.txt",
                "routing/chain_ab.c2s.frames.txt",
                "routing/chain_ab.s2c.frames.txt",
                "routing/chain_cb.c2s.frames.txt",
                "routing/chain_cb.s2c.frames.txt")) {
            long envelopes = CapturedFrames.load(f).stream()
                    .filter(fr -> fr.length >= 41
                            && fr[4] != 6
                            && fr[4] != 7
                            && fr[4] != 8
                            && fr[4] != 10
                            && fr[4] != 11
                            && fr[4] != 12)
                    .map(Envelope::parse)
                    .count();
            assertThat(envelopes).as(f).isPositive();
        }
    }

    @Test
    void shortBodyIsTooShort() {
        assertThatThrownBy(() -> Envelope.parse(new byte[4 + 36])).isInstanceOfSatisfying(WireException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
            assertThat(e.description()).isEqualTo("message too short");
        });
    }

    @Test
    void unknownTypeAndOversizedTopicAreRejected() {
        byte[] frame = Envelope.data(EP_A, EndpointId.NIL, Topic.of("/t"), Data.count(1))
                .frame()
                .clone();
        frame[36] = 6;
        assertThatThrownBy(() -> Envelope.parse(frame)).hasMessage("invalid message type");
        byte[] frame2 = Envelope.data(EP_A, EndpointId.NIL, Topic.of("/t"), Data.count(1))
                .frame()
                .clone();
        frame2[39] = (byte) 0xff;
        assertThatThrownBy(() -> Envelope.parse(frame2)).hasMessage("invalid topic size");
    }

    @Test
    void workedDataExampleOfTheSpecEncodesExactly() {
        EndpointId j = EndpointId.parse("01010101-0101-5101-8101-010101010101");
        Envelope e = Envelope.data(j, EndpointId.NIL, Topic.of("/test"), Data.count(42));
        assertThat(HexFormat.of().formatHex(e.frame()))
                .isEqualTo("000000330101010101015101810101010101010100000000000000000000000000000000" + "0100100005"
                        + "2f74657374" + "02000000000000002a");
    }
}
