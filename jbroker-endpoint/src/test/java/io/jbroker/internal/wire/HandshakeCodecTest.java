package io.jbroker.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeCodecTest {
    private static final EndpointId J = EndpointId.parse("01010101-0101-5101-8101-010101010101");
    private static final EndpointId B = EndpointId.parse("02020202-0202-5202-8202-020202020202");

    private static HandshakeMessage decodeFrame(byte[] frame) {
        ByteBuf body = Unpooled.wrappedBuffer(frame, 4, frame.length - 4);
        try {
            return HandshakeCodec.decode(body);
        } finally {
            body.release();
        }
    }

    private static String encodeHex(HandshakeMessage msg) {
        ByteBuf out = HandshakeCodec.encode(msg, Unpooled.buffer().alloc());
        try {
            return ByteBufUtil.hexDump(out);
        } finally {
            out.release();
        }
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void capturedConnectorHandshakeFramesDecodeAndReencodeIdentically() {
        List<byte[]> c2s = CapturedFrames.load("session_plain.c2s.frames.txt");
        EndpointId epB = EndpointId.parse("7e01d9b2-ae93-53a2-9d66-558bf25bb1f4");

        HandshakeMessage hello = decodeFrame(c2s.get(0));
        assertThat(hello).isEqualTo(Hello.of(epB));
        HandshakeMessage select = decodeFrame(c2s.get(1));
        assertThat(select).isEqualTo(VersionSelect.of(epB));
        HandshakeMessage syn = decodeFrame(c2s.get(2));
        assertThat(syn).isEqualTo(new OriginatorSyn(Filter.of(List.of(Topic.of("/back")))));
        HandshakeMessage ack = decodeFrame(c2s.get(3));
        assertThat(ack).isEqualTo(new OriginatorAck());

        for (int i = 0; i < 4; i++) {
            assertThat(encodeHex(decodeFrame(c2s.get(i))))
                    .isEqualTo(HexFormat.of().formatHex(c2s.get(i)));
        }
    }

    @Test
    void capturedAcceptorHandshakeFramesDecodeAndReencodeIdentically() {
        List<byte[]> s2c = CapturedFrames.load("session_plain.s2c.frames.txt");
        EndpointId epA = EndpointId.parse("bf71c422-52f8-55e3-8131-f033ff254800");
        assertThat(decodeFrame(s2c.get(0))).isEqualTo(new Probe());
        assertThat(decodeFrame(s2c.get(1))).isEqualTo(Hello.of(epA));
        assertThat(decodeFrame(s2c.get(2))).isEqualTo(new ResponderSynAck(Filter.of(List.of(Topic.of("/vectors")))));
        for (int i = 0; i < 3; i++) {
            assertThat(encodeHex(decodeFrame(s2c.get(i))))
                    .isEqualTo(HexFormat.of().formatHex(s2c.get(i)));
        }
    }

    @Test
    void firstBytesOfBothRolesMatchCaptures() {
        byte[] hello = CapturedFrames.load("connector_first_bytes_plain.c2s.frames.txt")
                .get(0);
        assertThat(decodeFrame(hello)).isInstanceOf(Hello.class);
        assertThat(encodeHex(decodeFrame(hello))).isEqualTo(HexFormat.of().formatHex(hello));
        byte[] probe =
                CapturedFrames.load("acceptor_first_bytes_plain.s2c.frames.txt").get(0);
        assertThat(encodeHex(new Probe())).isEqualTo(HexFormat.of().formatHex(probe));
    }

    @Test
    void workedExamplesOfTheSpecEncodeExactly() {
        assertThat(encodeHex(new Probe())).isEqualTo("000000050" + "75a45454b");
        assertThat(encodeHex(Hello.of(J))).isEqualTo("00000017065a45454b01010101010151018101010101010101" + "0101");
        assertThat(encodeHex(VersionSelect.of(J))).isEqualTo("00000016085a45454b0101010101015101810101010101010101");
        assertThat(encodeHex(new OriginatorSyn(Filter.of(List.of(Topic.of("/test"))))))
                .isEqualTo("000000080a01052f74657374");
        assertThat(encodeHex(new ResponderSynAck(Filter.of(List.of(Topic.of("zeek/"), Topic.of("/foo/bar"))))))
                .isEqualTo("000000110b02082f666f6f2f626172057a65656b2f");
        assertThat(encodeHex(new ResponderSynAck(Filter.EMPTY))).isEqualTo("000000020b00");
        assertThat(encodeHex(new OriginatorAck())).isEqualTo("000000010c");
        assertThat(encodeHex(DropConn.of(B, ErrorCode.REDUNDANT_CONNECTION, "redundant connection")))
                .isEqualTo("0000002b095a45454b02020202020252028202020202020202"
                        + "2714726564756e64616e7420636f6e6e656374696f6e");
        assertThat(encodeHex(DropConn.of(B, ErrorCode.PEER_INCOMPATIBLE, "unsupported versions offered")))
                .isEqualTo("00000033095a45454b02020202020252028202020202020202"
                        + "021c756e737570706f727465642076657273696f6e73206f666665726564");
    }

    @Test
    void dropConnRoundTrips() {
        DropConn d = DropConn.of(B, ErrorCode.REDUNDANT_CONNECTION, "redundant connection");
        byte[] frame = hex(encodeHex(d));
        assertThat(decodeFrame(frame)).isEqualTo(d);
        assertThat(((DropConn) decodeFrame(frame)).errorCode()).isEqualTo(ErrorCode.REDUNDANT_CONNECTION);
    }

    @Test
    void envelopeTagInHandshakeIsAnInvalidMessageType() {
        assertRejected("0000000101", ErrorCode.INVALID_MESSAGE, "invalid message type tag");
        assertRejected("000000010d", ErrorCode.INVALID_MESSAGE, "invalid message type tag");
        assertRejected("0000000100", ErrorCode.INVALID_MESSAGE, "invalid message type tag");
    }

    @Test
    void helloWithWrongMagicIsRejected() {
        assertRejected(
                "00000017065a45454c01010101010151018101010101010101" + "0101",
                ErrorCode.WRONG_MAGIC_NUMBER,
                "wrong magic number");
        assertRejected("00000005075a45454a", ErrorCode.WRONG_MAGIC_NUMBER, "wrong magic number");
    }

    @Test
    void helloOfferingOnlyNewerVersionsIsIncompatible() {
        assertRejected(
                "00000017065a45454b01010101010151018101010101010101" + "c8c9",
                ErrorCode.PEER_INCOMPATIBLE,
                "unsupported versions offered");
    }

    @Test
    void versionSelectOfAnotherVersionIsIncompatible() {
        assertRejected(
                "00000016085a45454b0101010101015101810101010101010102",
                ErrorCode.PEER_INCOMPATIBLE,
                "unsupported version selected");
    }

    @Test
    void truncatedMessagesFailToParseWithBrokersDescription() {
        assertRejected(
                "00000010065a45454b0101010101015101810101", ErrorCode.INVALID_MESSAGE, "failed to parse hello_msg");
        assertRejected("00000003075a45", ErrorCode.INVALID_MESSAGE, "failed to parse probe_msg");
        assertRejected("00000003085a45", ErrorCode.INVALID_MESSAGE, "failed to parse version_select_msg");
        assertRejected("00000003095a45", ErrorCode.INVALID_MESSAGE, "failed to parse drop_conn_msg");
        assertRejected("000000030a0105", ErrorCode.INVALID_MESSAGE, "failed to parse v1::originator_syn_msg");
        assertRejected("000000020b80", ErrorCode.INVALID_MESSAGE, "failed to parse v1::responder_syn_ack_msg");
    }

    @Test
    void dropConnWithUnknownCodeIsEchoedAsUnspecified() {
        byte[] frame = hex(encodeHex(new DropConn(B, 41, "whatever")));
        assertRejected(HexFormat.of().formatHex(frame), ErrorCode.UNSPECIFIED, "whatever");
    }

    @Test
    void filterWithHugeClaimedCountIsRejectedWithoutAllocating() {
        assertRejected("000000060affffffff0f", ErrorCode.INVALID_MESSAGE, "failed to parse v1::originator_syn_msg");
    }

    private static void assertRejected(String frameHex, ErrorCode code, String description) {
        assertThatThrownBy(() -> decodeFrame(hex(frameHex))).isInstanceOfSatisfying(WireException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.description()).isEqualTo(description);
        });
    }
}
