package io.jbroker.zeek;

import static io.jbroker.data.Data.count;
import static io.jbroker.data.Data.string;
import static io.jbroker.data.Data.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.BrokerException;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.data.TimestampValue;
import io.jbroker.data.VectorValue;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class EventTest {
    private static final TimestampValue TS = Data.timestampNanos(1_700_000_000_123_456_789L);
    private static final VectorValue ARGS = vector(string("foo"), count(1));

    private static Data event(Data... content) {
        return vector(count(1), count(1), vector(content));
    }

    @Test
    void eventWithoutMetadataHasTwoContentElements() {
        Event e = new Event("Test::ping", ARGS.asList());

        assertThat(e.name()).isEqualTo("Test::ping");
        assertThat(e.rawName()).isEqualTo(string("Test::ping"));
        assertThat(e.args()).containsExactly(string("foo"), count(1));
        assertThat(e.hasMetadata()).isFalse();
        assertThat(e.metadata()).isEmpty();
        assertThat(e.networkTimestamp()).isEmpty();
        assertThat(e.type()).isEqualTo(MessageType.EVENT);
        assertThat((Data) e.toData()).isEqualTo(event(string("Test::ping"), ARGS));
    }

    @Test
    void emptyMetadataIsKeptApartFromNoMetadata() {
        Event e = new Event("Test::ping", ARGS.asList(), List.of());

        assertThat(e.hasMetadata()).isTrue();
        assertThat(e.metadata()).contains(List.of());
        assertThat((Data) e.toData()).isEqualTo(event(string("Test::ping"), ARGS, Data.vector()));
        assertThat(e).isNotEqualTo(new Event("Test::ping", ARGS.asList()));
        assertThat(Event.parse(e.toData())).isEqualTo(e);
    }

    @Test
    void networkTimestampConstructorWritesKeyOne() {
        Event e = new Event("Test::ping", ARGS.asList(), TS);

        assertThat(e.networkTimestamp()).contains(TS);
        assertThat(e.metadata()).contains(List.of(new MetadataEntry(1, TS)));
        assertThat((Data) e.toData()).isEqualTo(event(string("Test::ping"), ARGS, vector(vector(count(1), TS))));
    }

    @Test
    void userMetadataIsReadByKey() {
        List<MetadataEntry> meta = List.of(
                MetadataEntry.networkTimestamp(TS),
                new MetadataEntry(200, string("user value")),
                new MetadataEntry(201, count(7)));
        Event e = Event.parse(new Event("Test::ping", ARGS.asList(), meta).toData());

        assertThat(e.metadata()).contains(meta);
        assertThat(e.metadataValue(200)).contains(string("user value"));
        assertThat(e.metadataValue(201)).contains(count(7));
        assertThat(e.metadataValue(202)).isEmpty();
        assertThat(e.networkTimestamp()).contains(TS);
    }

    @Test
    void networkTimestampMetadataMustHoldATimestamp() {
        assertThatThrownBy(() -> new MetadataEntry(1, string("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new MetadataEntry(2, string("x")).value()).isEqualTo(string("x"));
        assertThat((Data) new MetadataEntry(-1, count(1)).toData()).isEqualTo(vector(count(-1), count(1)));
    }

    @Test
    void argumentsAreUnmodifiable() {
        List<Data> args = new ArrayList<>(ARGS.asList());
        Event e = new Event("e", args);
        args.add(count(2));

        assertThat(e.args()).hasSize(2);
        assertThatThrownBy(() -> e.args().add(count(3))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void validEventShapesAreAccepted() {
        assertThat(Event.isValid(event(string("e"), Data.vector()))).isTrue();
        assertThat(Event.isValid(event(string(""), ARGS, Data.vector()))).isTrue();
        assertThat(Event.isValid(event(string("e"), ARGS, vector(vector(count(2), string("any"))))))
                .isTrue();
        assertThat(Event.isValid(event(string("e"), ARGS, vector(vector(count(1), TS), vector(count(1), TS)))))
                .isTrue();
        assertThat(Event.isValid(event(string("e"), ARGS, Data.vector(), string("extra"))))
                .isTrue();
        assertThat(Event.isValid(event(string("e"), ARGS, Data.vector(), string("extra"), count(9))))
                .isTrue();
    }

    @Test
    void eachBrokenRuleMakesTheEventInvalid() {
        assertInvalid(event(string("e")), "needs at least 2");
        assertInvalid(event(), "needs at least 2");
        assertInvalid(event(Data.enumValue("e"), ARGS), "name is enum-value, not a string");
        assertInvalid(event(string("e"), Data.set(count(1))), "arguments are set");
        assertInvalid(event(string("e"), ARGS, Data.none()), "metadata is none");
        assertInvalid(event(string("e"), ARGS, vector(count(1))), "metadata entry 0 is not a 2-element vector");
        assertInvalid(event(string("e"), ARGS, vector(vector(count(200)))), "is not a 2-element vector");
        assertInvalid(
                event(string("e"), ARGS, vector(vector(count(200), count(1), count(2)))),
                "metadata entry 0 is not a 2-element vector");
        assertInvalid(event(string("e"), ARGS, vector(vector(Data.integer(1), TS))), "has a key of type integer");
        assertInvalid(event(string("e"), ARGS, vector(vector(count(1), string("x")))), "not a timestamp");
        assertInvalid(
                event(string("e"), ARGS, vector(vector(count(200), count(1)), vector(count(1), Data.timespanNanos(1)))),
                "metadata entry 1 (network timestamp) holds timespan");
        assertInvalid(vector(count(1), count(1), string("e")), "content is string, not a vector");
    }

    private static void assertInvalid(Data message, String reason) {
        assertThat(Event.isValid(message)).isFalse();
        assertThat(ZeekMessage.isValid(message)).isFalse();
        assertThat(Event.from(message)).isEmpty();
        assertThatThrownBy(() -> Event.parse(message))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void extraContentElementsAreDroppedByTheView() {
        Event e = Event.parse(event(string("e"), ARGS, Data.vector(), string("extra")));

        assertThat(e).isEqualTo(new Event("e", ARGS.asList(), List.of()));
    }

    @Test
    void rawNameBytesSurviveTheView() {
        Data message = event(string(new byte[] {'e', (byte) 0xff}), ARGS);
        Event e = Event.parse(message);

        assertThat(e.rawName().bytes()).containsExactly('e', 0xff);
        assertThat((Data) e.toData()).isEqualTo(message);
    }

    @Property(tries = 200)
    void anyArgumentsAndMetadataRoundTripThroughTheWire(
            @ForAll("args") List<Data> args, @ForAll("metadata") List<MetadataEntry> metadata) {
        for (Event e : List.of(new Event("Test::e", args), new Event("Test::e", args, metadata))) {
            Data decoded = BinaryFormat.decode(BinaryFormat.encode(e.toData()));

            assertThat(Event.parse(decoded)).isEqualTo(e);
            assertThat(ZeekMessage.parse(decoded)).isEqualTo(e);
        }
    }

    /** Scalars and vectors of them (core's DataArbitraries is not visible across the module boundary). */
    static Arbitrary<Data> anyData() {
        Arbitrary<Data> scalar = Arbitraries.oneOf(
                Arbitraries.just(Data.none()),
                Arbitraries.longs().map(Data::count),
                Arbitraries.longs().map(Data::integer),
                Arbitraries.doubles().map(Data::real),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(Data::string),
                Arbitraries.longs().map(Data::timestampNanos),
                Arbitraries.strings().alpha().ofMaxLength(10).map(Data::enumValue));
        return Arbitraries.oneOf(scalar, scalar.list().ofMaxSize(3).map(Data::vector));
    }

    @Provide
    Arbitrary<List<Data>> args() {
        return anyData().list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<MetadataEntry>> metadata() {
        Arbitrary<MetadataEntry> entry = Arbitraries.oneOf(
                Arbitraries.longs().map(n -> MetadataEntry.networkTimestamp(Data.timestampNanos(n))),
                net.jqwik.api.Combinators.combine(Arbitraries.longs().filter(k -> k != 1), anyData())
                        .as(MetadataEntry::new));
        return entry.list().ofMaxSize(4);
    }
}
