package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Deeply nested containers: the decoder's depth limit, and that no operation overflows the stack of
 * a thread with a small (512 KiB) stack for values within {@link BinaryFormat#MAX_NESTING_DEPTH}.
 */
class BinaryNestingTest {
    private static final int SMALL_STACK = 512 * 1024;

    @Test
    void vectorNested1000LevelsIsAccepted() {
        byte[] bin = nestedVector(1000);
        // the same bytes Broker accepted (data/invalid.jsonl id 57)
        String captured = DataVectors.jsonl("data/invalid.jsonl").records().stream()
                .filter(r -> r.get("id").asInt() == 57)
                .findFirst()
                .orElseThrow()
                .get("bin")
                .asText();
        assertThat(DataVectors.hex(bin)).isEqualTo(captured);
        Data d = BinaryFormat.decode(bin);
        assertThat(depth(d)).isEqualTo(1000);
        assertThat(BinaryFormat.encode(d)).isEqualTo(bin);
    }

    @Test
    void vectorNestedToTheLimitIsAcceptedAndOneMoreLevelIsRejected() {
        assertThat(depth(BinaryFormat.decode(nestedVector(BinaryFormat.MAX_NESTING_DEPTH))))
                .isEqualTo(BinaryFormat.MAX_NESTING_DEPTH);
        byte[] tooDeep = nestedVector(BinaryFormat.MAX_NESTING_DEPTH + 1);
        assertThatThrownBy(() -> BinaryFormat.decode(tooDeep)).isInstanceOfSatisfying(DecodeException.class, e -> {
            assertThat(e.offset()).isEqualTo(2L * BinaryFormat.MAX_NESTING_DEPTH);
            assertThat(e.reason()).contains("nesting");
        });
    }

    @Test
    void setsAndTablesCountTowardsTheSameLimit() {
        assertThatThrownBy(() ->
                        BinaryFormat.decode(nested(BinaryFormat.MAX_NESTING_DEPTH + 1, i -> new byte[] {0x0c, 1})))
                .isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> BinaryFormat.decode(nestedTableKeys(BinaryFormat.MAX_NESTING_DEPTH + 1)))
                .isInstanceOf(DecodeException.class);
        assertThat(depth(BinaryFormat.decode(nestedTableKeys(BinaryFormat.MAX_NESTING_DEPTH))))
                .isEqualTo(BinaryFormat.MAX_NESTING_DEPTH);
    }

    @Test
    void encoderRefusesValuesNestedBeyondTheLimit() {
        Data d = Data.none();
        for (int i = 0; i <= BinaryFormat.MAX_NESTING_DEPTH; i++) {
            d = Data.vector(d);
        }
        Data tooDeep = d;
        assertThatThrownBy(() -> BinaryFormat.encode(tooDeep))
                .isInstanceOfSatisfying(
                        BrokerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SERIALIZATION_FAILED));
    }

    @Test
    void everyOperationOnDeepVectorsFitsInASmallThreadStack() throws Exception {
        runWithSmallStack(() -> exercise(nestedVector(BinaryFormat.MAX_NESTING_DEPTH)));
        runWithSmallStack(() -> exercise(nestedVector(1000)));
    }

    @Test
    void everyOperationOnDeepSetsAndTablesFitsInASmallThreadStack() throws Exception {
        runWithSmallStack(() -> exercise(nested(BinaryFormat.MAX_NESTING_DEPTH, i -> new byte[] {0x0c, 1})));
        runWithSmallStack(() -> exercise(nestedTableKeys(BinaryFormat.MAX_NESTING_DEPTH)));
        runWithSmallStack(() -> exercise(nestedTableValues(BinaryFormat.MAX_NESTING_DEPTH)));
    }

    @Test
    void rejectingTooDeepInputFitsInASmallThreadStack() throws Exception {
        runWithSmallStack(() -> assertThatThrownBy(() -> BinaryFormat.decode(nestedVector(5000)))
                .isInstanceOf(DecodeException.class));
    }

    private static void exercise(byte[] bin) {
        Data a = BinaryFormat.decode(bin);
        Data b = BinaryFormat.decodeShared(bin, 0, bin.length);
        assertThat(BinaryFormat.encode(a)).isEqualTo(bin);
        assertThat(BinaryFormat.encodedSize(b)).isEqualTo(bin.length);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a.equals(b)).isTrue();
        assertThat(a.compareTo(b)).isZero();
        assertThat(a.toString()).isNotEmpty();
        assertThat(TextFormat.toBytes(a)).isNotEmpty();
        BinaryFormat.validate(bin, 0, bin.length);
        // a sibling that differs only at the innermost level
        byte[] other = bin.clone();
        int none = lastIndexOf(other, (byte) 0x00);
        other[none] = 0x01;
        byte[] withTrue = Arrays.copyOf(other, other.length + 1);
        System.arraycopy(other, none + 1, withTrue, none + 2, other.length - none - 1);
        withTrue[none + 1] = 1;
        Data c = BinaryFormat.decode(withTrue);
        assertThat(a.compareTo(c)).isNegative();
        assertThat(c.compareTo(a)).isPositive();
        assertThat(a.equals(c)).isFalse();
    }

    private static int lastIndexOf(byte[] b, byte v) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == v) {
                return i;
            }
        }
        throw new AssertionError("no none in input");
    }

    private static void runWithSmallStack(Runnable r) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(
                null,
                () -> {
                    try {
                        r.run();
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                },
                "t",
                SMALL_STACK);
        t.start();
        t.join();
        assertThat(failure.get()).isNull();
    }

    /** {@code depth} vectors of one element each around a none. */
    static byte[] nestedVector(int depth) {
        return nested(depth, i -> new byte[] {0x0e, 1});
    }

    private static byte[] nested(int depth, IntFunction<byte[]> header) {
        byte[] out = new byte[0];
        for (int i = 0; i < depth; i++) {
            byte[] h = header.apply(i);
            byte[] next = Arrays.copyOf(h, h.length + out.length);
            System.arraycopy(out, 0, next, h.length, out.length);
            out = next;
        }
        return append(out, (byte) 0x00);
    }

    /** {@code depth} tables, each the single key of the next ({k -> nil}), around a none. */
    private static byte[] nestedTableKeys(int depth) {
        byte[] inner = {0x00};
        for (int i = 0; i < depth; i++) {
            byte[] next = new byte[inner.length + 3];
            next[0] = 0x0d;
            next[1] = 1;
            System.arraycopy(inner, 0, next, 2, inner.length);
            next[next.length - 1] = 0x00;
            inner = next;
        }
        return inner;
    }

    /** {@code depth} tables, each the value of the next ({nil -> v}), around a none. */
    private static byte[] nestedTableValues(int depth) {
        return nested(depth, i -> new byte[] {0x0d, 1, 0x00});
    }

    private static byte[] append(byte[] a, byte b) {
        byte[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }

    private static int depth(Data d) {
        int n = 0;
        while (true) {
            if (d instanceof VectorValue && ((VectorValue) d).size() == 1) {
                d = ((VectorValue) d).get(0);
            } else if (d instanceof SetValue && ((SetValue) d).size() == 1) {
                d = ((SetValue) d).elements().get(0);
            } else if (d instanceof TableValue && ((TableValue) d).size() == 1) {
                TableValue t = (TableValue) d;
                d = t.keys().get(0).type() == DataType.NONE
                        ? t.values().get(0)
                        : t.keys().get(0);
            } else {
                return n;
            }
            n++;
        }
    }
}
