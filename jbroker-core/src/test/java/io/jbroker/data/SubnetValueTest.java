package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Subnet normalization (Broker's constructor), parsing, raw lengths and text form. */
class SubnetValueTest {
    private static final Pattern PLAIN = Pattern.compile("^subnet (\\S+/\\d+)$");
    private static final Pattern BUILT = Pattern.compile("^subnet built from address (\\S+) and length (\\d+)");
    private static final Pattern PARSED = Pattern.compile("^subnet parsed from text \"([^\"]+)\"");
    private static final Pattern UNCHECKED =
            Pattern.compile("unchecked\\): (?:IPv6 )?address (\\S+?),? (?:with )?raw length (\\d+)");

    /** Rebuilds every captured subnet the way its description says Broker built it. */
    @TestFactory
    Stream<DynamicTest> everyCapturedSubnetIsBuiltLikeBroker() {
        return DataVectors.jsonl("data/values.jsonl").records().stream()
                .filter(r -> r.get("type").asText().equals("subnet"))
                .map(r -> DynamicTest.dynamicTest(r.get("description").asText(), () -> builtLikeBroker(r)));
    }

    private static void builtLikeBroker(JsonNode r) {
        String description = r.get("description").asText();
        SubnetValue s;
        Matcher m;
        if ((m = PLAIN.matcher(description)).find() || (m = PARSED.matcher(description)).find()) {
            s = SubnetValue.parse(m.group(1));
        } else if ((m = BUILT.matcher(description)).find()) {
            s = SubnetValue.of(AddressValue.parse(m.group(1)), Integer.parseInt(m.group(2)));
        } else if ((m = UNCHECKED.matcher(description)).find()) {
            s = SubnetValue.unchecked(AddressValue.parse(m.group(1)), Integer.parseInt(m.group(2)));
        } else {
            throw new AssertionError("unrecognized description: " + description);
        }
        assertThat(DataVectors.hex(BinaryFormat.encode(s)))
                .isEqualTo(r.get("bin").asText());
        assertThat(s.toString()).isEqualTo(r.get("text").asText());
    }

    @Test
    void hostBitsAreMaskedAndIpv4LengthsAreStoredPlus96() {
        SubnetValue s = SubnetValue.of(AddressValue.parse("10.1.2.3"), 8);
        assertThat(s.network()).isEqualTo(AddressValue.parse("10.0.0.0"));
        assertThat(s.rawLength()).isEqualTo(104);
        assertThat(s.length()).isEqualTo(8);
        assertThat(SubnetValue.of(AddressValue.parse("2001:db8::ff"), 120)).hasToString("2001:db8::/120");
        assertThat(SubnetValue.of(AddressValue.parse("2001:db8::1"), 0)).hasToString("::/0");
        assertThat(SubnetValue.of(AddressValue.parse("1.2.3.4"), 0)).hasToString("0.0.0.0/0");
        assertThat(SubnetValue.of(AddressValue.parse("1.2.3.4"), 0).rawLength()).isEqualTo(96);
        assertThat(SubnetValue.of(AddressValue.parse("1.2.3.4"), 32)).hasToString("1.2.3.4/32");
        assertThat(SubnetValue.of(AddressValue.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 65))
                .hasToString("ffff:ffff:ffff:ffff:8000::/65");
    }

    @Test
    void invalidLengthsGiveTheEmptySubnet() {
        SubnetValue empty = SubnetValue.parse("::/0");
        assertThat(SubnetValue.of(AddressValue.parse("1.2.3.4"), 33)).isEqualTo(empty);
        assertThat(SubnetValue.of(AddressValue.parse("1.2.3.4"), -1)).isEqualTo(empty);
        assertThat(SubnetValue.of(AddressValue.parse("2001:db8::"), 129)).isEqualTo(empty);
        assertThat(SubnetValue.of(AddressValue.parse("::ffff:0:0"), 96)).isEqualTo(empty);
        assertThat(SubnetValue.parse("::ffff:0:0/96")).isEqualTo(empty);
        assertThat(SubnetValue.parse("1.2.3.4/255")).isEqualTo(empty);
        assertThat(empty.network()).isEqualTo(AddressValue.parse("::"));
        assertThat(empty.rawLength()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.2.3.4",
                "1.2.3.4/",
                "/8",
                "1.2.3.4/256",
                "1.2.3.4/-1",
                "1.2.3.4/abc",
                "1.2.3.4/8/8",
                "1.2.3/8",
                "1.2.3.4/ 8",
                "1.2.3.4/1000"
            })
    void malformedTextIsRejected(String text) {
        assertThatThrownBy(() -> SubnetValue.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uncheckedSubnetsKeepTheirBitsAndWrapTheIpv4Length() {
        SubnetValue odd = SubnetValue.unchecked(AddressValue.parse("1.2.3.0"), 24);
        assertThat(odd.length()).isEqualTo(184);
        assertThat(odd).hasToString("1.2.3.0/184");
        SubnetValue host = SubnetValue.unchecked(AddressValue.parse("10.1.2.3"), 104);
        assertThat(host).hasToString("10.1.2.3/8");
        assertThat(host).isNotEqualTo(SubnetValue.of(AddressValue.parse("10.1.2.3"), 8));
        assertThat(SubnetValue.unchecked(AddressValue.parse("::"), 200).length())
                .isEqualTo(200);
        assertThatThrownBy(() -> SubnetValue.unchecked(AddressValue.parse("::"), 256))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubnetValue.unchecked(AddressValue.parse("::"), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containsChecksThePrefix() {
        SubnetValue s = SubnetValue.parse("10.0.0.0/8");
        assertThat(s.contains(AddressValue.parse("10.255.0.1"))).isTrue();
        assertThat(s.contains(AddressValue.parse("11.0.0.0"))).isFalse();
        assertThat(SubnetValue.parse("::/0").contains(AddressValue.parse("1.2.3.4")))
                .isTrue();
        assertThat(SubnetValue.parse("2001:db8::/32").contains(AddressValue.parse("2001:db8:ffff::1")))
                .isTrue();
        assertThat(SubnetValue.parse("2001:db8::1/128").contains(AddressValue.parse("2001:db8::2")))
                .isFalse();
    }
}
