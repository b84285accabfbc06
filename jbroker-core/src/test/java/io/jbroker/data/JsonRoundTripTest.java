package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.jbroker.DataMessage;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Encode/decode round trips of random values through Broker's JSON v1. */
class JsonRoundTripTest {

    @Property(tries = 500)
    void losslessValuesSurviveARoundTrip(@ForAll("lossless") Data value) {
        byte[] json = JsonFormat.encode(value);
        Data back = JsonFormat.decode(json);
        assertThat(back).isEqualTo(value);
        assertThat(BinaryFormat.encode(back)).isEqualTo(BinaryFormat.encode(value));
        assertThat(JsonFormat.encode(back)).isEqualTo(json);
    }

    @Property(tries = 300)
    void losslessValuesSurviveAsDataMessages(@ForAll("lossless") Data value) {
        DataMessage msg = new DataMessage(Topic.of("/zeek/é\"\\x"), value);
        assertThat(JsonFormat.decodeMessage(JsonFormat.encodeMessage(msg))).isEqualTo(msg);
    }

    /**
     * Any value, even one JSON cannot carry exactly, encodes; decoding our own output never finds a
     * shape error. It may fail only where Broker's own decoder fails on Broker's output: infinities
     * and reals of 2^64 and more (invalid JSON) and set elements or table keys that collapse once
     * reals and timestamps are rounded (duplicates).
     */
    @Property(tries = 500)
    void anyValueEncodesAndDecodesOrFailsLikeBroker(@ForAll("anyValue") Data value) {
        byte[] json = JsonFormat.encode(value);
        try {
            JsonFormat.decode(json);
        } catch (DecodeException e) {
            assertThat(e.code()).isIn(ErrorCode.INVALID_JSON, ErrorCode.DESERIALIZATION_FAILED);
        }
    }

    /** Broker reads the integer digits of a real as int64 (negative) or uint64 first. */
    @Property(tries = 300)
    void finiteRealsDecodeToTheirPercentFValue(@ForAll("plainReals") double d) {
        Data back = JsonFormat.decode(JsonFormat.encode(Data.real(d)));
        assertThat(back).isEqualTo(Data.real(Double.parseDouble(RealValue.format(d))));
    }

    @Property(tries = 300)
    void stringsOfAnyBytesButNulSurvive(@ForAll("bytes") byte[] raw) {
        Data value = Data.string(withoutNul(raw));
        assertThat(JsonFormat.decode(JsonFormat.encode(value))).isEqualTo(value);
        assertThatCode(() -> JsonFormat.encodeToString(value)).doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<Data> anyValue() {
        return DataArbitraries.data(3);
    }

    @Provide
    Arbitrary<Data> lossless() {
        return DataArbitraries.data(3).map(JsonRoundTripTest::lossless);
    }

    @Provide
    Arbitrary<Double> plainReals() {
        return Arbitraries.doubles().between(-9.2e18, 1.8e19);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return DataArbitraries.bytes();
    }

    /**
     * The nearest value whose JSON form is exact: reals become multiples of 1/64 (at most six
     * decimals), strings lose NUL bytes, timestamps whole non-negative milliseconds, timespans below 2^53 ns (exact as
     * doubles), subnets normalized; containers are rebuilt from their converted elements.
     */
    static Data lossless(Data d) {
        switch (d.type()) {
            case REAL:
                double x = ((RealValue) d).value();
                return Data.real(Double.isFinite(x) ? Math.rint(x % 1e9 * 64) / 64 : 0.5);
            case TIMESTAMP:
                long t = ((TimestampValue) d).nanos();
                return Data.timestampNanos(Math.floorMod(t, Long.MAX_VALUE / 1_000_000) * 1_000_000);
            case TIMESPAN:
                return Data.timespanNanos(((TimespanValue) d).nanos() >> 11);
            case STRING:
                return Data.string(withoutNul(((StringValue) d).bytes()));
            case SUBNET:
                SubnetValue s = (SubnetValue) d;
                return SubnetValue.of(s.network(), s.length());
            case VECTOR:
                return Data.vector(convert(((VectorValue) d).items()));
            case SET:
                return Data.set(convert(((SetValue) d).items()));
            case TABLE:
                TableValue tv = (TableValue) d;
                TableValue.Builder b = TableValue.builder();
                for (int i = 0; i < tv.size(); i++) {
                    b.put(lossless(tv.keyArray()[i]), lossless(tv.valueArray()[i]));
                }
                return b.build();
            default:
                return d;
        }
    }

    /** Broker's decoder stops at a raw NUL byte, so strings holding one cannot round-trip. */
    private static byte[] withoutNul(byte[] raw) {
        byte[] out = raw.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                out[i] = 1;
            }
        }
        return out;
    }

    private static List<Data> convert(Data[] items) {
        List<Data> out = new ArrayList<>();
        for (Data item : items) {
            out.add(lossless(item));
        }
        return out;
    }
}
