package io.jbroker.zeek;

import static io.jbroker.data.Data.count;
import static io.jbroker.data.Data.string;
import static io.jbroker.data.Data.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.BrokerException;
import io.jbroker.data.Data;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentifierUpdateTest {

    @Test
    void holdsNameAndValue() {
        Data value = Data.table(Map.of(string("a"), Data.real(1.5)));
        IdentifierUpdate u = new IdentifierUpdate("Test::my_table", value);

        assertThat(u.name()).isEqualTo("Test::my_table");
        assertThat(u.rawName()).isEqualTo(string("Test::my_table"));
        assertThat(u.value()).isEqualTo(value);
        assertThat(u.type()).isEqualTo(MessageType.IDENTIFIER_UPDATE);
        assertThat((Data) u.toData()).isEqualTo(vector(count(1), count(4), vector(string("Test::my_table"), value)));
        assertThat(IdentifierUpdate.parse(u.toData())).isEqualTo(u).hasSameHashCodeAs(u);
        assertThat(u).isNotEqualTo(new IdentifierUpdate("Test::my_table", Data.none()));
    }

    @Test
    void validityFollowsBroker() {
        assertThat(IdentifierUpdate.isValid(vector(count(1), count(4), vector(string("x"), Data.none()))))
                .isTrue();
        assertThat(IdentifierUpdate.isValid(vector(count(1), count(4), vector(string("x"), count(1), count(2)))))
                .isTrue();
        assertInvalid(vector(count(1), count(4), vector(string("x"))), "needs at least 2");
        assertInvalid(
                vector(count(1), count(4), vector(Data.enumValue("x"), count(1))), "identifier name is enum-value");
        assertInvalid(vector(count(1), count(4), count(1)), "content is count");
        assertInvalid(vector(count(2), count(4), vector(string("x"), count(1))), "format version is 2");
    }

    private static void assertInvalid(Data message, String reason) {
        assertThat(IdentifierUpdate.isValid(message)).isFalse();
        assertThat(IdentifierUpdate.from(message)).isEmpty();
        assertThatThrownBy(() -> IdentifierUpdate.parse(message))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void nullValueIsRejected() {
        assertThatThrownBy(() -> new IdentifierUpdate("x", null)).isInstanceOf(NullPointerException.class);
    }
}
