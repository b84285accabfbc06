package io.jbroker.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.data.Data;
import io.jbroker.data.DecodeException;
import io.jbroker.data.JsonFormat;
import io.jbroker.data.Protocol;
import io.jbroker.zeek.internal.workload.ThroughputWorkload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The fast decoder gives exactly what {@link JsonFormat#decodeMessage(byte[])} gives: the same
 * message, or the same error (it hands every frame it does not read itself to JsonFormat).
 */
class FastDataMessagesTest {

    @Test
    void benchmarkShapesAndZeekEventsTakeTheFastPath() {
        ThroughputWorkload w = new ThroughputWorkload();
        for (Data event : List.of(w.event(1), Data.vector(Data.none(), Data.real(-0.5), Data.bool(true)))) {
            byte[] frame = JsonFormat.encodeMessage(DataMessage.of(ThroughputWorkload.TOPIC, event));
            assertThat(FastDataMessages.tryFast(frame))
                    .as(new String(frame, StandardCharsets.UTF_8))
                    .isEqualTo(JsonFormat.decodeMessage(frame));
        }
    }

    @Property(tries = 2000)
    void encodedMessagesDecodeAsJsonFormatDecodesThem(@ForAll("values") Data value) {
        byte[] frame = JsonFormat.encodeMessage(DataMessage.of("/t/x", value));
        assertSameOutcome(frame);
    }

    @Property(tries = 1000)
    void framesInsideLargerBuffersDecodeAsAlone(
            @ForAll("values") Data value, @ForAll @net.jqwik.api.constraints.IntRange(max = 9) int before) {
        byte[] frame = JsonFormat.encodeMessage(DataMessage.of("/t/x", value));
        byte[] buf = new byte[before + frame.length + 3];
        java.util.Arrays.fill(buf, (byte) '"'); // a stray quote around the frame must not be read
        System.arraycopy(frame, 0, buf, before, frame.length);
        DataMessage expected;
        try {
            expected = JsonFormat.decodeMessage(frame);
        } catch (DecodeException e) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> FastDataMessages.decode(buf, before, frame.length, null))
                    .isInstanceOf(DecodeException.class)
                    .hasMessage(e.getMessage());
            return;
        }
        assertThat(FastDataMessages.decode(buf, before, frame.length, null)).isEqualTo(expected);
        io.jbroker.Topic previous = io.jbroker.Topic.of("/t/x");
        DataMessage reused = FastDataMessages.decode(buf, before, frame.length, previous);
        assertThat(reused).isEqualTo(expected);
        if (FastDataMessages.tryFast(frame) != null) {
            assertThat(reused.topic()).isSameAs(previous);
        }
    }

    @Property(tries = 3000)
    void plainAsciiAgreesWithAByteLoop(
            @ForAll byte[] bytes, @ForAll @net.jqwik.api.constraints.IntRange(max = 3) int from) {
        int start = Math.min(from, bytes.length);
        boolean expected = true;
        for (int i = start; i < bytes.length; i++) {
            byte b = bytes[i];
            expected &= b >= 0x20 && b != '\\' && b != 0x7F;
        }
        assertThat(FastDataMessages.plainAscii(bytes, start, bytes.length)).isEqualTo(expected);
    }

    @Property(tries = 2000)
    void plainAsciiFindsEveryRejectedByteAtEveryPosition(
            @ForAll @net.jqwik.api.constraints.IntRange(max = 40) int length,
            @ForAll @net.jqwik.api.constraints.IntRange(max = 39) int at,
            @ForAll byte bad) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) 'a');
        boolean rejected = bad < 0x20 || bad == '\\' || bad == 0x7F;
        if (at < length) {
            bytes[at] = bad;
        }
        assertThat(FastDataMessages.plainAscii(bytes, 0, length)).isEqualTo(!(rejected && at < length));
    }

    @Property(tries = 3000)
    void arbitraryFramesDecodeAsJsonFormatDecodesThem(@ForAll("frames") String frame) {
        assertSameOutcome(frame.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void edgeCasesDecodeAsJsonFormatDecodesThem() {
        for (String f : List.of(
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"count\",\"data\":-0}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"count\",\"data\":18446744073709551615}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"integer\",\"data\":9223372036854775808}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"real\",\"data\":1}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"real\",\"data\":1e400}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"real\",\"data\":99999999999999999999.5}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"real\",\"data\":nan}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"none\",\"data\":{\"x\":[1,2]}}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"none\"}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"string\",\"data\":\"a\\u0000b\"}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"data\":1,\"@data-type\":\"count\"}",
                "{\"type\":\"data-message\",\"type\":\"x\",\"topic\":\"/t\",\"@data-type\":\"count\",\"data\":1}",
                "{\"type\":\"data-message\",\"topic\":\"\",\"@data-type\":\"count\",\"data\":1}",
                "{\"topic\":\"/t\",\"@data-type\":\"count\",\"data\":1}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"count\",\"data\":1} x",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"vector\",\"data\":[1]}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"vector\",\"data\":[{\"@data-type\":\"count\",\"data\":1,\"data\":2}]}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"vector\",\"data\":[{\"data\":2}]}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"count\",\"data\":01}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"boolean\",\"data\":1}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"enum-value\",\"data\":\"tcp\"}",
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"count\",\"data\":1,\"extra\":{\"a\":[nan]}}",
                "[1]",
                "")) {
            assertSameOutcome(f.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void assertSameOutcome(byte[] frame) {
        DataMessage expected;
        try {
            expected = JsonFormat.decodeMessage(frame);
        } catch (DecodeException e) {
            assertThat(FastDataMessages.tryFast(frame))
                    .as("JsonFormat rejects %s (%s)", new String(frame, StandardCharsets.UTF_8), e.getMessage())
                    .isNull();
            return;
        } catch (RuntimeException e) {
            assertThat(FastDataMessages.tryFast(frame)).isNull();
            return;
        }
        DataMessage fast = FastDataMessages.tryFast(frame);
        if (fast != null) {
            assertThat(fast).as(new String(frame, StandardCharsets.UTF_8)).isEqualTo(expected);
        }
        assertThat(FastDataMessages.decode(frame)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<Data> values() {
        return value(3);
    }

    private static Arbitrary<Data> value(int depth) {
        Arbitrary<Data> scalar = Arbitraries.oneOf(
                Arbitraries.just(Data.none()),
                Arbitraries.of(true, false).map(Data::bool),
                Arbitraries.longs().map(Data::count),
                Arbitraries.longs().map(Data::integer),
                Arbitraries.doubles().map(Data::real),
                Arbitraries.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 1e300)
                        .map(Data::real),
                Arbitraries.strings().ofMaxLength(12).map(Data::string),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(12).map(Data::string),
                Arbitraries.strings().alpha().ofMaxLength(8).map(Data::enumValue),
                Arbitraries.longs().map(Data::timespanNanos),
                Arbitraries.integers().between(0, 65535).map(p -> Data.port(p, Protocol.UDP)));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Data> inner = Arbitraries.lazy(() -> value(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(4, scalar),
                Tuple.of(2, inner.list().ofMaxSize(5).map(Data::vector)),
                Tuple.of(1, inner.list().ofMaxSize(4).map(Data::set)));
    }

    /** JSON-like text near the data-message shape, valid or not. */
    @Provide
    Arbitrary<String> frames() {
        Arbitrary<String> value = valueObject(3);
        Arbitrary<String> topic = Arbitraries.of("\"/t\"", "\"\"", "1", "\"/a/\\u0062\"", "\"/\u00e9\"");
        Arbitrary<String> type = Arbitraries.of("\"data-message\"", "\"ack\"", "null");
        return Combinators.combine(type, topic, value, Arbitraries.integers().between(0, 5))
                .as((ty, to, v, order) -> {
                    String inner = v.substring(1, v.length() - 1);
                    return switch (order) {
                        case 0 -> "{\"type\":" + ty + ",\"topic\":" + to + "," + inner + "}";
                        case 1 -> "{\"topic\":" + to + "," + inner + ",\"type\":" + ty + "}";
                        case 2 -> "{\"type\":" + ty + "," + inner + "}";
                        case 3 -> "{\"type\":" + ty + ",\"topic\":" + to + "," + inner + "," + inner + "}";
                        case 4 -> " {\"type\": " + ty + " , \"topic\":" + to + ",\"x\":[" + v + "]," + inner + "} ";
                        default -> "{\"type\":" + ty + ",\"topic\":" + to + "," + inner + "]";
                    };
                });
    }

    private static Arbitrary<String> valueObject(int depth) {
        Arbitrary<String> names = Arbitraries.of(
                "none",
                "boolean",
                "count",
                "integer",
                "real",
                "string",
                "enum-value",
                "vector",
                "set",
                "port",
                "bogus");
        Arbitrary<String> scalars = Arbitraries.of(
                "0",
                "-0",
                "1",
                "-1",
                "01",
                "1.5",
                "-2.5e3",
                "1e400",
                "18446744073709551615",
                "18446744073709551616",
                "9223372036854775807",
                "9223372036854775808",
                "true",
                "false",
                "null",
                "nan",
                "NaN",
                "\"\"",
                "\"a\"",
                "\"tcp\"",
                "\"80/tcp\"",
                "\"a\\tb\"",
                "\"\u00fc\"",
                "{}",
                "[]");
        Arbitrary<String> data = depth == 0
                ? scalars
                : Arbitraries.oneOf(
                        scalars,
                        Arbitraries.lazy(() -> valueObject(depth - 1))
                                .list()
                                .ofMaxSize(3)
                                .map(l -> "[" + String.join(",", l) + "]"));
        return Combinators.combine(names, data, Arbitraries.integers().between(0, 4))
                .as((n, d, shape) -> switch (shape) {
                    case 0, 1 -> "{\"@data-type\":\"" + n + "\",\"data\":" + d + "}";
                    case 2 -> "{\"data\":" + d + ",\"@data-type\":\"" + n + "\"}";
                    case 3 -> "{\"@data-type\":\"" + n + "\"}";
                    default -> "{\"@data-type\":\"" + n + "\",\"data\":" + d + ",\"extra\":" + d + "}";
                });
    }
}
