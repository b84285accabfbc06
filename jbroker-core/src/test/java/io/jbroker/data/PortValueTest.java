package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Port parsing and text form as in Broker's {@code port.cc}. */
class PortValueTest {

    @Test
    void everyCapturedPortTextParsesToBrokersBytes() {
        int checked = 0;
        for (JsonNode r : DataVectors.jsonl("data/values.jsonl").records()) {
            if (r.get("type").asText().equals("port")) {
                PortValue p = PortValue.parse(r.get("text").asText());
                assertThat(DataVectors.hex(BinaryFormat.encode(p)))
                        .isEqualTo(r.get("bin").asText());
                assertThat(p.toString()).isEqualTo(r.get("text").asText());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(11);
    }

    @Test
    void parsesLikeBroker() {
        assertThat(PortValue.parse("80/tcp")).isEqualTo(PortValue.of(80, Protocol.TCP));
        assertThat(PortValue.parse("53/udp")).isEqualTo(PortValue.of(53, Protocol.UDP));
        assertThat(PortValue.parse("8/icmp")).isEqualTo(PortValue.of(8, Protocol.ICMP));
        assertThat(PortValue.parse("80")).isEqualTo(PortValue.of(80, Protocol.TCP));
        assertThat(PortValue.parse("1234/sctp")).isEqualTo(PortValue.of(1234, Protocol.UNKNOWN));
        assertThat(PortValue.parse("1234/?")).isEqualTo(PortValue.of(1234, Protocol.UNKNOWN));
        assertThat(PortValue.parse("1234/")).isEqualTo(PortValue.of(1234, Protocol.UNKNOWN));
        assertThat(PortValue.parse("65536/tcp")).isEqualTo(PortValue.of(0, Protocol.TCP));
        assertThat(PortValue.parse("70000/udp")).isEqualTo(PortValue.of(70000 & 0xFFFF, Protocol.UDP));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/tcp", "-1/tcp", "abc", "8 0/tcp", "99999999999999999999999/tcp", "+80/tcp"})
    void malformedNumbersAreRejected(String text) {
        assertThatThrownBy(() -> PortValue.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numberAndProtocolAreValidated() {
        assertThatThrownBy(() -> PortValue.of(65536, Protocol.TCP)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PortValue.of(-1, Protocol.TCP)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PortValue.of(1, null)).isInstanceOf(NullPointerException.class);
        assertThat(Protocol.fromCode(3)).isEqualTo(Protocol.ICMP);
        assertThat(Protocol.fromCode(4)).isNull();
        assertThat(Protocol.fromCode(-1)).isNull();
    }

    @Test
    void textFormNamesTheProtocol() {
        assertThat(PortValue.of(0, Protocol.UNKNOWN)).hasToString("0/?");
        assertThat(PortValue.of(65535, Protocol.ICMP)).hasToString("65535/icmp");
    }
}
