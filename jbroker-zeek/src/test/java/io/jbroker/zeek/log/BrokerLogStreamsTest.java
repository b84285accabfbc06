package io.jbroker.zeek.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.zeek.LogField;
import io.jbroker.zeek.ZeekMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Zeek's LogCreate / Batch[LogWrite] over Broker (broker-logs capture) into the shared record model. */
class BrokerLogStreamsTest {
    static List<LogBatch> captured(String stream) throws Exception {
        BrokerLogStreams streams = new BrokerLogStreams();
        List<LogBatch> out = new ArrayList<>();
        for (JsonNode n : LogCaptures.lines("/interop/zeek/broker-logs/messages.jsonl")) {
            if (n.has("topic") && n.get("topic").asText().startsWith(BrokerLogStreams.TOPIC_PREFIX)) {
                Data data =
                        BinaryFormat.decode(LogCaptures.hex(n.get("payload_hex").asText()));
                for (LogBatch b : streams.accept(data)) {
                    if (b.header().stream().equals(stream)) {
                        out.add(b);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void zeeksAsciiLogOfTheSameRecords() throws Exception {
        List<LogBatch> batches = captured("Test::LOG");
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).records()).hasSize(2);
        assertThat(batches.get(0).header().path()).isEqualTo("test");
        for (LogBatch b : batches) {
            assertThat(b.typeProblem()).isEmpty();
        }
        AsciiFormat tsv = AsciiFormat.zeekDefaults().withZone(ZoneOffset.UTC);
        ByteSink out = new ByteSink();
        LogHeader h = batches.get(0).header();
        tsv.header(out, h.path(), h.fields(), Instant.EPOCH);
        batches.forEach(b -> b.records().forEach(r -> tsv.record(out, r)));
        tsv.footer(out, Instant.EPOCH);
        assertThat(FormatGoldenTest.normalize(out.toString()))
                .isEqualTo(FormatGoldenTest.normalize(FormatGoldenTest.golden("/interop/zeek/broker-logs/test.log")));
    }

    @Test
    void recordsReencodeToTheCapturedBytes() throws Exception {
        for (JsonNode n : LogCaptures.lines("/interop/zeek/broker-logs/messages.jsonl")) {
            JsonNode z = n.get("zeek");
            if (z == null || !z.has("messages")) {
                continue;
            }
            for (JsonNode w : z.get("messages")) {
                byte[] bytes = LogCaptures.hex(w.get("serialized_record_hex").asText());
                assertThat(LogBatchCodec.encodeRecord(LogBatchCodec.decodeRecord(bytes)))
                        .isEqualTo(bytes);
            }
        }
    }

    @Test
    void producerSideRoundTripsThroughBrokerData() throws Exception {
        LogHeader header = LogHeader.of(
                "Conn::LOG",
                "conn",
                List.of(
                        new LogField("ts", 5, 0, false),
                        new LogField("uid", 7, 0, false),
                        new LogField("n", 3, 0, true)));
        LogBatch batch = new LogBatch(
                header,
                List.of(
                        LogRecord.of(LogValue.time(1.5), LogValue.string("C1"), LogValue.count(3)),
                        LogRecord.of(LogValue.time(2.5), LogValue.string("C2"), LogValue.unset(ZeekType.COUNT))));
        BrokerLogStreams receiver = new BrokerLogStreams();
        ZeekMessage create = BrokerLogStreams.create(header, 0);
        assertThat(receiver.accept(BinaryFormat.decode(BinaryFormat.encode(create.toData()))))
                .isEmpty();
        List<LogBatch> got = receiver.accept(BinaryFormat.decode(
                BinaryFormat.encode(BrokerLogStreams.writes(batch).toData())));
        assertThat(got).containsExactly(batch);
        assertThat(BrokerLogStreams.topic("Conn::LOG")).isEqualTo("zeek/logs/Conn::LOG");
    }

    @Test
    void writesWithoutCreateOrWithAnotherShapeAreTypedErrors() {
        LogHeader header = LogHeader.of("X::LOG", "x", List.of(new LogField("c", 3, 0, false)));
        LogBatch batch = new LogBatch(header, List.of(LogRecord.of(LogValue.count(1))));
        BrokerLogStreams receiver = new BrokerLogStreams();
        assertThatThrownBy(() -> receiver.accept(BrokerLogStreams.writes(batch)))
                .isInstanceOf(LogDecodeException.class)
                .hasMessageContaining("before its log create");
        LogHeader two =
                LogHeader.of("X::LOG", "x", List.of(new LogField("c", 3, 0, false), new LogField("d", 3, 0, false)));
        assertThatThrownBy(() -> {
                    receiver.accept(BrokerLogStreams.create(two, 0));
                    receiver.accept(BrokerLogStreams.writes(batch));
                })
                .isInstanceOf(LogDecodeException.class)
                .hasMessageContaining("record of 1 values for a schema of 2 fields");
        LogBatch wrongType = new LogBatch(header, List.of(LogRecord.of(LogValue.string("x"))));
        assertThat(wrongType.typeProblem()).contains("record 0 field c: a string value in a count field");
    }
}
