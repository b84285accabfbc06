package io.jbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointIdTest {
    private static final String SESSION_INFO = "/interop/broker-2.8/session_plain.info.json";

    private static EndpointId idWithFirstByte(int first) {
        byte[] b = new byte[16];
        b[0] = (byte) first;
        return EndpointId.fromBytes(b, 0);
    }

    @Test
    void idsFromTheCapturedSessionParseAndPrintIdentically() throws IOException {
        JsonNode info;
        try (InputStream in = EndpointIdTest.class.getResourceAsStream(SESSION_INFO)) {
            assertThat(in).as(SESSION_INFO).isNotNull();
            info = new ObjectMapper().readTree(in);
        }
        List<String> texts = new ArrayList<>();
        info.fields().forEachRemaining(e -> {
            if (e.getKey().endsWith("_node_id")) {
                texts.add(e.getValue().asText());
            }
        });

        assertThat(texts)
                .containsExactlyInAnyOrder(
                        "bf71c422-52f8-55e3-8131-f033ff254800", "7e01d9b2-ae93-53a2-9d66-558bf25bb1f4");
        for (String text : texts) {
            EndpointId id = EndpointId.parse(text);
            assertThat(id).hasToString(text);
            assertThat(id.toUuid()).isEqualTo(UUID.fromString(text));
        }
        // The capture notes that epB (7e01...) had the smaller ID and acted as originator.
        assertThat(EndpointId.parse(texts.get(0)).compareTo(EndpointId.parse(texts.get(1))))
                .isEqualTo(texts.get(0).startsWith("7e") ? -1 : 1);
    }

    @Test
    void capturedBytesMapToTheTextForm() {
        // frame 0 of session_plain.c2s: hello = 00000017 06 5a45454b <16-byte sender id> 01 01
        byte[] hello = hex("00000017065a45454b7e01d9b2ae9353a29d66558bf25bb1f40101");
        EndpointId sender = EndpointId.fromBytes(hello, 9);

        assertThat(sender).hasToString("7e01d9b2-ae93-53a2-9d66-558bf25bb1f4");
        byte[] out = new byte[hello.length];
        sender.writeTo(out, 9);
        assertThat(java.util.Arrays.copyOfRange(out, 9, 25)).isEqualTo(java.util.Arrays.copyOfRange(hello, 9, 25));
    }

    @Test
    void orderIsUnsignedByteWise() {
        assertThat(idWithFirstByte(0x7f)).isLessThan(idWithFirstByte(0x80));
        assertThat(idWithFirstByte(0x80)).isLessThan(idWithFirstByte(0xff));
        assertThat(EndpointId.NIL).isLessThan(idWithFirstByte(0x01));
        assertThat(EndpointId.of(0, 0x7fffffffffffffffL)).isLessThan(EndpointId.of(0, 0x8000000000000000L));
        assertThat(EndpointId.of(0, -1)).isLessThan(EndpointId.of(1, 0));
        assertThat(EndpointId.parse("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"))
                .isLessThan(EndpointId.parse("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"))
                .isLessThan(EndpointId.parse("cccccccc-cccc-4ccc-8ccc-cccccccccccc"));
    }

    @Property(tries = 300)
    void orderAgreesWithUnsignedComparisonOfTheBytes(@ForAll @Size(16) byte[] a, @ForAll @Size(16) byte[] b) {
        int expected = Integer.signum(java.util.Arrays.compareUnsigned(a, b));

        assertThat(Integer.signum(EndpointId.fromBytes(a, 0).compareTo(EndpointId.fromBytes(b, 0))))
                .isEqualTo(expected);
        assertThat(EndpointId.fromBytes(a, 0).equals(EndpointId.fromBytes(b, 0)))
                .isEqualTo(expected == 0);
    }

    @Property(tries = 300)
    void bytesTextAndUuidRoundTrip(@ForAll @Size(16) byte[] raw) {
        EndpointId id = EndpointId.fromBytes(raw, 0);

        assertThat(id.toBytes()).isEqualTo(raw);
        assertThat(EndpointId.parse(id.toString())).isEqualTo(id);
        assertThat(EndpointId.parse(id.toString().toUpperCase(java.util.Locale.ROOT)))
                .isEqualTo(id);
        assertThat(id.toString()).isEqualTo(id.toString().toLowerCase(java.util.Locale.ROOT));
        assertThat(id.toString()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(EndpointId.of(id.toUuid())).isEqualTo(id);
        assertThat(EndpointId.of(id.high(), id.low())).isEqualTo(id).hasSameHashCodeAs(id);
    }

    @Test
    void textFormIsLowercaseEightFourFourFourTwelve() {
        EndpointId id = EndpointId.fromBytes(hex("00112233445566778899AABBCCDDEEFF"), 0);
        assertThat(id).hasToString("00112233-4455-6677-8899-aabbccddeeff");
        assertThat(EndpointId.parse("00112233-4455-6677-8899-AABBCCDDEEFF")).isEqualTo(id);
    }

    @Test
    void randomIdsAreVersion4WithRfc4122Variant() {
        Set<EndpointId> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            EndpointId id = EndpointId.random();
            byte[] b = id.toBytes();
            assertThat((b[6] & 0xF0) >>> 4).isEqualTo(4);
            assertThat(b[8] & 0xC0).isEqualTo(0x80);
            assertThat(id.toUuid().version()).isEqualTo(4);
            assertThat(id.toUuid().variant()).isEqualTo(2);
            assertThat(id.isNil()).isFalse();
            seen.add(id);
        }
        assertThat(seen).hasSize(200);
    }

    @Test
    void nilIsAllZeros() {
        assertThat(EndpointId.NIL.isNil()).isTrue();
        assertThat(EndpointId.NIL.toBytes()).containsOnly(0);
        assertThat(EndpointId.NIL).hasToString("00000000-0000-0000-0000-000000000000");
        assertThat(EndpointId.parse("00000000-0000-0000-0000-000000000000")).isSameAs(EndpointId.NIL);
        assertThat(EndpointId.of(0, 1).isNil()).isFalse();
        assertThat(EndpointId.of(1, 0).isNil()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "7e01d9b2ae9353a29d66558bf25bb1f4",
                "7e01d9b2-ae93-53a2-9d66-558bf25bb1f",
                "7e01d9b2-ae93-53a2-9d66-558bf25bb1f40",
                "7e01d9b2-ae93-53a2-9d66_558bf25bb1f4",
                "7e01d9b2-ae9353a2-9d66-558bf25bb1f4-",
                "7e01d9b2-ae93-53a2-9d66-558bf25bb1g4",
                "7e01d9b2-ae93-53a2-9d66-558bf25bb1-4",
                "+e01d9b2-ae93-53a2-9d66-558bf25bb1f4",
                " 7e01d9b-ae93-53a2-9d66-558bf25bb1f4",
                // digits of other scripts (fullwidth, Arabic-Indic) are not hex digits
                "\uff17e01d9b2-ae93-53a2-9d66-558bf25bb1f4",
                "\u0667e01d9b2-ae93-53a2-9d66-558bf25bb1f4",
            })
    void malformedTextIsRejected(String text) {
        assertThatThrownBy(() -> EndpointId.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void byteAccessIsBoundsChecked() {
        assertThatThrownBy(() -> EndpointId.fromBytes(new byte[15], 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> EndpointId.fromBytes(new byte[16], 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> EndpointId.random().writeTo(new byte[20], 5))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void sortingManyIdsMatchesSortingTheirBytes() {
        List<EndpointId> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(EndpointId.random());
        }
        ids.add(idWithFirstByte(0x7f));
        ids.add(idWithFirstByte(0x80));
        List<byte[]> bytes = new ArrayList<>();
        ids.forEach(id -> bytes.add(id.toBytes()));

        Collections.sort(ids);
        bytes.sort(java.util.Arrays::compareUnsigned);

        for (int i = 0; i < ids.size(); i++) {
            assertThat(ids.get(i).toBytes()).isEqualTo(bytes.get(i));
        }
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
