package io.jbroker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.DataMessage;
import io.jbroker.ErrorCode;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Behaviour of {@link JsonFormat} beyond the captured vectors. */
class JsonFormatTest {
    private static final String ESCAPED_BYTES = "\\\"\b\f\n\r\t\u000b";

    @Property
    void onlyBrokersEightBytesAreEscaped(@ForAll byte b) {
        byte[] json = JsonFormat.encode(Data.string(new byte[] {b}));
        String prefix = "{\"@data-type\":\"string\",\"data\":\"";
        int bodyLength = json.length - prefix.length() - 2;
        boolean escaped = ESCAPED_BYTES.indexOf((char) b) >= 0;
        assertThat(bodyLength).isEqualTo(escaped ? 2 : 1);
        assertThat(json[prefix.length() + bodyLength - 1])
                .isEqualTo(escaped ? (byte) "\\\"bfnrtv".charAt(ESCAPED_BYTES.indexOf((char) b)) : b);
    }

    @Property
    void countsAreWrittenAsUnsignedDecimals(@ForAll long bits) {
        assertThat(JsonFormat.encodeToString(Data.count(bits)))
                .isEqualTo("{\"@data-type\":\"count\",\"data\":" + Long.toUnsignedString(bits) + "}");
        assertThat(JsonFormat.encodeToString(Data.count(-1)))
                .isEqualTo("{\"@data-type\":\"count\",\"data\":18446744073709551615}");
    }

