package io.jbroker.data;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.jbroker.BrokerException;
import io.jbroker.DataMessage;
import io.jbroker.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Writes Broker's exact JSON v1 bytes through Jackson's generator: no whitespace, members in
 * Broker's order, reals as C's {@code %f} (and bare {@code nan}/{@code inf}), and strings escaped
 * by {@link JsonStrings#escape} and written raw. Member and type names are written from their
 * precomputed bytes. Single use, not thread-safe.
 */
final class JsonWriter {
    private static final SerializedString TYPE = new SerializedString(JsonNames.TYPE);
    private static final SerializedString DATA_MESSAGE = new SerializedString(JsonNames.DATA_MESSAGE);
    private static final SerializedString TOPIC = new SerializedString(JsonNames.TOPIC);
    private static final SerializedString DATA_TYPE = new SerializedString(JsonNames.DATA_TYPE);
    private static final SerializedString DATA = new SerializedString(JsonNames.DATA);
    private static final SerializedString KEY = new SerializedString(JsonNames.KEY);
    private static final SerializedString VALUE = new SerializedString(JsonNames.VALUE);
    /** The {@code @data-type} names, indexed by {@link DataType#ordinal()}. */
    private static final SerializedString[] TYPE_NAMES = typeNames();

    private final Output out = new Output();
    private final JsonGenerator gen;

    private JsonWriter() {
        try {
            gen = JsonReader.FACTORY.createGenerator(out, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SerializedString[] typeNames() {
        DataType[] types = DataType.values();
        SerializedString[] names = new SerializedString[types.length];
        for (DataType t : types) {
            names[t.ordinal()] = new SerializedString(t.jsonName());
        }
        return names;
    }

    /** Broker's JSON for one value. */
    static byte[] value(Data value) {
        JsonWriter w = new JsonWriter();
        try {
            w.writeValue(value, 0);
            return w.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Broker's data-message object: type and topic, then the value's two members. */
    static byte[] message(DataMessage msg) {
        JsonWriter w = new JsonWriter();
        try {
            w.gen.writeStartObject();
            w.gen.writeFieldName(TYPE);
            w.gen.writeString(DATA_MESSAGE);
            w.gen.writeFieldName(TOPIC);
            byte[] topic = msg.topic().bytes();
            w.writeRawString(topic, 0, topic.length);
            w.writeMembers(msg.data(), 0);
            w.gen.writeEndObject();
            return w.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] finish() throws IOException {
        gen.close();
        return out.toByteArray();
    }

    private void writeValue(Data d, int depth) throws IOException {
        gen.writeStartObject();
        writeMembers(d, depth);
        gen.writeEndObject();
    }

    private void writeMembers(Data d, int depth) throws IOException {
        DataType type = d.type();
        gen.writeFieldName(DATA_TYPE);
        gen.writeString(TYPE_NAMES[type.ordinal()]);
        gen.writeFieldName(DATA);
        switch (type) {
            case NONE:
                gen.writeStartObject();
                gen.writeEndObject();
                break;
            case BOOLEAN:
                gen.writeBoolean(((BooleanValue) d).value());
                break;
            case COUNT:
                long count = ((CountValue) d).value();
                if (count >= 0) {
                    gen.writeNumber(count);
                } else {
                    gen.writeNumber(Long.toUnsignedString(count)); // 2^63 and above
                }
                break;
            case INTEGER:
                gen.writeNumber(((IntegerValue) d).value());
                break;
            case REAL:
                gen.writeNumber(RealValue.format(((RealValue) d).value()));
                break;
            case STRING:
                StringValue s = (StringValue) d;
                writeRawString(s.array(), s.offset(), s.length());
                break;
            case ENUM_VALUE:
                EnumValue e = (EnumValue) d;
                writeRawString(e.array(), e.offset(), e.length());
                break;
            case TIMESTAMP:
                gen.writeString(JsonTimes.formatTimestamp(((TimestampValue) d).nanos()));
                break;
            case TIMESPAN:
                gen.writeString(JsonTimes.formatTimespan(((TimespanValue) d).nanos()));
                break;
            case ADDRESS:
            case SUBNET:
            case PORT:
                gen.writeString(d.toString());
                break;
            case VECTOR:
                writeArray(((VectorValue) d).items(), depth);
                break;
            case SET:
                writeArray(((SetValue) d).items(), depth);
                break;
            default:
                writeTable((TableValue) d, depth);
        }
    }

    private void writeRawString(byte[] raw, int off, int len) throws IOException {
        if (!JsonStrings.needsEscape(raw, off, len)) {
            gen.writeRawUTF8String(raw, off, len);
            return;
        }
        byte[] escaped = JsonStrings.escape(raw, off, len);
        gen.writeRawUTF8String(escaped, 0, escaped.length);
    }

    private void writeArray(Data[] items, int depth) throws IOException {
        checkDepth(depth);
        gen.writeStartArray();
        for (Data item : items) {
            writeValue(item, depth + 1);
        }
        gen.writeEndArray();
    }

    private void writeTable(TableValue t, int depth) throws IOException {
        checkDepth(depth);
        Data[] keys = t.keyArray();
        Data[] values = t.valueArray();
        gen.writeStartArray();
        for (int i = 0; i < keys.length; i++) {
            gen.writeStartObject();
            gen.writeFieldName(KEY);
            writeValue(keys[i], depth + 1);
            gen.writeFieldName(VALUE);
            writeValue(values[i], depth + 1);
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private static void checkDepth(int depth) {
        if (depth >= BinaryFormat.MAX_NESTING_DEPTH) {
            throw new BrokerException(
                    ErrorCode.SERIALIZATION_FAILED,
                    "value nests deeper than " + BinaryFormat.MAX_NESTING_DEPTH + " containers");
        }
    }

    /**
     * The generator's output. Jackson buffers what it writes and hands it over when its buffer is
     * full or at close, so a value that fits the buffer arrives in one write, which is kept as the
     * result (a {@code ByteArrayOutputStream} grew to it and then copied it again).
     */
    private static final class Output extends OutputStream {
        private static final byte[] EMPTY = new byte[0];

        private byte[] buf = EMPTY;
        private int size;

        @Override
        public void write(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (size == 0) {
                buf = Arrays.copyOfRange(b, off, off + len);
                size = len;
                return;
            }
            ensure(len);
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (buf.length - size < more) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        /** The bytes written; the writer is single use, so the array is handed over as it is. */
        byte[] toByteArray() {
            return buf.length == size ? buf : Arrays.copyOf(buf, size);
        }
    }
}
