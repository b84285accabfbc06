package io.jbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.data.Data;
import org.junit.jupiter.api.Test;

class DataMessageTest {

    @Test
    void holdsTopicAndData() {
        DataMessage m = DataMessage.of("/vectors/count", Data.count(42));

        assertThat(m.topic()).isEqualTo(Topic.of("/vectors/count"));
        assertThat(m.data()).isEqualTo(Data.count(42));
    }

    @Test
    void equalityIsByTopicAndData() {
        DataMessage m = DataMessage.of("/t", Data.vector(Data.string("a"), Data.count(1)));

        assertThat(m)
                .isEqualTo(new DataMessage(Topic.of("/t"), Data.vector(Data.string("a"), Data.count(1))))
                .hasSameHashCodeAs(DataMessage.of("/t", Data.vector(Data.string("a"), Data.count(1))));
        assertThat(m).isNotEqualTo(DataMessage.of("/u", Data.vector(Data.string("a"), Data.count(1))));
        assertThat(m).isNotEqualTo(DataMessage.of("/t", Data.vector(Data.string("a"), Data.integer(1))));
    }

    @Test
    void textFormIsTopicThenBrokerText() {
        assertThat(DataMessage.of("/back/reply", Data.string("reply"))).hasToString("/back/reply: reply");
        assertThat(DataMessage.of("/v", Data.vector(Data.count(1), Data.none())))
                .hasToString("/v: (1, nil)");
    }

    @Test
    void nullPartsAreRejected() {
        assertThatThrownBy(() -> new DataMessage(null, Data.none())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DataMessage(Topic.of("/t"), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DataMessage.of(null, Data.none())).isInstanceOf(NullPointerException.class);
    }
}
