package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Truncated and mutated JSON only ever fails with a {@link DecodeException}. */
class JsonMalformedInputTest {
    private static final byte[] INTERESTING =
            "{}[]\":,\\/0-.eE+nNtfuv \t\n\u0000\u007f".getBytes(StandardCharsets.UTF_8);

    @Property(tries = 1000)
    void mutatedDocumentsFailOnlyWithDecodeException(@ForAll("mutated") byte[] json) {
        assertDecodesOrFailsCleanly(json);
    }

    @Property(tries = 300)
    void everyTruncationFailsCleanly(@ForAll("valid") byte[] json) {
        for (int len = 0; len < json.length; len++) {
            byte[] cut = Arrays.copyOf(json, len);
            assertDecodesOrFailsCleanly(cut);
        }
    }

    @Property(tries = 300)
    void truncatedValueObjectsAreInvalidJson(@ForAll("valid") byte[] json, @ForAll("fraction") double f) {
        byte[] cut = Arrays.copyOf(json, (int) (json.length * f));
        try {
            JsonFormat.decode(cut);
            throw new AssertionError("truncated document decoded: " + new String(cut, StandardCharsets.UTF_8));
        } catch (DecodeException e) {
            assertThat(e.code()).isEqualTo(io.jbroker.ErrorCode.INVALID_JSON);
            assertThat(e.offset()).isBetween(-1L, (long) cut.length);
        }
    }

    private static void assertDecodesOrFailsCleanly(byte[] json) {
        try {
            JsonFormat.decode(json);
        } catch (DecodeException e) {
            assertThat(e.reason()).isNotBlank();
        }
        try {
            JsonFormat.decodeMessage(json);
        } catch (DecodeException e) {
            assertThat(e.code()).isIn(io.jbroker.ErrorCode.INVALID_JSON, io.jbroker.ErrorCode.DESERIALIZATION_FAILED);
        }
    }

    @Provide
    Arbitrary<Double> fraction() {
        return Arbitraries.doubles().between(0.0, 0.999).ofScale(3);
    }

    @Provide
    Arbitrary<byte[]> valid() {
        return DataArbitraries.data(2).map(d -> JsonFormat.encodeMessage(io.jbroker.DataMessage.of("/t", d)));
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<List<int[]>> edits = Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE),
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(0, INTERESTING.length - 1))
                .as((kind, pos, any, pick) -> new int[] {kind, pos, any, pick})
                .list()
                .ofMinSize(1)
                .ofMaxSize(4);
        return Combinators.combine(valid(), edits).as(JsonMalformedInputTest::apply);
    }

    private static byte[] apply(byte[] json, List<int[]> edits) {
        byte[] b = json;
        for (int[] e : edits) {
            int pos = e[1] % (b.length + 1);
            byte value = (byte) (e[2] % 2 == 0 ? INTERESTING[e[3]] : e[2]);
            switch (e[0]) {
                case 0:
                    if (pos < b.length) {
                        b = b.clone();
                        b[pos] = value;
                    }
                    break;
                case 1:
                    byte[] ins = new byte[b.length + 1];
                    System.arraycopy(b, 0, ins, 0, pos);
                    ins[pos] = value;
                    System.arraycopy(b, pos, ins, pos + 1, b.length - pos);
                    b = ins;
                    break;
                default:
                    if (pos < b.length) {
                        byte[] del = new byte[b.length - 1];
                        System.arraycopy(b, 0, del, 0, pos);
                        System.arraycopy(b, pos + 1, del, pos, b.length - pos - 1);
                        b = del;
                    }
            }
        }
        return b;
    }
}
