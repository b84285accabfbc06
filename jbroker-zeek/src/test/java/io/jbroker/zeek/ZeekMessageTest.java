package io.jbroker.zeek;

import static io.jbroker.data.Data.count;
import static io.jbroker.data.Data.string;
import static io.jbroker.data.Data.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;
import io.jbroker.data.Data;
import io.jbroker.data.VectorValue;
import org.junit.jupiter.api.Test;

class ZeekMessageTest {
    private static final VectorValue PING = vector(string("ping"), Data.vector());

    @Test
    void messageTypesHaveWireNumbers() {
        assertThat(MessageType.values()).extracting(MessageType::code).containsExactly(0, 1, 2, 3, 4, 5);
        for (MessageType t : MessageType.values()) {
            assertThat(MessageType.fromCode(t.code())).isEqualTo(t);
        }
        assertThat(MessageType.fromCode(6)).isEqualTo(MessageType.INVALID);
        assertThat(MessageType.fromCode(-1)).as("2^64-1").isEqualTo(MessageType.INVALID);
        assertThat(MessageType.fromCode(Long.MIN_VALUE)).as("2^63").isEqualTo(MessageType.INVALID);
    }

    @Test
    void typeIsReadFromElementOneOfAVectorOfAtLeastThree() {
        for (MessageType t : MessageType.values()) {
            assertThat(ZeekMessage.typeOf(vector(count(1), count(t.code()), Data.vector())))
                    .isEqualTo(t);
        }
        assertThat(ZeekMessage.typeOf(vector(count(1), count(4), Data.vector(), Data.none())))
                .isEqualTo(MessageType.IDENTIFIER_UPDATE);
    }

    @Test
    void typeIsInvalidForShortVectorsNonCountTypesAndLargeTypes() {
        assertThat(ZeekMessage.typeOf(count(1))).isEqualTo(MessageType.INVALID);
        assertThat(ZeekMessage.typeOf(Data.set(count(1), count(2), count(3)))).isEqualTo(MessageType.INVALID);
        assertThat(ZeekMessage.typeOf(Data.vector())).isEqualTo(MessageType.INVALID);
        assertThat(ZeekMessage.typeOf(vector(count(1), count(1)))).isEqualTo(MessageType.INVALID);
        assertThat(ZeekMessage.typeOf(vector(count(1), Data.integer(1), PING))).isEqualTo(MessageType.INVALID);
        assertThat(ZeekMessage.typeOf(vector(count(1), string("1"), PING))).isEqualTo(MessageType.INVALID);
        assertThat(ZeekMessage.typeOf(vector(count(1), count(6), PING))).isEqualTo(MessageType.INVALID);
        assertThat(ZeekMessage.typeOf(vector(count(1), count(-1), PING))).isEqualTo(MessageType.INVALID);
        // Classification ignores the version and the content.
        assertThat(ZeekMessage.typeOf(vector(count(2), count(1), PING))).isEqualTo(MessageType.EVENT);
        assertThat(ZeekMessage.typeOf(vector(Data.none(), count(1), Data.none())))
                .isEqualTo(MessageType.EVENT);
    }

    @Test
    void outerFieldsMustBeVersionOneTypeAndContentVector() {
        assertThat(ZeekMessage.isValid(vector(count(1), count(1), PING))).isTrue();
        assertThat(ZeekMessage.isValid(vector(count(0), count(1), PING))).isFalse();
        assertThat(ZeekMessage.isValid(vector(count(2), count(1), PING))).isFalse();
        assertThat(ZeekMessage.isValid(vector(Data.integer(1), count(1), PING))).isFalse();
        assertThat(ZeekMessage.isValid(vector(count(1), count(1), Data.set(PING))))
                .isFalse();
        assertThat(ZeekMessage.isValid(vector(count(1), count(1), string("ping"))))
                .isFalse();
        assertThat(ZeekMessage.isValid(vector(count(1), count(0), PING))).isFalse();
        assertThat(ZeekMessage.isValid(vector(count(1), count(6), PING))).isFalse();
    }

    @Test
    void extraTopLevelElementsAreToleratedAndDroppedByTheView() {
        Data withExtra = vector(count(1), count(1), PING, string("extra"));

        assertThat(ZeekMessage.isValid(withExtra)).isTrue();
        assertThat((Data) ZeekMessage.parse(withExtra).toData()).isEqualTo(vector(count(1), count(1), PING));
    }

    @Test
    void parseDispatchesOnTheType() {
        assertThat(ZeekMessage.parse(Event.of("e").toData())).isInstanceOf(Event.class);
        assertThat(ZeekMessage.parse(new IdentifierUpdate("x", count(1)).toData()))
                .isInstanceOf(IdentifierUpdate.class);
        assertThat(ZeekMessage.parse(Batch.of().toData())).isInstanceOf(Batch.class);
        assertThat(ZeekMessage.from(Event.of("e").toData())).contains(Event.of("e"));
    }

    @Test
    void parseReportsWhyAMessageIsInvalid() {
        assertThatThrownBy(() -> ZeekMessage.parse(vector(count(1), count(6), PING)))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("known type")
                .extracting(e -> ((BrokerException) e).code())
                .isEqualTo(ErrorCode.INVALID_DATA);
        assertThatThrownBy(() -> ZeekMessage.parse(vector(count(2), count(1), PING)))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("format version is 2");
        assertThatThrownBy(() -> ZeekMessage.parse(vector(count(1), count(1), vector(string("ping")))))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("EVENT")
                .hasMessageContaining("needs at least 2");
    }

    @Test
    void typedParsersRejectOtherTypes() {
        Data event = Event.of("e").toData();

        assertThat(LogWrite.from(event)).isEmpty();
        assertThat(IdentifierUpdate.from(event)).isEmpty();
        assertThat(Batch.from(event)).isEmpty();
        assertThat(LogCreate.from(event)).isEmpty();
        assertThatThrownBy(() -> Batch.parse(event))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("message type is 1, not count 5");
        assertThat(Event.from(count(1))).isEmpty();
        assertThatThrownBy(() -> Event.parse(count(1))).hasMessageContaining("not a vector");
    }
}
