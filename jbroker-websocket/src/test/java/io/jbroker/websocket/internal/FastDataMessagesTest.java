package io.jbroker.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.data.Data;
import io.jbroker.data.DataType;
import io.jbroker.data.DecodeException;
import io.jbroker.data.JsonFormat;
import io.jbroker.data.Protocol;
import io.jbroker.zeek.internal.workload.ThroughputWorkload;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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

    /** The decoder's type codes are switch constants written out; each must be its type's tag. */
    @Test
    void typeCodesAreTheTagsOfDataType() {
        Map<DataType, Integer> codes = new EnumMap<>(DataType.class);
        codes.put(DataType.NONE, FastDataMessages.NONE);
        codes.put(DataType.BOOLEAN, FastDataMessages.BOOLEAN);
        codes.put(DataType.COUNT, FastDataMessages.COUNT);
        codes.put(DataType.INTEGER, FastDataMessages.INTEGER);
        codes.put(DataType.REAL, FastDataMessages.REAL);
        codes.put(DataType.STRING, FastDataMessages.STRING);
        codes.put(DataType.ADDRESS, FastDataMessages.ADDRESS);
        codes.put(DataType.SUBNET, FastDataMessages.SUBNET);
        codes.put(DataType.PORT, FastDataMessages.PORT);
        codes.put(DataType.TIMESTAMP, FastDataMessages.TIMESTAMP);
        codes.put(DataType.TIMESPAN, FastDataMessages.TIMESPAN);
        codes.put(DataType.ENUM_VALUE, FastDataMessages.ENUM);
        codes.put(DataType.SET, FastDataMessages.SET);
        codes.put(DataType.TABLE, FastDataMessages.TABLE);
        codes.put(DataType.VECTOR, FastDataMessages.VECTOR);

        assertThat(codes.keySet()).as("a code for every type").containsExactlyInAnyOrder(DataType.values());
        codes.forEach((type, code) -> assertThat(code).as(type.name()).isEqualTo(type.tag()));
        assertThat(DataType.fromTag(FastDataMessages.UNKNOWN))
                .as("UNKNOWN is no tag")
                .isNull();
    }

    @Test
    void benchmarkShapesAndZeekEventsTakeTheFastPath() {
        ThroughputWorkload w = new ThroughputWorkload();
        for (Data event : List.of(
                w.event(1), w.event(2), w.event(3), Data.vector(Data.none(), Data.real(-0.5), Data.bool(true)))) {
            byte[] frame = JsonFormat.encodeMessage(DataMessage.of(ThroughputWorkload.TOPIC, event));
            assertThat(FastDataMessages.tryFast(frame))
                    .as(new String(frame, StandardCharsets.UTF_8))
                    .isNotNull()
                    .isEqualTo(JsonFormat.decodeMessage(frame));
        }
    }

    @Test
    void textTypesSetsAndTablesTakeTheFastPath() {
        for (String value : List.of(
                v("address", "\"1.2.3.4\""),
                v("address", "\"2001:db8::1\""),
                v("address", "\"::ffff:10.0.0.1\""),
                v("subnet", "\"10.0.0.0/8\""),
                v("subnet", "\"10.1.2.3/8\""), // host bits cleared, as JsonFormat does
                v("subnet", "\"2001:db8::/32\""),
                v("port", "\"4567/tcp\""),
                v("port", "\"53/udp\""),
                v("port", "\"8/icmp\""),
                v("port", "\"0/?\""),
                v("port", "\"22\""),
                v("port", "\" 22abc/tcp\""), // JsonFormat's strtoul rule, not a second copy of it
                v("port", "\"-1/udp\""),
                v("timestamp", "\"2024-01-02T03:04:05.678\""),
                v("timestamp", "\"2024-01-02T03:04:05\""),
                v("timestamp", "\"2024-01-02T03:04:05.123456789Z\""),
                v("timestamp", "\"2024-01-02T03:04:05.5+01:30\""),
                v("timespan", "\"3140ms\""),
                v("timespan", "\"0s\""),
                v("timespan", "\"-5ns\""),
                v("timespan", "\"1.5h\""),
                v("timespan", "\"2min\""),
                v("set", "[]"),
                v("set", "[" + v("count", "3") + "," + v("count", "1") + "," + v("string", "\"a\"") + "]"),
                v("set", "[" + v("set", "[" + v("port", "\"80/tcp\"") + "]") + "," + v("none", "{}") + "]"),
                v("table", "[]"),
                v(
                        "table",
                        "[" + entry(v("string", "\"b\""), v("count", "2")) + ","
                                + entry(v("string", "\"a\""), v("set", "[]")) + "]"),
                v(
                        "table",
                        "[{\"value\":" + v("count", "1") + ",\"key\":" + v("address", "\"1.2.3.4\"")
                                + ",\"x\":[1,{}]}]"),
                v("vector", "[" + v("table", "[" + entry(v("none", "{}"), v("timespan", "\"1s\"")) + "]") + "]"))) {
            byte[] frame = frame(value);
            DataMessage expected = JsonFormat.decodeMessage(frame);
            assertThat(FastDataMessages.tryFast(frame))
                    .as(new String(frame, StandardCharsets.UTF_8))
                    .isNotNull()
                    .isEqualTo(expected);
            assertThat(FastDataMessages.decode(frame)).isEqualTo(expected);
        }
    }

    @Test
    void longAndDeeplyNestedArraysTakeTheFastPath() {
        List<Data> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<Data> row = new java.util.ArrayList<>();
            for (int j = 0; j < 40 + i; j++) {
                row.add(Data.count(i * 100L + j));
            }
            rows.add(i % 2 == 0 ? Data.vector(row) : Data.set(row));
        }
        Data deep = Data.string("leaf");
        // With the outer vector, the innermost set is the MAX_DEPTH-th container: the deepest taken.
        for (int i = 0; i < FastDataMessages.MAX_DEPTH - 2; i++) {
            deep = Data.vector(Data.count(i), deep, Data.set(Data.integer(-i)));
        }
        for (Data value : List.of(Data.vector(rows), Data.vector(Data.vector(rows), deep))) {
            byte[] frame = JsonFormat.encodeMessage(DataMessage.of("/t", value));
            assertThat(FastDataMessages.tryFast(frame)).isNotNull().isEqualTo(JsonFormat.decodeMessage(frame));
            assertThat(FastDataMessages.tryFast(frame).data()).isEqualTo(value);
        }
    }

    @Test
    void setsAndTablesComeBackSortedAsFromJsonFormat() {
        DataMessage m = FastDataMessages.tryFast(frame(v(
                "vector",
                "[" + v("set", "[" + v("count", "3") + "," + v("count", "1") + "," + v("count", "2") + "]") + ","
                        + v(
                                "table",
                                "[" + entry(v("count", "9"), v("count", "0")) + ","
                                        + entry(v("count", "4"), v("count", "1")) + "]")
                        + "]")));
        assertThat(m).isNotNull();
        assertThat(m.data())
                .isEqualTo(Data.vector(
                        Data.set(Data.count(1), Data.count(2), Data.count(3)),
                        Data.table(java.util.Map.of(Data.count(4), Data.count(1), Data.count(9), Data.count(0)))));
        io.jbroker.data.VectorValue items = (io.jbroker.data.VectorValue) m.data();
        assertThat(((io.jbroker.data.SetValue) items.get(0)).elements())
                .containsExactly(Data.count(1), Data.count(2), Data.count(3));
        assertThat(((io.jbroker.data.TableValue) items.get(1)).keys()).containsExactly(Data.count(4), Data.count(9));
    }

    @Test
    void doubtfulTextTypesSetsAndTablesFallBackToJsonFormat() {
        String deepSet = v("count", "1");
        for (int i = 0; i <= FastDataMessages.MAX_DEPTH; i++) {
            deepSet = v("set", "[" + deepSet + "]");
        }
        for (String value : List.of(
                v("address", "\"1.2.3.256\""),
                v("address", "\"1.2.3\""),
                v("address", "1"),
                v("address", "\"\\u0031.2.3.4\""), // an escape: JsonFormat reads it, the fast path does not
                v("subnet", "\"10.0.0.0\""),
                v("subnet", "\"10.0.0.0/256\""),
                v("port", "80"),
                v("timestamp", "\"2024-13-01T00:00:00\""),
                v("timestamp", "1700000000"),
                v("timestamp", "\"99999-01-01T00:00:00\""),
                v("timespan", "\"5\""),
                v("timespan", "\"5 s\""),
                v("set", "[" + v("count", "1") + "," + v("count", "1") + "]"),
                v("set", "[" + v("real", "0.0") + "," + v("real", "-0.0") + "]"),
                v("set", "[" + v("count", "1") + "," + v("count", "-1") + "," + v("count", "1") + "]"),
                v("set", "{}"),
                v("set", "[1]"),
                v(
                        "table",
                        "[" + entry(v("count", "1"), v("count", "2")) + "," + entry(v("count", "1"), v("count", "3"))
                                + "]"),
                v("table", "[{\"key\":" + v("count", "1") + "}]"),
                v("table", "[{\"value\":" + v("count", "1") + "}]"),
                v(
                        "table",
                        "[{\"key\":" + v("count", "1") + ",\"key\":" + v("count", "2") + ",\"value\":" + v("count", "1")
                                + "}]"),
                v("table", "[{\"key\":1,\"value\":" + v("count", "1") + "}]"),
                v("table", "[[]]"),
                v("table", "{}"),
                deepSet)) {
            byte[] frame = frame(value);
            assertThat(FastDataMessages.tryFast(frame))
                    .as(new String(frame, StandardCharsets.UTF_8))
                    .isNull();
            assertSameOutcome(frame);
        }
    }

    @Property(tries = 2000)
    void plainValuesOfEveryTypeTakeTheFastPath(@ForAll("plainValues") Data value) {
        byte[] frame = JsonFormat.encodeMessage(DataMessage.of("/t/x", value));
        assertThat(FastDataMessages.tryFast(frame))
                .as(new String(frame, StandardCharsets.UTF_8))
                .isNotNull()
                .isEqualTo(JsonFormat.decodeMessage(frame));
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

    private static String v(String type, String data) {
        return "{\"@data-type\":\"" + type + "\",\"data\":" + data + "}";
    }

    private static String entry(String key, String value) {
        return "{\"key\":" + key + ",\"value\":" + value + "}";
    }

    private static byte[] frame(String valueObject) {
        return ("{\"type\":\"data-message\",\"topic\":\"/t\"," + valueObject.substring(1))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void assertSameOutcome(byte[] frame) {
        DataMessage expected;
        try {
            expected = JsonFormat.decodeMessage(frame);
        } catch (DecodeException e) {
            assertThat(FastDataMessages.tryFast(frame))
                    .as("JsonFormat rejects %s (%s)", new String(frame, StandardCharsets.UTF_8), e.getMessage())
                    .isNull();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> FastDataMessages.decode(frame))
                    .isInstanceOfSatisfying(DecodeException.class, f -> {
                        assertThat(f.code()).isEqualTo(e.code());
                        assertThat(f.offset()).isEqualTo(e.offset());
                        assertThat(f.getMessage()).isEqualTo(e.getMessage());
                    });
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
        return value(3, false);
    }

    /**
     * Values whose frames are plain ASCII, with reals of at most 18 integer digits and timestamps
     * and reals that encoding does not round (so set elements stay distinct).
     */
    @Provide
    Arbitrary<Data> plainValues() {
        return value(3, true);
    }

    private static Arbitrary<Data> value(int depth, boolean plain) {
        Arbitrary<Data> strings = plain
                ? Arbitraries.strings()
                        .withCharRange(' ', '~')
                        .excludeChars('"', '\\')
                        .ofMaxLength(12)
                        .map(Data::string)
                : Arbitraries.oneOf(
                        Arbitraries.strings().ofMaxLength(12).map(Data::string),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(12).map(Data::string));
        // Plain reals and timestamps survive encoding exactly, so distinct set elements stay distinct.
        Arbitrary<Data> reals = plain
                ? Arbitraries.oneOf(
                        Arbitraries.longs()
                                .between(-1_000_000_000_000L, 1_000_000_000_000L)
                                .map(l -> Data.real(l / 1000.0)),
                        Arbitraries.of(-0.0, 0.5, -2.25).map(Data::real))
                : Arbitraries.oneOf(
                        Arbitraries.doubles().map(Data::real),
                        Arbitraries.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 1e300)
                                .map(Data::real));
        Arbitrary<Data> subnets = plain
                ? Arbitraries.oneOf(
                        Combinators.combine(v4(), Arbitraries.integers().between(0, 32))
                                .as(Data::subnet),
                        Combinators.combine(v6(), Arbitraries.integers().between(0, 128))
                                .as(Data::subnet))
                : Combinators.combine(
                                Arbitraries.oneOf(v4(), v6()),
                                Arbitraries.integers().between(0, 255))
                        .as(io.jbroker.data.SubnetValue::unchecked);
        Arbitrary<Data> scalar = Arbitraries.oneOf(
                Arbitraries.just(Data.none()),
                Arbitraries.of(true, false).map(Data::bool),
                Arbitraries.longs().map(Data::count),
                Arbitraries.longs().map(Data::integer),
                reals,
                strings,
                Arbitraries.strings().alpha().ofMaxLength(8).map(Data::enumValue),
                Arbitraries.oneOf(v4(), v6()),
                subnets,
                Combinators.combine(Arbitraries.integers().between(0, 65535), Arbitraries.of(Protocol.class))
                        .as(Data::port),
                plain
                        ? Arbitraries.longs()
                                .between(0, Long.MAX_VALUE / 1_000_000)
                                .map(ms -> Data.timestampNanos(ms * 1_000_000))
                        : Arbitraries.longs().map(Data::timestampNanos),
                Arbitraries.longs().map(Data::timespanNanos));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Data> inner = Arbitraries.lazy(() -> value(depth - 1, plain));
        return Arbitraries.frequencyOf(
                Tuple.of(6, scalar),
                Tuple.of(2, inner.list().ofMaxSize(5).map(Data::vector)),
                Tuple.of(1, inner.list().ofMaxSize(4).map(Data::set)),
                Tuple.of(
                        1,
                        Combinators.combine(
                                        inner.list().ofMaxSize(4), inner.list().ofMaxSize(4))
                                .as(FastDataMessagesTest::table)));
    }

    private static Arbitrary<io.jbroker.data.AddressValue> v4() {
        return Arbitraries.integers().map(io.jbroker.data.AddressValue::ofV4);
    }

    private static Arbitrary<io.jbroker.data.AddressValue> v6() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(io.jbroker.data.AddressValue::ofBits);
    }

    private static Data table(List<Data> keys, List<Data> values) {
        io.jbroker.data.TableValue.Builder b = io.jbroker.data.TableValue.builder();
        for (int i = 0; i < Math.min(keys.size(), values.size()); i++) {
            b.put(keys.get(i), values.get(i));
        }
        return b.build();
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
                "table",
                "port",
                "address",
                "subnet",
                "timestamp",
                "timespan",
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
                "\"1.2.3.4\"",
                "\"::1\"",
                "\"10.0.0.0/8\"",
                "\"3140ms\"",
                "\"2024-01-02T03:04:05.678\"",
                "[{\"key\":{\"@data-type\":\"count\",\"data\":1},\"value\":{\"@data-type\":\"none\"}}]",
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
