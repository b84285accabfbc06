package io.jbroker.zeek;

import static io.jbroker.data.Data.count;
import static io.jbroker.data.Data.enumValue;
import static io.jbroker.data.Data.string;
import static io.jbroker.data.Data.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.BrokerException;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.data.EnumValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** LogCreate, its Zeek writer-info and field layouts, and LogWrite. */
class LogMessagesTest {
    private static final EnumValue CONN = enumValue("Conn::LOG");
    private static final EnumValue ASCII = enumValue("Log::WRITER_ASCII");

    private static Data logCreate(Data... content) {
        return vector(count(1), count(2), vector(content));
    }

    private static Data logWrite(Data... content) {
        return vector(count(1), count(3), vector(content));
    }

    @Test
    void logCreateKeepsWriterInfoAndFieldsAsSent() {
        LogCreate c = new LogCreate(CONN, ASCII, Data.none(), Data.vector());

        assertThat(c.streamId()).isEqualTo(CONN);
        assertThat(c.writerId()).isEqualTo(ASCII);
        assertThat(c.writerInfo()).isEqualTo(Data.none());
        assertThat(c.fieldsData()).isEqualTo(Data.vector());
        assertThat(c.zeekWriterInfo()).isEmpty();
        assertThat(c.zeekFields()).contains(List.of());
        assertThat((Data) c.toData()).isEqualTo(logCreate(CONN, ASCII, Data.none(), Data.vector()));
        assertThat(LogCreate.parse(c.toData())).isEqualTo(c);
    }

    @Test
    void zeekLayoutsRoundTrip() {
        WriterInfo info = new WriterInfo("conn", 1.7e9, 3600.0, 1.7000000005e9, Map.of("tsv", "T"), "");
        List<LogField> fields = List.of(
                new LogField("ts", 8, 0, false),
                new LogField("id.orig_h", Optional.of("orig"), 10, 0, false),
                new LogField("service", 9, 0, true));
        LogCreate c = new LogCreate(CONN, ASCII, info, fields);

        Data wire = BinaryFormat.decode(BinaryFormat.encode(c.toData()));
        LogCreate read = LogCreate.parse(wire);

        assertThat(read.zeekWriterInfo()).contains(info);
        assertThat(read.zeekFields()).contains(fields);
        assertThat(read.writerInfo())
                .isEqualTo(vector(
                        string("conn"),
                        Data.real(1.7e9),
                        Data.real(3600.0),
                        Data.real(1.7000000005e9),
                        Data.table(Map.of(string("tsv"), string("T"))),
                        string("")));
        assertThat((Data) fields.get(1).toData())
                .isEqualTo(vector(string("id.orig_h"), string("orig"), count(10), count(0), Data.bool(false)));
        assertThat(fields.get(0).toData().get(1)).isEqualTo(Data.none());
    }

    @Test
    void zeekLayoutHelpersRejectOtherShapes() {
        assertThat(WriterInfo.from(Data.none())).isEmpty();
        assertThat(WriterInfo.from(vector(string("conn")))).isEmpty();
        Data goodInfo = new WriterInfo("p", 0, 0, 0, Map.of("k", "v"), "f").toData();
        assertThat(WriterInfo.from(goodInfo)).isPresent();
        assertThat(WriterInfo.from(
                        vector(string("p"), count(0), Data.real(0), Data.real(0), Data.table(Map.of()), string(""))))
                .isEmpty();
        assertThat(WriterInfo.from(vector(
                        string("p"),
                        Data.real(0),
                        Data.real(0),
                        Data.real(0),
                        Data.table(Map.of(string("k"), count(1))),
                        string(""))))
                .isEmpty();
        assertThat(WriterInfo.from(vector(
                        string(new byte[] {(byte) 0xff}),
                        Data.real(0),
                        Data.real(0),
                        Data.real(0),
                        Data.table(Map.of()),
                        string(""))))
                .as("non-UTF-8 path")
                .isEmpty();

        assertThat(LogField.from(vector(string("ts"), Data.none(), count(8), count(0))))
                .isEmpty();
        assertThat(LogField.from(vector(string("ts"), count(1), count(8), count(0), Data.bool(true))))
                .isEmpty();
        assertThat(LogField.from(vector(string("ts"), Data.none(), Data.integer(8), count(0), Data.bool(true))))
                .isEmpty();
        assertThat(LogField.from(vector(string("ts"), Data.none(), count(8), count(0), count(1))))
                .isEmpty();
        assertThat(new LogCreate(CONN, ASCII, Data.none(), vector(count(1))).zeekFields())
                .isEmpty();
        assertThat(new LogCreate(CONN, ASCII, Data.none(), Data.none()).zeekFields())
                .isEmpty();
    }

