package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Address parsing, IPv4 detection and Broker's (CAF's) text form. */
class AddressValueTest {
    private static final Pattern PARSED = Pattern.compile("^address parsed from \"([^\"]+)\"");
    private static final Pattern PLAIN = Pattern.compile("^address (\\S+)");

    @TestFactory
    Stream<DynamicTest> everyCapturedAddressParsesToBrokersBytesAndText() {
        return DataVectors.jsonl("data/values.jsonl").records().stream()
                .filter(r -> r.get("type").asText().equals("address"))
                .map(r -> DynamicTest.dynamicTest(r.get("description").asText(), () -> parsesLikeBroker(r)));
    }

    private static void parsesLikeBroker(JsonNode r) {
        String description = r.get("description").asText();
        Matcher m = PARSED.matcher(description);
        if (!m.find()) {
            m = PLAIN.matcher(description);
            assertThat(m.find()).as("description names an address").isTrue();
        }
        AddressValue a = AddressValue.parse(m.group(1));
        assertThat(DataVectors.hex(BinaryFormat.encode(a)))
                .isEqualTo(r.get("bin").asText());
        assertThat(a.toString()).isEqualTo(r.get("text").asText());
        assertThat(AddressValue.parse(a.toString())).isEqualTo(a);
    }

    @Test
    void deprecatedIpv4CompatibleFormIsIpv6() {
        AddressValue a = AddressValue.parse("::1.2.3.4");
        assertThat(a.isV4()).isFalse();
        assertThat(a).hasToString("::102:304");
        assertThat(AddressValue.parse("64:ff9b::1.2.3.4")).hasToString("64:ff9b::102:304");
    }

    @Test
    void onlyTheFfffPrefixMakesAnAddressIpv4() {
        assertThat(AddressValue.parse("::ffff:1.2.3.4").isV4()).isTrue();
        assertThat(AddressValue.parse("::ffff:0:0")).isEqualTo(AddressValue.parse("0.0.0.0"));
        assertThat(AddressValue.parse("::fffe:0:0").isV4()).isFalse();
        assertThat(AddressValue.parse("::fffe:0:0")).hasToString("::fffe:0:0");
        assertThat(AddressValue.parse("1::ffff:1.2.3.4").isV4()).isFalse();
        assertThat(AddressValue.ofV4(0x01020304).bytes())
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 1, 2, 3, 4);
    }

    @Test
    void longestZeroRunIsCompressedAndTheFirstWinsTies() {
        assertThat(AddressValue.parse("1:0:0:1:0:0:1:1")).hasToString("1::1:0:0:1:1");
        assertThat(AddressValue.parse("1:0:0:1:0:0:0:1")).hasToString("1:0:0:1::1");
        assertThat(AddressValue.parse("1:0:1:0:1:0:1:0")).hasToString("1:0:1:0:1:0:1:0");
        assertThat(AddressValue.parse("0:0:0:0:0:0:0:0")).hasToString("::");
        assertThat(AddressValue.parse("0:0:0:0:0:0:0:1")).hasToString("::1");
        assertThat(AddressValue.parse("1:0:0:0:0:0:0:0")).hasToString("1::");
        assertThat(AddressValue.parse("ABCD:EF01::")).hasToString("abcd:ef01::");
        assertThat(AddressValue.parse("0001:0db8::0001")).hasToString("1:db8::1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "1.2.3",
                "1.2.3.4.5",
                "256.0.0.0",
                "1.2.3.-4",
                "1..2.3",
                "1.2.3.4 ",
                " 1.2.3.4",
                "1:2:3:4:5:6:7:8:9",
                "1::2::3",
                ":1::",
                "1:",
                ":",
                ":::",
                "12345::",
                "g::",
                "1.2.3.4:",
                "::1.2.3",
                "::1.2.3.4.5",
                "1:2:3:4:5:6:7:1.2.3.4",
                "1:2:3:4:5:6:7::8",
                "localhost",
                "::ffff:1.2.3.256",
                "1:2:3:4:5:6:7"
            })
    void invalidTextIsRejected(String text) {
        assertThatThrownBy(() -> AddressValue.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validEdgeForms() {
        assertThat(AddressValue.parse("1:2:3:4:5:6:1.2.3.4")).hasToString("1:2:3:4:5:6:102:304");
        assertThat(AddressValue.parse("1:2:3:4:5:6:7::")).hasToString("1:2:3:4:5:6:7:0");
        assertThat(AddressValue.parse("::2:3:4:5:6:7:8")).hasToString("0:2:3:4:5:6:7:8");
        assertThat(AddressValue.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").bytes())
                .containsOnly((byte) 0xff);
    }

    @Test
    void convertsToAndFromInetAddress() throws Exception {
        AddressValue v4 = AddressValue.of(InetAddress.getByName("192.168.1.2"));
        assertThat(v4.isV4()).isTrue();
        assertThat(v4).hasToString("192.168.1.2");
        assertThat(v4.toInetAddress().getAddress()).containsExactly(192, 168, 1, 2);
        AddressValue v6 = AddressValue.of(InetAddress.getByName("2001:db8::1"));
        assertThat(v6).hasToString("2001:db8::1");
        assertThat(v6.toInetAddress().getAddress()).hasSize(16);
        assertThat(AddressValue.ofBytes(v6.bytes())).isEqualTo(v6);
        assertThatThrownBy(() -> AddressValue.ofBytes(new byte[5])).isInstanceOf(IllegalArgumentException.class);
    }
}
