package io.jbroker.zeek;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jbroker.BrokerException;
import io.jbroker.DataMessage;
import io.jbroker.ErrorCode;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.data.JsonFormat;
import io.jbroker.data.TextFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks the typed views against zeek/messages.jsonl, built with Broker's own zeek.hh classes. */
class ZeekCaptureTest {
    static final String MESSAGES = "/interop/broker-2.8/zeek/messages.jsonl";

    static List<JsonNode> capturedMessages() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        try (InputStream in = ZeekCaptureTest.class.getResourceAsStream(MESSAGES)) {
            assertThat(in).as(MESSAGES).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode record = mapper.readTree(line); // every line must parse: nothing is skipped
                    assertThat(record.isObject()).as(line).isTrue();
                    records.add(record);
                }
            }
        }
        return records;
    }

    static Stream<Arguments> messages() throws IOException {
        return capturedMessages().stream()
                .map(r -> Arguments.of(
                        r.get("id").asInt() + ": " + r.get("description").asText(), r));
    }

    /** Broker's type names (Invalid, LogCreate, ...) as enum constants. */
    static MessageType brokerType(String name) {
        return MessageType.valueOf(name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    }

    @Test
    void everyCapturedLineParses() throws IOException {
        List<JsonNode> records = capturedMessages();

        assertThat(records).hasSize(25);
        assertThat(records.stream().map(r -> r.get("id").asInt()).collect(Collectors.toSet()))
                .hasSize(records.size());
        assertThat(records).allSatisfy(r -> assertThat(r.has("bin") && r.has("broker_valid"))
                .isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void classificationAndValidityMatchBroker(String name, JsonNode record) {
        Data data = BinaryFormat.decode(Hex.decode(record.get("bin").asText()));
        MessageType expectedType = brokerType(record.get("broker_message_type").asText());
        boolean expectedValid = record.get("broker_valid").asBoolean();

        assertThat(ZeekMessage.typeOf(data)).isEqualTo(expectedType);
        assertThat(ZeekMessage.isValid(data)).isEqualTo(expectedValid);
        assertThat(ZeekMessage.from(data).isPresent()).isEqualTo(expectedValid);
        assertThat(Event.isValid(data)).isEqualTo(expectedValid && expectedType == MessageType.EVENT);
        assertThat(LogCreate.isValid(data)).isEqualTo(expectedValid && expectedType == MessageType.LOG_CREATE);
        assertThat(LogWrite.isValid(data)).isEqualTo(expectedValid && expectedType == MessageType.LOG_WRITE);
        assertThat(IdentifierUpdate.isValid(data))
                .isEqualTo(expectedValid && expectedType == MessageType.IDENTIFIER_UPDATE);
        assertThat(Batch.isValid(data)).isEqualTo(expectedValid && expectedType == MessageType.BATCH);
        if (!expectedValid) {
            assertThatThrownBy(() -> ZeekMessage.parse(data))
                    .isInstanceOf(BrokerException.class)
                    .satisfies(e -> assertThat(((BrokerException) e).code()).isEqualTo(ErrorCode.INVALID_DATA));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void validMessagesRebuiltFromTheirAccessorsEncodeToTheCapturedBytes(String name, JsonNode record) {
        byte[] bin = Hex.decode(record.get("bin").asText());
        Data data = BinaryFormat.decode(bin);
        if (!record.get("broker_valid").asBoolean()) {
            assertThat(ZeekMessage.from(data)).isEmpty();
            return;
        }
        ZeekMessage parsed = ZeekMessage.parse(data);
        ZeekMessage rebuilt = rebuild(parsed);

        assertThat(parsed.type()).isEqualTo(ZeekMessage.typeOf(data));
        assertThat(BinaryFormat.encode(parsed.toData())).isEqualTo(bin);
        assertThat(BinaryFormat.encode(rebuilt.toData())).isEqualTo(bin);
        assertThat(rebuilt).isEqualTo(parsed).hasSameHashCodeAs(parsed);
        assertThat((Data) rebuilt.toData()).isEqualTo(data);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void textFormMatchesBroker(String name, JsonNode record) {
        Data data = BinaryFormat.decode(Hex.decode(record.get("bin").asText()));

        if (record.has("text")) {
            assertThat(TextFormat.toText(data)).isEqualTo(record.get("text").asText());
            ZeekMessage.from(data)
                    .ifPresent(m -> assertThat(m).hasToString(record.get("text").asText()));
        } else {
            assertThat(TextFormat.toBytes(data))
                    .isEqualTo(Hex.decode(record.get("text_hex").asText()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void jsonDataMessageMatchesBrokerByteForByte(String name, JsonNode record) {
        Data data = BinaryFormat.decode(Hex.decode(record.get("bin").asText()));
        DataMessage message = DataMessage.of(record.get("topic").asText(), data);
        byte[] json = JsonFormat.encodeMessage(message);
        if (record.has("json_message_text")) {
            assertThat(new String(json, StandardCharsets.UTF_8))
                    .isEqualTo(record.get("json_message_text").asText());
            if ("same".equals(record.path("json_decode").asText())) {
                assertThat(JsonFormat.decodeMessage(json)).isEqualTo(message);
            }
        }
        if (record.has("json_text")) {
            assertThat(JsonFormat.encodeToString(data))
                    .isEqualTo(record.get("json_text").asText());
        }
    }

    /** A new view made only from {@code m}'s public accessors and the public constructors. */
    static ZeekMessage rebuild(ZeekMessage m) {
        if (m instanceof Event) {
            Event e = (Event) m;
            if (!e.hasMetadata()) {
                return new Event(e.name(), e.args());
            }
            Event rebuilt = new Event(e.name(), e.args(), e.metadata().orElseThrow());
            if (e.metadata().orElseThrow().size() == 1 && e.networkTimestamp().isPresent()) {
                Event withTimestamp =
                        new Event(e.name(), e.args(), e.networkTimestamp().orElseThrow());
                assertThat(withTimestamp).isEqualTo(rebuilt);
            }
            return rebuilt;
        }
        if (m instanceof LogCreate) {
            LogCreate c = (LogCreate) m;
            LogCreate rebuilt = new LogCreate(c.streamId(), c.writerId(), c.writerInfo(), c.fieldsData());
            if (c.zeekWriterInfo().isPresent() && c.zeekFields().isPresent()) {
                LogCreate zeekLayout = new LogCreate(
                        c.streamId(),
                        c.writerId(),
                        c.zeekWriterInfo().orElseThrow(),
                        c.zeekFields().orElseThrow());
                assertThat(BinaryFormat.encode(zeekLayout.toData())).isEqualTo(BinaryFormat.encode(rebuilt.toData()));
            }
            return rebuilt;
        }
        if (m instanceof LogWrite) {
            LogWrite w = (LogWrite) m;
            return new LogWrite(w.streamId(), w.writerId(), w.path(), w.record());
        }
        if (m instanceof IdentifierUpdate) {
            IdentifierUpdate u = (IdentifierUpdate) m;
            return new IdentifierUpdate(u.name(), u.value());
        }
        Batch b = (Batch) m;
        List<ZeekMessage> inner = new ArrayList<>();
        b.messages().forEach(x -> inner.add(rebuild(x)));
        return new Batch(inner);
    }
}
