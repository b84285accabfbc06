package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The data envelopes of the captured live session (session_plain.*.frames.txt) carry the values
 * the capture script published, and re-encode byte for byte.
 */
class BinarySessionEnvelopeTest {
    private static final List<byte[]> C2S = frames("session_plain.c2s.frames.txt");
    private static final List<byte[]> S2C = frames("session_plain.s2c.frames.txt");

    @Test
    void framesParse() {
        assertThat(C2S).hasSize(12);
        assertThat(S2C).hasSize(5);
    }

    @Test
    void scalarEnvelopesCarryThePublishedValues() {
        assertThat(payload(C2S, 4, "/vectors/string")).isEqualTo(Data.string("hello"));
        assertThat(payload(C2S, 5, "/vectors/integer")).isEqualTo(Data.integer(-42));
        assertThat(payload(C2S, 6, "/vectors/count")).isEqualTo(Data.count(42));
        assertThat(payload(C2S, 7, "/vectors/boolean")).isEqualTo(Data.bool(true));
        assertThat(payload(C2S, 8, "/vectors/real")).isEqualTo(Data.real(3.5));
        assertThat(payload(S2C, 3, "/back/reply")).isEqualTo(Data.string("reply"));
    }

    @Test
    void vectorEnvelopeHoldsEveryTypeInOrder() {
        Data d = payload(C2S, 9, "/vectors/vector");
        assertThat(d).isInstanceOf(VectorValue.class);
        List<Data> items = ((VectorValue) d).asList();
        assertThat(items).hasSize(12);
        assertThat(items.get(0)).isEqualTo(AddressValue.parse("1.2.3.4"));
        assertThat(((AddressValue) items.get(0)).isV4()).isTrue();
        assertThat(items.get(1)).isEqualTo(AddressValue.parse("2001:db8::1"));
        SubnetValue subnet = (SubnetValue) items.get(2);
        assertThat(subnet.network()).isEqualTo(AddressValue.parse("10.0.0.0"));
        assertThat(subnet.length()).isEqualTo(8);
        assertThat(subnet.rawLength()).isEqualTo(104);
        assertThat(items.get(3)).isEqualTo(PortValue.of(80, Protocol.TCP));
        assertThat(items.get(4)).isEqualTo(PortValue.of(53, Protocol.UDP));
        assertThat(items.get(5)).isEqualTo(TimestampValue.ofNanos(1_700_000_000_123_456_789L));
        assertThat(items.get(6)).isEqualTo(TimespanValue.ofNanos(1_500_000_000L));
        assertThat(items.get(7)).isEqualTo(EnumValue.of("Conn::LOG"));
        assertThat(items.get(8)).isEqualTo(Data.set(Data.count(1), Data.count(2), Data.count(3)));
        assertThat(items.get(9))
                .isEqualTo(TableValue.builder()
                        .put(Data.string("a"), Data.count(1))
                        .put(Data.string("b"), Data.count(2))
                        .build());
        assertThat(items.get(10)).isEqualTo(Data.none());
        assertThat(items.get(11)).isEqualTo(Data.vector(Data.count(7), Data.string("nested")));
        assertThat(d.toString())
                .isEqualTo("(1.2.3.4, 2001:db8::1, 10.0.0.0/8, 80/tcp, 53/udp, 1700000000123456789ns,"
                        + " 1500000000ns, Conn::LOG, {1, 2, 3}, {a -> 1, b -> 2}, nil, (7, nested))");
    }

    @Test
    void zeekEventEnvelopeHoldsTheEventShape() {
        Data expected = Data.vector(
                Data.count(1),
                Data.count(1),
                Data.vector(Data.string("Test::ping"), Data.vector(Data.string("foo"), Data.count(1))));
        assertThat(payload(C2S, 10, "/vectors/zeek_event")).isEqualTo(expected);
    }

    @Test
    void everyDataEnvelopeReencodesByteForByte() {
        for (int i = 4; i <= 10; i++) {
            assertReencodesIdentically(C2S.get(i));
        }
        assertReencodesIdentically(S2C.get(3));
    }

    private static void assertReencodesIdentically(byte[] frame) {
        int start = payloadStart(frame);
        byte[] payload = Arrays.copyOfRange(frame, start, frame.length);
        assertThat(BinaryFormat.encode(BinaryFormat.decodeShared(frame, start, frame.length - start)))
                .isEqualTo(payload);
        assertThat(BinaryFormat.encode(BinaryFormat.decode(payload))).isEqualTo(payload);
    }

    /** Decodes the data envelope payload of frame {@code index}, checking its type and topic. */
    private static Data payload(List<byte[]> frames, int index, String topic) {
        byte[] frame = frames.get(index);
        assertThat(frame[32]).as("envelope type data").isEqualTo((byte) 1);
        int topicLen = ((frame[35] & 0xFF) << 8) | (frame[36] & 0xFF);
        assertThat(new String(frame, 37, topicLen, StandardCharsets.UTF_8)).isEqualTo(topic);
        int start = payloadStart(frame);
        return BinaryFormat.decode(frame, start, frame.length - start);
    }

    /** Sender (16), receiver (16), type (1), ttl (2), topic length (2), topic. */
    private static int payloadStart(byte[] frame) {
        int topicLen = ((frame[35] & 0xFF) << 8) | (frame[36] & 0xFF);
        return 16 + 16 + 1 + 2 + 2 + topicLen;
    }

    /** Frame payloads without their 4-byte length prefix (checked against the payload size). */
    private static List<byte[]> frames(String name) {
        List<byte[]> frames = new ArrayList<>();
        for (String line : DataVectors.lines(name)) {
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("frame ")) {
                continue;
            }
            byte[] withPrefix = DataVectors.hex(line.trim());
            int len = ((withPrefix[0] & 0xFF) << 24)
                    | ((withPrefix[1] & 0xFF) << 16)
                    | ((withPrefix[2] & 0xFF) << 8)
                    | (withPrefix[3] & 0xFF);
            assertThat(withPrefix.length - 4).isEqualTo(len);
            frames.add(Arrays.copyOfRange(withPrefix, 4, withPrefix.length));
        }
        return frames;
    }
}
