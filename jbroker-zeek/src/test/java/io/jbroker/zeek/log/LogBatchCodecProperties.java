package io.jbroker.zeek.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.zeek.LogField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LogBatchCodecProperties {
    @Property(tries = 300)
    void batchesRoundTrip(@ForAll("batches") LogBatch batch) throws Exception {
        byte[] bytes = LogBatchCodec.encode(batch);
        LogBatch back = LogBatchCodec.decode(bytes);
        assertThat(LogBatchCodec.encode(back)).isEqualTo(bytes);
        assertThat(back.header()).isEqualTo(batch.header());
        assertThat(back.records()).hasSameSizeAs(batch.records());
    }

    @Property(tries = 100)
    void everyTruncationFailsCleanly(@ForAll("batches") LogBatch batch) {
        byte[] bytes = LogBatchCodec.encode(batch);
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThatThrownBy(() -> LogBatchCodec.decode(cut)).isInstanceOf(LogDecodeException.class);
        }
    }

    @Property(tries = 200)
    void recordsRoundTrip(@ForAll("records") LogRecord record) throws Exception {
        byte[] bytes = LogBatchCodec.encodeRecord(record);
        assertThat(LogBatchCodec.encodeRecord(LogBatchCodec.decodeRecord(bytes)))
                .isEqualTo(bytes);
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThatThrownBy(() -> LogBatchCodec.decodeRecord(cut)).isInstanceOf(LogDecodeException.class);
        }
    }

    @Property(tries = 300)
    void randomBytesNeverThrowAnythingElse(@ForAll("noise") byte[] bytes) {
        try {
            LogBatchCodec.decode(bytes);
        } catch (LogDecodeException expected) {
            // the typed failure
        }
    }

    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> mutated = batches().flatMap(b -> {
            byte[] bytes = LogBatchCodec.encode(b);
            return Arbitraries.integers().between(0, bytes.length - 1).tuple2().map(t -> {
                byte[] copy = bytes.clone();
                copy[t.get1()] ^= (byte) (t.get2() | 1);
                return copy;
            });
        });
        return Arbitraries.oneOf(random, mutated);
    }

    @Provide
    Arbitrary<LogRecord> records() {
        return value(2).list().ofMaxSize(6).map(LogRecord::new);
    }

    @Provide
    Arbitrary<LogBatch> batches() {
        return Arbitraries.integers().between(1, 5).flatMap(n -> {
            Arbitrary<List<LogValue>> row = value(2).list().ofSize(n);
            Arbitrary<List<LogRecord>> rows = row.map(LogRecord::new).list().ofMaxSize(4);
            Arbitrary<List<LogField>> fields = field().list().ofSize(n);
            Arbitrary<String> name = Arbitraries.strings().ofMaxLength(12);
            return Combinators.combine(name, name, fields, rows)
                    .as((stream, path, f, r) ->
                            new LogBatch(new LogHeader(stream, "Log::WRITER_ASCII", "default", path, f), r));
        });
    }

    private Arbitrary<LogField> field() {
        return Combinators.combine(
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                        Arbitraries.strings().alpha().ofMaxLength(4).optional(),
                        Arbitraries.integers().between(0, 22),
                        Arbitraries.integers().between(0, 22),
                        Arbitraries.of(true, false))
                .as((n, s, t, st, o) -> new LogField(n, s, t, st, o));
    }

    static Arbitrary<LogValue> value(int depth) {
        List<Arbitrary<LogValue>> choices = new ArrayList<>(List.of(
                Arbitraries.integers().between(0, 22).map(t -> new LogValue.Unset(t, 0)),
                Arbitraries.of(true, false).map(LogValue::bool),
                Arbitraries.longs().map(LogValue::integer),
                Arbitraries.longs().map(LogValue::count),
                Arbitraries.doubles().map(LogValue::real),
                Arbitraries.doubles().map(LogValue::time),
                Arbitraries.doubles().map(LogValue::interval),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(10).map(LogValue::string),
                Arbitraries.strings().ofMaxLength(6).map(LogValue::enumValue),
                Combinators.combine(
                                Arbitraries.integers().between(0, 65535),
                                Arbitraries.integers().between(0, 3))
                        .as(LogValue::port),
                Arbitraries.bytes().array(byte[].class).ofSize(4).map(b -> new LogValue.Addr(b, 0)),
                Arbitraries.bytes().array(byte[].class).ofSize(16).map(b -> new LogValue.Addr(b, 0)),
                Combinators.combine(
                                Arbitraries.bytes().array(byte[].class).ofSize(16),
                                Arbitraries.integers().between(0, 128))
                        .as((b, l) -> new LogValue.Subnet(new LogValue.Addr(b, 0), l, 0))));
        if (depth > 0) {
            choices.add(value(depth - 1).list().ofMaxSize(3).map(LogValue::set));
            choices.add(value(depth - 1).list().ofMaxSize(3).map(LogValue::vector));
        }
        return Arbitraries.oneOf(choices);
    }
}