    @Test
    void valuesLargerThanTheGeneratorsBufferAreWrittenWhole() {
        for (int length : new int[] {0, 1, 7_999, 8_000, 8_001, 20_000, 100_000}) {
            String text = "a\"".repeat(length / 2) + "b".repeat(length % 2);
            assertThat(JsonFormat.encodeToString(Data.string(text)))
                    .isEqualTo("{\"@data-type\":\"string\",\"data\":\"" + text.replace("\"", "\\\"") + "\"}");
        }
        StringBuilder expected = new StringBuilder("{\"@data-type\":\"vector\",\"data\":[");
        Data[] counts = new Data[3_000];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = Data.count(i);
            expected.append(i == 0 ? "" : ",")
                    .append("{\"@data-type\":\"count\",\"data\":")
                    .append(i)
                    .append('}');
        }
        assertThat(JsonFormat.encodeToString(Data.vector(counts)))
                .isEqualTo(expected.append("]}").toString());
    }

    @Test
    void dataMessageCarriesTypeAndTopicBeforeTheValue() {
        DataMessage msg = DataMessage.of("/topic/\"q\"", Data.count(5));
        String json = new String(JsonFormat.encodeMessage(msg), StandardCharsets.UTF_8);
        String value = JsonFormat.encodeToString(Data.count(5));
        assertThat(json).isEqualTo("{\"type\":\"data-message\",\"topic\":\"/topic/\\\"q\\\"\"," + value.substring(1));
        assertThat(JsonFormat.decodeMessage(json)).isEqualTo(msg);
        assertThat(JsonFormat.decode(json)).isEqualTo(Data.count(5));
    }

    @Test
    void decodeMessageNeedsTypeAndTopic() {
        assertDecodeMessageFails(
                "{\"topic\":\"/t\",\"@data-type\":\"count\",\"data\":1}", ErrorCode.DESERIALIZATION_FAILED);
        assertDecodeMessageFails(
                "{\"type\":\"data-message\",\"@data-type\":\"count\",\"data\":1}", ErrorCode.DESERIALIZATION_FAILED);
        assertDecodeMessageFails(
                "{\"type\":\"data-message\",\"topic\":5,\"@data-type\":\"count\",\"data\":1}",
                ErrorCode.DESERIALIZATION_FAILED);
        assertDecodeMessageFails(
                "{\"type\":\"data-message\",\"topic\":\"/t\",\"@data-type\":\"count\",\"data\":-1}",
                ErrorCode.DESERIALIZATION_FAILED);
        assertDecodeMessageFails("{\"type\":\"data-message\",\"topic\":\"/t\"", ErrorCode.INVALID_JSON);
    }

    @Test
    void typeClashReportsTheOffsetOfTheOffendingValue() {
        String json = "{\"@data-type\":\"count\",\"data\":\"5\"}";
        assertThatThrownBy(() -> JsonFormat.decode(json)).isInstanceOfSatisfying(DecodeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TYPE_CLASH);
            assertThat(e.offset()).isEqualTo(json.indexOf("\"5\""));
        });
    }

    @Test
    void aTypeClashAfterADuplicateWinsAsInBroker() {
        String one = "{\"@data-type\":\"count\",\"data\":1}";
        String dup = "{\"@data-type\":\"set\",\"data\":[" + one + "," + one + "]}";
        assertDecodeFails(dup, ErrorCode.DESERIALIZATION_FAILED);
        assertDecodeFails("{\"@data-type\":\"vector\",\"data\":[" + dup + ",{\"data\":1}]}", ErrorCode.TYPE_CLASH);
    }

    @Test
    void syntaxErrorsWinOverShapeErrors() {
        assertDecodeFails("{\"@data-type\":\"count\",\"data\":\"x\"} x", ErrorCode.INVALID_JSON);
        assertDecodeFails("{\"@data-type\":\"count\",\"data\":1} {}", ErrorCode.INVALID_JSON);
    }

    @Test
    void escapesBeyondBrokersSetAreInvalidJson() {
        assertDecodeFails("{\"@data-type\":\"string\",\"data\":\"\\q\"}", ErrorCode.INVALID_JSON);
        assertDecodeFails("{\"@data-type\":\"string\",\"data\":\"\\ud800\\u0041\"}", ErrorCode.INVALID_JSON);
    }

    @Test
    void loneLowSurrogateEscapeBecomesItsThreeByteForm() {
        Data d = JsonFormat.decode("{\"@data-type\":\"string\",\"data\":\"\\udc00\"}");
        int cp = 0xDC00;
        byte[] expected = {(byte) (0xE0 | (cp >> 12)), (byte) (0x80 | ((cp >> 6) & 0x3F)), (byte) (0x80 | (cp & 0x3F))};
        assertThat(((StringValue) d).bytes()).isEqualTo(expected);
    }

    @Test
    void bareNanIsAcceptedOnlyAsAValueToken() {
        assertThat(JsonFormat.decode("{\"@data-type\":\"real\",\"data\": nan }"))
                .isEqualTo(Data.real(Double.NaN));
        assertDecodeFails("{\"@data-type\":\"real\",\"data\":nanx}", ErrorCode.INVALID_JSON);
        assertDecodeFails("{\"@data-type\":\"real\",\"data\":Infinity}", ErrorCode.INVALID_JSON);
        assertThat(JsonFormat.decode("{\"@data-type\":\"string\",\"data\":\"nan\"}"))
                .isEqualTo(Data.string("nan"));
    }

    @Test
    void rawNulIsInvalidJsonButEscapedNulIsAccepted() {
        assertDecodeFails("{\"@data-type\":\"string\",\"data\":\"a\u0000\"}", ErrorCode.INVALID_JSON);
        assertThat(JsonFormat.decode("{\"@data-type\":\"string\",\"data\":\"a\\u0000\"}"))
                .isEqualTo(Data.string(new byte[] {'a', 0}));
    }

    @Test
    void portTextFollowsStrtoul() {
        assertThat(JsonDecoder.parsePort("-1/udp")).isEqualTo(Data.port(65535, Protocol.UDP));
        assertThat(JsonDecoder.parsePort("99999999999999999999999/icmp")).isEqualTo(Data.port(65535, Protocol.ICMP));
        assertThat(JsonDecoder.parsePort(" 22abc/tcp")).isEqualTo(Data.port(22, Protocol.TCP));
        assertThat(JsonDecoder.parsePort("")).isEqualTo(Data.port(0, Protocol.TCP));
    }

    @Test
    void decodeTextAppliesDecodesRuleForEachTextType() {
        String[][] cases = {
            {"address", "1.2.3.4"},
            {"address", "::ffff:1.2.3.4"},
            {"subnet", "10.0.0.0/8"},
            {"subnet", "2001:db8::/32"},
            {"port", " 22abc/tcp"},
            {"port", "53/udp"},
            {"port", "7/foo"},
            {"timestamp", "2024-01-02T03:04:05.678"},
            {"timestamp", "2024-01-02T03:04:05+01:30"},
            {"timespan", "3140ms"},
            {"timespan", "-1.5min"}
        };
        for (String[] c : cases) {
            DataType type = DataType.fromJsonName(c[0]);
            assertThat(JsonFormat.decodeText(type, c[1]))
                    .as("%s %s", c[0], c[1])
                    .isEqualTo(JsonFormat.decode("{\"@data-type\":\"" + c[0] + "\",\"data\":\"" + c[1] + "\"}"));
        }
        assertThat(JsonFormat.decodeText(DataType.PORT, "-1/udp")).isEqualTo(Data.port(65535, Protocol.UDP));
    }

    @Test
    void decodeTextRejectsWhatDecodeRejects() {
        assertThatThrownBy(() -> JsonFormat.decodeText(DataType.ADDRESS, "1.2.3.4.5"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonFormat.decodeText(DataType.SUBNET, "10.0.0.0"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonFormat.decodeText(DataType.ADDRESS, "1.2.3.\u00e4"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonFormat.decodeText(DataType.TIMESTAMP, "2024-13-01T00:00:00"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonFormat.decodeText(DataType.TIMESPAN, "5"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonFormat.decodeText(DataType.STRING, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertDecodeFails("{\"@data-type\":\"timespan\",\"data\":\"5\"}", ErrorCode.TYPE_CLASH);
    }

    private static void assertDecodeFails(String json, ErrorCode code) {
        assertThatThrownBy(() -> JsonFormat.decode(json))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static void assertDecodeMessageFails(String json, ErrorCode code) {
        assertThatThrownBy(() -> JsonFormat.decodeMessage(json))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
