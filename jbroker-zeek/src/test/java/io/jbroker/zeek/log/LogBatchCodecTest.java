package io.jbroker.zeek.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.zeek.LogField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogBatchCodecTest {
    /** Zeek's doctest "roundtrip" vector (Serializer.cc): 116 bytes. */
    static final byte[] DOCTEST =
            LogCaptures.hex("0000000c4c6f673a3a554e4b4e4f574e000000104c6f673a3a5752495445525f4e4f4e45"
                    + "0000000764656661756c74000000076d792d70617468000000010000000002747300000005000000160000"
                    + "000002000000050000001601" + "3ff0000000000000" + "0000000500000016014000000000000000");

    @Test
    void everyCapturedBatchDecodesAndReencodesByteForByte() throws Exception {
        List<LogCaptures.Captured> all = LogCaptures.all();
        assertThat(all).hasSize(43);
        for (LogCaptures.Captured c : all) {
            assertThat(new String(c.frames().get(0), StandardCharsets.US_ASCII)).isEqualTo("log-write");
            assertThat(new String(c.frames().get(2), StandardCharsets.US_ASCII)).isEqualTo(LogBatchCodec.FORMAT);
            LogBatch batch = LogBatchCodec.decode(c.payload());
            assertThat(batch.records()).isNotEmpty();
            assertThat(LogBatchCodec.encode(batch))
                    .as(c.source() + " " + c.run() + " " + c.seq())
                    .isEqualTo(c.payload());
        }
    }

    @Test
    void doctestVector() throws Exception {
        assertThat(DOCTEST).hasSize(116);
        LogBatch batch = LogBatchCodec.decode(DOCTEST);
        assertThat(batch.header())
                .isEqualTo(new LogHeader(
                        "Log::UNKNOWN",
                        "Log::WRITER_NONE",
                        "default",
                        "my-path",
                        List.of(new LogField("ts", 5, 22, false))));
        assertThat(batch.records())
                .containsExactly(
                        LogRecord.of(new LogValue.Real(ZeekType.TIME, 1.0, 22)),
                        LogRecord.of(new LogValue.Real(ZeekType.TIME, 2.0, 22)));
        assertThat(LogBatchCodec.encode(batch)).isEqualTo(DOCTEST);
    }

    @Test
    void typedValuesOfTheInteropBatch() throws Exception {
        LogBatch batch = LogBatchCodec.decode(LogCaptures.zeromq2().get(1).payload());
        LogHeader h = batch.header();
        assertThat(h.stream()).isEqualTo("Interop::LOG");
        assertThat(h.path()).isEqualTo("interop");
        assertThat(h.fields()).hasSize(27);
        assertThat(h.fields().get(19)).isEqualTo(new LogField("ss", 14, 7, false));
        List<LogValue> r0 = batch.records().get(0).values();
        assertThat(r0.get(0)).isEqualTo(LogValue.time(1700000000.123456));
        assertThat(r0.get(1)).isEqualTo(LogValue.bool(true));
        assertThat(r0.get(2)).isEqualTo(LogValue.integer(-1));
        assertThat(r0.get(11)).isEqualTo(LogValue.addr("192.168.1.10"));
        assertThat(r0.get(13)).isEqualTo(LogValue.subnet("10.0.0.0/8"));
        assertThat(((LogValue.Subnet) r0.get(13)).rawLength()).isEqualTo(104);
        assertThat(r0.get(15)).isEqualTo(LogValue.port(80, LogValue.Port.TCP));
        assertThat(r0.get(16)).isEqualTo(LogValue.port(53, LogValue.Port.UDP));
        assertThat(r0.get(17)).isEqualTo(LogValue.port(8, LogValue.Port.ICMP));
        assertThat(r0.get(18)).isEqualTo(LogValue.enumValue("Interop::RED"));
        assertThat(r0.get(19)).isEqualTo(LogValue.set(List.of(LogValue.string("two"), LogValue.string("one"))));
        assertThat(r0.get(24)).isEqualTo(new LogValue.Unset(7, 0));
        List<LogValue> r1 = batch.records().get(1).values();
        assertThat(r1.get(3)).isEqualTo(LogValue.count(-1L));
        assertThat(r1.get(12)).isEqualTo(LogValue.addr("[::ffff:1.2.3.4]"));
        assertThat(r1.get(14)).isEqualTo(LogValue.subnet("fe80::/10"));
    }

    @Test
    void producerValuesEncodeAsZeekDoes() throws Exception {
        // 80/tcp as in zeromq-2/README.md: u64 port then a 4-byte protocol.
        LogBatch b = new LogBatch(
                LogHeader.of("X::LOG", "x", List.of(new LogField("p", 10, 0, false))),
                List.of(LogRecord.of(LogValue.port(80, LogValue.Port.TCP))));
        byte[] bytes = LogBatchCodec.encode(b);
        assertThat(LogCaptures.hex("0000000a0000000001000000000000005000000001"))
                .isEqualTo(java.util.Arrays.copyOfRange(bytes, bytes.length - 21, bytes.length));
        assertThat(LogBatchCodec.decode(bytes)).isEqualTo(b);
    }

    @Test
    void hugeCountsAreRejectedBeforeAllocating() {
        byte[] header = header(1);
        // u32 record count of 4 billion after a one-field header.
        byte[] huge = concat(header, LogCaptures.hex("ffffffff"));
        assertThatThrownBy(() -> LogBatchCodec.decode(huge))
                .isInstanceOf(LogDecodeException.class)
                .hasMessageContaining("record count 4294967295");
        // A field count of 2^32-1.
        byte[] fields = concat(strings("S", "w", "f", "p"), LogCaptures.hex("ffffffff"));
        assertThatThrownBy(() -> LogBatchCodec.decode(fields)).hasMessageContaining("field count 4294967295");
        // A vector claiming 2^62 elements.
        byte[] vector = concat(header, LogCaptures.hex("00000001" + "00000013000000000140000000000000000000"));
        assertThatThrownBy(() -> LogBatchCodec.decode(vector))
                .isInstanceOf(LogDecodeException.class)
                .hasMessageContaining("element count 4611686018427387904");
        // A negative element count.
        byte[] negative = concat(header, LogCaptures.hex("00000001" + "000000130000000001ffffffffffffffff"));
        assertThatThrownBy(() -> LogBatchCodec.decode(negative)).hasMessageContaining("element count -1");
        // A string of 2 GB.
        byte[] string = concat(header, LogCaptures.hex("00000001" + "00000007000000000180000000"));
        assertThatThrownBy(() -> LogBatchCodec.decode(string)).hasMessageContaining("length 2147483648");
    }

    @Test
    void badInputIsATypedErrorWithItsOffset() {
        byte[] header = header(1);
        byte[] pattern = concat(header, LogCaptures.hex("00000001" + "000000080000000001"));
        assertThatThrownBy(() -> LogBatchCodec.decode(pattern))
                .isInstanceOf(LogDecodeException.class)
                .hasMessageContaining("unsupported type pattern")
                .satisfies(e -> assertThat(((LogDecodeException) e).offset()).isEqualTo(header.length + 4));
        byte[] unknown = concat(header, LogCaptures.hex("00000001" + "000000630000000001"));
        assertThatThrownBy(() -> LogBatchCodec.decode(unknown)).hasMessageContaining("unsupported type <99>");
        byte[] trailing = concat(LogBatchCodecTest.DOCTEST, new byte[] {0});
        assertThatThrownBy(() -> LogBatchCodec.decode(trailing)).hasMessageContaining("1 bytes left over");
        byte[] proto =
                concat(header, LogCaptures.hex("00000001" + "0000000a0000000001" + "0000000000000050" + "00000009"));
        assertThatThrownBy(() -> LogBatchCodec.decode(proto)).hasMessageContaining("unknown port protocol 9");
        byte[] family = concat(header, LogCaptures.hex("00000001" + "0000000b000000000105"));
        assertThatThrownBy(() -> LogBatchCodec.decode(family)).hasMessageContaining("unknown address family 5");
    }

    @Test
    void deepNestingIsBounded() {
        StringBuilder hex = new StringBuilder("00000001");
        for (int i = 0; i < 20; i++) {
            hex.append("000000130000000001").append("0000000000000001");
        }
        hex.append("000000030000000001").append("0000000000000001");
        byte[] deep = concat(header(1), LogCaptures.hex(hex.toString()));
        assertThatThrownBy(() -> LogBatchCodec.decode(deep)).hasMessageContaining("nested deeper than 8");
    }

    @Test
    void everyTruncationOfEveryCaptureFails() {
        for (LogCaptures.Captured c : LogCaptures.all()) {
            byte[] p = c.payload();
            for (int len = 0; len < p.length; len++) {
                byte[] cut = java.util.Arrays.copyOf(p, len);
                assertThatThrownBy(() -> LogBatchCodec.decode(cut)).isInstanceOf(LogDecodeException.class);
            }
        }
    }

    /** A header of one count field {@code c} ... then the caller's record count and records. */
    static byte[] header(int fields) {
        ByteBuffer b = ByteBuffer.allocate(1000);
        b.put(strings("S::LOG", "Log::WRITER_ASCII", "default", "p"));
        b.putInt(fields);
        for (int i = 0; i < fields; i++) {
            b.put((byte) 0).put(strings("c" + i)).putInt(3).putInt(0).put((byte) 0);
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    static byte[] strings(String... s) {
        ByteBuffer b = ByteBuffer.allocate(1000);
        for (String x : s) {
            byte[] bytes = x.getBytes(StandardCharsets.UTF_8);
            b.putInt(bytes.length).put(bytes);
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