    @Test
    void logCreateValidityFollowsBroker() {
        assertThat(LogCreate.isValid(logCreate(CONN, ASCII, Data.none(), Data.none())))
                .isTrue();
        assertThat(LogCreate.isValid(logCreate(CONN, ASCII, count(1), string("x"), string("extra"))))
                .isTrue();
        assertLogCreateInvalid(logCreate(CONN, ASCII, Data.none()), "needs at least 4");
        assertLogCreateInvalid(logCreate(string("Conn::LOG"), ASCII, Data.none(), Data.none()), "stream id is string");
        assertLogCreateInvalid(logCreate(CONN, count(1), Data.none(), Data.none()), "writer id is count");
        assertLogCreateInvalid(vector(count(1), count(2), Data.none()), "content is none");
    }

    private static void assertLogCreateInvalid(Data message, String reason) {
        assertThat(LogCreate.isValid(message)).isFalse();
        assertThat(ZeekMessage.isValid(message)).isFalse();
        assertThat(LogCreate.from(message)).isEmpty();
        assertThatThrownBy(() -> LogCreate.parse(message))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void logWriteKeepsTheRecordBytesRaw() {
        byte[] record = {0, 0, 0, 2, 1, 2, (byte) 0xff, 0};
        LogWrite w = new LogWrite(CONN, ASCII, "conn", record);
        record[0] = 9;

        assertThat(w.streamId()).isEqualTo(CONN);
        assertThat(w.writerId()).isEqualTo(ASCII);
        assertThat(w.path()).isEqualTo("conn");
        assertThat(w.rawPath()).isEqualTo(string("conn"));
        assertThat(w.record()).containsExactly(0, 0, 0, 2, 1, 2, 0xff, 0);
        w.record()[0] = 7;
        assertThat(w.record()[0]).isZero();
        assertThat(w.rawRecord().length()).isEqualTo(8);
        assertThat(w.type()).isEqualTo(MessageType.LOG_WRITE);
        assertThat((Data) w.toData())
                .isEqualTo(
                        logWrite(CONN, ASCII, string("conn"), string(new byte[] {0, 0, 0, 2, 1, 2, (byte) 0xff, 0})));
        assertThat(LogWrite.parse(BinaryFormat.decode(BinaryFormat.encode(w.toData()))))
                .isEqualTo(w);
    }

    @Test
    void logWriteValidityFollowsBroker() {
        Data path = string("conn");
        Data rec = string("r");
        assertThat(LogWrite.isValid(logWrite(CONN, ASCII, path, rec))).isTrue();
        assertThat(LogWrite.isValid(logWrite(CONN, ASCII, path, rec, count(1)))).isTrue();
        assertLogWriteInvalid(logWrite(CONN, ASCII, path), "needs at least 4");
        assertLogWriteInvalid(logWrite(string("Conn::LOG"), ASCII, path, rec), "stream id is string");
        assertLogWriteInvalid(logWrite(CONN, string("W"), path, rec), "writer id is string");
        assertLogWriteInvalid(logWrite(CONN, ASCII, enumValue("conn"), rec), "path is enum-value");
        assertLogWriteInvalid(logWrite(CONN, ASCII, path, Data.vector()), "serialized record is vector");
        assertLogWriteInvalid(vector(count(1), count(3)), "needs 3");
    }

    private static void assertLogWriteInvalid(Data message, String reason) {
        assertThat(LogWrite.isValid(message)).isFalse();
        assertThat(ZeekMessage.isValid(message)).isFalse();
        assertThat(LogWrite.from(message)).isEmpty();
        assertThatThrownBy(() -> LogWrite.parse(message))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining(reason);
    }
}
