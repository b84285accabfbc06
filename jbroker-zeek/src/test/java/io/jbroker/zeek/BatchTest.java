package io.jbroker.zeek;

import static io.jbroker.data.Data.count;
import static io.jbroker.data.Data.string;
import static io.jbroker.data.Data.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.BrokerException;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {
    private static final Event PING = Event.of("Test::ping", string("foo"), count(1));
    private static final IdentifierUpdate UPDATE = new IdentifierUpdate("Test::my_count", count(1));

    private static Data batch(Data... messages) {
        return vector(count(1), count(5), vector(messages));
    }

    @Test
    void holdsMessagesInOrder() {
        Batch b = Batch.of(PING, UPDATE);

        assertThat(b.messages()).containsExactly(PING, UPDATE);
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.type()).isEqualTo(MessageType.BATCH);
        assertThat((Data) b.toData()).isEqualTo(batch(PING.toData(), UPDATE.toData()));
        assertThat(Batch.parse(b.toData())).isEqualTo(b).hasSameHashCodeAs(b);
        assertThatThrownBy(() -> b.messages().add(PING)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void emptyAndNestedBatchesAreValid() {
        Batch nested = Batch.of(Batch.of(Event.of("Test::inner")), Event.of("Test::outer"), Batch.of());
        Data wire = BinaryFormat.decode(BinaryFormat.encode(nested.toData()));

        assertThat(Batch.isValid(batch())).isTrue();
        assertThat(Batch.parse(wire)).isEqualTo(nested);
        assertThat(((Batch) Batch.parse(wire).messages().get(0)).messages()).containsExactly(Event.of("Test::inner"));
    }

    @Test
    void oneInvalidElementInvalidatesTheBatch() {
        Data badEvent = vector(count(1), count(1), vector(count(5), Data.vector()));

        assertInvalid(batch(PING.toData(), badEvent), "element 1: name is count");
        assertInvalid(
                batch(vector(count(1), count(6), Data.vector())), "element 0: not a Zeek message of a known type");
        assertInvalid(batch(vector(count(1), count(0), Data.vector())), "element 0: not a Zeek message");
        assertInvalid(batch(count(1)), "element 0: not a Zeek message");
        assertInvalid(batch(vector(count(2), count(1), PING.toData().get(2))), "element 0: format version is 2");
        assertInvalid(batch(batch(PING.toData(), string("x"))), "element 0: element 1: not a Zeek message");
        assertInvalid(vector(count(1), count(5), Data.set()), "content is set");
    }

    private static void assertInvalid(Data message, String reason) {
        assertThat(Batch.isValid(message)).isFalse();
        assertThat(ZeekMessage.isValid(message)).isFalse();
        assertThat(Batch.from(message)).isEmpty();
        assertThatThrownBy(() -> Batch.parse(message))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void nestingIsBoundedInDataAndInConstruction() {
        Data data = Event.of("e").toData();
        Batch built = null;
        for (int depth = 1; depth <= 512; depth++) {
            data = batch(data);
            built = built == null ? Batch.of(Event.of("e")) : Batch.of(built);
        }
        assertThat(Batch.isValid(data)).isTrue();
        assertThat(Batch.parse(data)).isEqualTo(built);

        assertInvalid(batch(data), "nest more than 512");
        Batch deepest = built;
        assertThatThrownBy(() -> Batch.of(deepest)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodedBatchesNestNoDeeperThanTheBound() {
        // A value from the wire nests at most MAX_NESTING_DEPTH levels, and each batch takes two.
        assertThat(BinaryFormat.MAX_NESTING_DEPTH / 2).isLessThanOrEqualTo(512);
    }

    @Test
    void batchesOfLogWritesRoundTrip() {
        List<ZeekMessage> writes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            writes.add(new LogWrite(
                    Data.enumValue("Conn::LOG"), Data.enumValue("Log::WRITER_ASCII"), "conn", new byte[] {(byte) i}));
        }
        Batch b = new Batch(writes);

        assertThat(ZeekMessage.parse(BinaryFormat.decode(BinaryFormat.encode(b.toData()))))
                .isEqualTo(b);
    }
}
