package io.jbroker.zeek.log;

import io.jbroker.data.Data;
import io.jbroker.data.EnumValue;
import io.jbroker.data.StringValue;
import io.jbroker.zeek.Batch;
import io.jbroker.zeek.LogCreate;
import io.jbroker.zeek.LogField;
import io.jbroker.zeek.LogWrite;
import io.jbroker.zeek.WriterInfo;
import io.jbroker.zeek.ZeekMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Zeek's log messages over Broker ({@code zeek/logs/<stream>} topics) turned into {@link LogBatch}es
 * of the same record model the ZeroMQ batches decode to, and back. A {@link LogCreate} announces a
 * stream's schema; each {@link LogWrite} carries one serialized record of a stream announced before.
 * Over Broker there is no filter name: batches get {@link LogHeader#DEFAULT_FILTER}.
 *
 * <p>Keeps the schema of every stream seen; not thread-safe (one instance per receiving thread).
 */
public final class BrokerLogStreams {
    /** The topic prefix of Zeek's log messages. */
    public static final String TOPIC_PREFIX = "zeek/logs/";

    private record Key(String stream, String writer) {}

    private final Map<Key, List<LogField>> schemas = new HashMap<>();

    /**
     * The batches in a Zeek message: none for a {@link LogCreate} (it records the schema), one per
     * run of log writes to the same stream and path otherwise.
     *
     * @throws LogDecodeException for a log write of a stream without a create, a record that is not
     *     Zeek's serialization or does not fit the stream's schema, or a create whose fields are not
     *     in Zeek's layout
     */
    public List<LogBatch> accept(ZeekMessage message) throws LogDecodeException {
        Runs runs = new Runs();
        collect(message, runs);
        return runs.finish();
    }

    /** {@link #accept} of Broker data; a value that is no Zeek message is a decode failure. */
    public List<LogBatch> accept(Data data) throws LogDecodeException {
        Optional<ZeekMessage> message = ZeekMessage.from(data);
        if (message.isEmpty()) {
            throw new LogDecodeException("not a Zeek message", 0);
        }
        return accept(message.get());
    }

    /** The schema recorded for {@code stream} and {@code writer}, if a create was seen. */
    public Optional<List<LogField>> schema(String stream, String writer) {
        return Optional.ofNullable(schemas.get(new Key(stream, writer)));
    }

    private void collect(ZeekMessage message, Runs runs) throws LogDecodeException {
        if (message instanceof LogCreate c) {
            Optional<List<LogField>> fields = c.zeekFields();
            if (fields.isEmpty()) {
                throw new LogDecodeException(
                        "log create of " + c.streamId().name() + " without Zeek's field layout", 0);
            }
            schemas.put(new Key(c.streamId().name(), c.writerId().name()), fields.get());
            runs.schemaChanged();
        } else if (message instanceof LogWrite w) {
            runs.add(w);
        } else if (message instanceof Batch b) {
            for (ZeekMessage m : b.messages()) {
                collect(m, runs);
            }
        }
    }

    /**
     * Consecutive log writes of the same stream, writer and path gathered into one batch each. The
     * header of a run is built once: a write with the very ids and path of the one before (what
     * every write of a Zeek batch has) only decodes its record.
     */
    private final class Runs {
        private final List<LogBatch> out = new ArrayList<>(1);
        private EnumValue stream;
        private EnumValue writer;
        private StringValue path;
        private LogHeader header;
        private List<LogRecord> records;

        void add(LogWrite w) throws LogDecodeException {
            if (stream == null
                    || !stream.equals(w.streamId())
                    || !writer.equals(w.writerId())
                    || !path.equals(w.rawPath())) {
                List<LogField> fields =
                        schemas.get(new Key(w.streamId().name(), w.writerId().name()));
                if (fields == null) {
                    throw new LogDecodeException("log write to " + w.streamId().name() + " before its log create", 0);
                }
                LogHeader next = new LogHeader(
                        w.streamId().name(), w.writerId().name(), LogHeader.DEFAULT_FILTER, w.path(), fields);
                if (header == null || !header.equals(next)) {
                    flush();
                    header = next;
                    records = new ArrayList<>();
                }
                stream = w.streamId();
                writer = w.writerId();
                path = w.rawPath();
            }
            LogRecord record = LogBatchCodec.decodeRecord(w.record());
            if (record.values().size() != header.fields().size()) {
                throw new LogDecodeException(
                        "record of " + record.values().size() + " values for a schema of "
                                + header.fields().size() + " fields",
                        0);
            }
            records.add(record);
        }

        /** A create may have changed a schema: the next write looks its schema up again. */
        void schemaChanged() {
            stream = null;
        }

        private void flush() {
            if (header != null && !records.isEmpty()) {
                out.add(new LogBatch(header, records));
            }
        }

        List<LogBatch> finish() {
            flush();
            return out;
        }
    }

    /** The log create that announces {@code header}'s stream to a Zeek peer. */
    public static LogCreate create(LogHeader header, double networkTime) {
        return new LogCreate(
                EnumValue.of(header.stream()),
                EnumValue.of(header.writer()),
                new WriterInfo(header.path(), 0, 0, networkTime, Map.of(), ""),
                header.fields());
    }

    /** The log writes of {@code batch}, one per record, in a {@link Batch} as Zeek sends them. */
    public static Batch writes(LogBatch batch) {
        List<LogWrite> writes = new ArrayList<>(batch.records().size());
        EnumValue stream = EnumValue.of(batch.header().stream());
        EnumValue writer = EnumValue.of(batch.header().writer());
        for (LogRecord r : batch.records()) {
            writes.add(new LogWrite(stream, writer, batch.header().path(), LogBatchCodec.encodeRecord(r)));
        }
        return new Batch(writes);
    }

    /** The topic of {@code stream}'s log messages, e.g. {@code zeek/logs/Conn::LOG}. */
    public static String topic(String stream) {
        return TOPIC_PREFIX + stream;
    }
}
