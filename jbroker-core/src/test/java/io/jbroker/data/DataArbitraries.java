package io.jbroker.data;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for random Broker values of every type, nested up to a few levels. */
final class DataArbitraries {
    private DataArbitraries() {}

    /** Any value, containers nested up to {@code depth} levels. */
    public static Arbitrary<Data> data(int depth) {
        if (depth <= 0) {
            return scalar();
        }
        Arbitrary<Data> inner = Arbitraries.lazy(() -> data(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalar()),
                net.jqwik.api.Tuple.of(1, inner.list().ofMaxSize(6).map(VectorValue::of)),
                net.jqwik.api.Tuple.of(1, inner.list().ofMaxSize(6).map(SetValue::of)),
                net.jqwik.api.Tuple.of(
                        1,
                        Combinators.combine(
                                        inner.list().ofMaxSize(5), inner.list().ofMaxSize(5))
                                .as(DataArbitraries::table)));
    }

    /** Any non-container value. */
    public static Arbitrary<Data> scalar() {
        return Arbitraries.oneOf(
                Arbitraries.just(NoneValue.INSTANCE),
                Arbitraries.of(BooleanValue.TRUE, BooleanValue.FALSE),
                Arbitraries.longs().map(CountValue::of),
                Arbitraries.longs().map(IntegerValue::of),
                reals().map(RealValue::of),
                bytes().map(StringValue::ofBytes),
                Arbitraries.strings().ofMaxLength(20).map(StringValue::of),
                addresses(),
                Combinators.combine(addresses(), Arbitraries.integers().between(0, 255))
                        .as(SubnetValue::unchecked),
                Combinators.combine(addresses(), Arbitraries.integers().between(0, 128))
                        .as(SubnetValue::of),
                Combinators.combine(Arbitraries.integers().between(0, 65535), Arbitraries.of(Protocol.class))
                        .as(PortValue::new),
                Arbitraries.longs().map(TimestampValue::ofNanos),
                Arbitraries.longs().map(TimespanValue::ofNanos),
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .withChars(":_")
                        .ofMaxLength(24)
                        .map(EnumValue::of));
    }

    /** Doubles that survive Broker's packing (no subnormals), including ±0, ±inf and NaN. */
    public static Arbitrary<Double> reals() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().filter(d -> d == 0.0 || Math.abs(d) >= Double.MIN_NORMAL),
                Arbitraries.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5, -7.5));
    }

    public static Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    }

    public static Arbitrary<AddressValue> addresses() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(AddressValue::ofV4),
                Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(AddressValue::ofBits));
    }

    private static Data table(List<Data> keys, List<Data> values) {
        TableValue.Builder b = TableValue.builder();
        for (int i = 0; i < Math.min(keys.size(), values.size()); i++) {
            b.put(keys.get(i), values.get(i));
        }
        return b.build();
    }
}
