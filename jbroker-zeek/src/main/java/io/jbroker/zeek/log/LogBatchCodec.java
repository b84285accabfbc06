package io.jbroker.zeek.log;

import io.jbroker.zeek.LogField;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Zeek's {@code zeek-bin-serializer} log batches (the 4th frame of a ZeroMQ {@code log-write}
 * message) and serialized log records (the record string of a Broker {@code LogWrite}), both
 * directions. All integers are big-endian.
 *
 * <pre>
 * batch  = string stream, string writer, string filter, string path, u32 n_fields, field*n_fields,
 *          u32 n_records, (value*n_fields)*n_records
 * field  = u8 has_secondary [string secondary], string name, i32 type, i32 subtype, u8 optional
 * record = i32 n_fields, value*n_fields                      (Broker LogWrite only)
 * value  = i32 type, i32 subtype, u8 present, [payload]
 * string = u32 length, bytes
 * </pre>
 *
 * Decoding checks every length and count against the bytes that remain before allocating anything
 * for it (a count of elements is at most the remaining bytes divided by the smallest encoding of an
 * element), limits container nesting to {@value #MAX_DEPTH}, and rejects bytes left over. Stateless
 * and thread-safe.
 */
public final class LogBatchCodec {
    /** Deepest nesting of sets and vectors accepted. */
    public static final int MAX_DEPTH = 8;

    /** The format name in frame 3 of a ZeroMQ log-write message. */
    public static final String FORMAT = "zeek-bin-serializer";

    private static final int MIN_FIELD_BYTES = 1 + 4 + 4 + 4 + 1;
    private static final int MIN_VALUE_BYTES = 4 + 4 + 1;

    private LogBatchCodec() {}

    /** The bytes of {@code batch}. */
    public static byte[] encode(LogBatch batch) {
        Out out = new Out(256
                + 64
                        * batch.records().size()
                        * Math.max(1, batch.header().fields().size()));
        LogHeader h = batch.header();
        out.string(h.stream());
        out.string(h.writer());
        out.string(h.filter());
        out.string(h.path());
        out.i32(h.fields().size());
        for (LogField f : h.fields()) {
            if (f.secondaryName().isPresent()) {
                out.u8(1);
                out.string(f.secondaryName().get());
            } else {
                out.u8(0);
            }
            out.string(f.name());
            out.i32((int) f.typeTag());
            out.i32((int) f.subtypeTag());
            out.u8(f.optional() ? 1 : 0);
        }
        out.i32(batch.records().size());
        for (LogRecord r : batch.records()) {
            for (LogValue v : r.values()) {
                value(out, v);
            }
        }
        return out.toByteArray();
    }

    /**
     * The batch in {@code bytes}.
     *
     * @throws LogDecodeException if the bytes are not exactly one valid batch
     */
    public static LogBatch decode(byte[] bytes) throws LogDecodeException {
        In in = new In(bytes);
        String stream = in.text("stream");
        String writer = in.text("writer");
        String filter = in.text("filter");
        String path = in.text("path");
        long numFields = in.u32();
        if (numFields > in.remaining() / MIN_FIELD_BYTES) {
            throw in.fail("field count " + numFields + " exceeds the " + in.remaining() + " bytes left");
        }
        List<LogField> fields = new ArrayList<>((int) numFields);
        for (int i = 0; i < numFields; i++) {
            boolean hasSecondary = in.flag("has_secondary_name");
            Optional<String> secondary = hasSecondary ? Optional.of(in.text("secondary name")) : Optional.empty();
            String name = in.text("field name");
            int type = in.i32();
            int subtype = in.i32();
            boolean optional = in.flag("optional");
            fields.add(new LogField(name, secondary, type & 0xffffffffL, subtype & 0xffffffffL, optional));
        }
        long numRecords = in.u32();
        if (numRecords > 0 && numFields == 0) {
            throw in.fail(numRecords + " records without fields");
        }
        if (numFields > 0 && numRecords > in.remaining() / (MIN_VALUE_BYTES * numFields)) {
            throw in.fail("record count " + numRecords + " exceeds the " + in.remaining() + " bytes left");
        }
        List<LogRecord> records = new ArrayList<>((int) numRecords);
        for (long r = 0; r < numRecords; r++) {
            records.add(record(in, (int) numFields));
        }
        in.end();
        return new LogBatch(new LogHeader(stream, writer, filter, path, fields), records);
    }

    /** The bytes of {@code record} as the serialized record of a Broker log write. */
    public static byte[] encodeRecord(LogRecord record) {
        Out out = new Out(16 + 32 * record.values().size());
        out.i32(record.values().size());
        for (LogValue v : record.values()) {
            value(out, v);
        }
        return out.toByteArray();
    }

    /**
     * The serialized record of a Broker log write.
     *
     * @throws LogDecodeException if the bytes are not exactly one valid record
     */
    public static LogRecord decodeRecord(byte[] bytes) throws LogDecodeException {
        In in = new In(bytes);
        int n = in.i32();
        if (n < 0 || n > in.remaining() / MIN_VALUE_BYTES) {
            throw in.fail("field count " + (n & 0xffffffffL) + " exceeds the " + in.remaining() + " bytes left");
        }
        LogRecord record = record(in, n);
        in.end();
        return record;
    }

    private static LogRecord record(In in, int numFields) throws LogDecodeException {
        List<LogValue> values = new ArrayList<>(numFields);
        for (int f = 0; f < numFields; f++) {
            values.add(value(in, 0));
        }
        return new LogRecord(values);
    }

    private static LogValue value(In in, int depth) throws LogDecodeException {
        int start = in.pos;
        int typeTag = in.i32();
        int subtype = in.i32();
        boolean present = in.flag("present");
        if (!present) {
            return new LogValue.Unset(typeTag, subtype);
        }
        ZeekType type = ZeekType.ofTag(typeTag & 0xffffffffL);
        if (type == null || !type.isLoggable()) {
            throw new LogDecodeException("unsupported type " + ZeekType.nameOf(typeTag & 0xffffffffL), start);
        }
        switch (type) {
            case BOOL:
                return new LogValue.Bool(in.i64() != 0, subtype);
            case INT:
                return new LogValue.Int(in.i64(), subtype);
            case COUNT:
                return new LogValue.Count(in.i64(), subtype);
            case DOUBLE:
            case TIME:
            case INTERVAL:
                return new LogValue.Real(type, Double.longBitsToDouble(in.i64()), subtype);
            case STRING:
            case ENUM:
            case FILE:
            case FUNC:
                return new LogValue.Text(type, in.bytes("string"), subtype);
            case PORT: {
                long port = in.i64();
                int protoAt = in.pos;
                int proto = in.i32();
                if (proto < 0 || proto > 3) {
                    throw new LogDecodeException("unknown port protocol " + proto, protoAt);
                }
                return new LogValue.Port(port, proto, subtype);
            }
            case ADDR:
                return new LogValue.Addr(address(in), subtype);
            case SUBNET: {
                int length = in.u8();
                return new LogValue.Subnet(new LogValue.Addr(address(in), 0), length, subtype);
            }
            case TABLE:
            case VECTOR: {
                if (depth >= MAX_DEPTH) {
                    throw new LogDecodeException("containers nested deeper than " + MAX_DEPTH, start);
                }
                int countAt = in.pos;
                long count = in.i64();
                if (count < 0 || count > in.remaining() / MIN_VALUE_BYTES) {
                    throw new LogDecodeException(
                            "element count " + count + " exceeds the " + in.remaining() + " bytes left", countAt);
                }
                List<LogValue> elements = new ArrayList<>((int) count);
                for (long i = 0; i < count; i++) {
                    elements.add(value(in, depth + 1));
                }
                return new LogValue.Container(type, elements, subtype);
            }
            default:
                throw new LogDecodeException("unsupported type " + type.zeekName(), start);
        }
    }

    private static byte[] address(In in) throws LogDecodeException {
        int at = in.pos;
        int family = in.u8();
        if (family == 4) {
            return in.fixed(4);
        }
        if (family == 6) {
            return in.fixed(16);
        }
        throw new LogDecodeException("unknown address family " + family, at);
    }

    private static void value(Out out, LogValue v) {
        out.i32(v.typeTag());
        out.i32(v.subtypeTag());
        if (v instanceof LogValue.Unset) {
            out.u8(0);
            return;
        }
        out.u8(1);
        if (v instanceof LogValue.Bool b) {
            out.i64(b.value() ? 1 : 0);
        } else if (v instanceof LogValue.Int i) {
            out.i64(i.value());
        } else if (v instanceof LogValue.Count c) {
            out.i64(c.value());
        } else if (v instanceof LogValue.Real r) {
            out.i64(Double.doubleToRawLongBits(r.value()));
        } else if (v instanceof LogValue.Text t) {
            out.bytes(t.raw());
        } else if (v instanceof LogValue.Port p) {
            out.i64(p.port());
            out.i32(p.protocol());
        } else if (v instanceof LogValue.Addr a) {
            address(out, a);
        } else if (v instanceof LogValue.Subnet s) {
            out.u8(s.rawLength());
            address(out, s.prefix());
        } else if (v instanceof LogValue.Container c) {
            out.i64(c.elements().size());
            for (LogValue e : c.elements()) {
                value(out, e);
            }
        }
    }

    private static void address(Out out, LogValue.Addr a) {
        out.u8(a.isV4() ? 4 : 6);
        out.raw(a.raw());
    }

    /** An unsynchronized big-endian writer. */
    private static final class Out {
        private final ByteSink sink;

        Out(int size) {
            sink = new ByteSink(size);
        }

        void u8(int v) {
            sink.write(v);
        }

        void i32(int v) {
            sink.write(v >>> 24);
            sink.write(v >>> 16);
            sink.write(v >>> 8);
            sink.write(v);
        }

        void i64(long v) {
            i32((int) (v >>> 32));
            i32((int) v);
        }

        void raw(byte[] b) {
            sink.write(b, 0, b.length);
        }

        void bytes(byte[] b) {
            i32(b.length);
            raw(b);
        }

        void string(String s) {
            bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        byte[] toByteArray() {
            return sink.toByteArray();
        }
    }

    private static final class In {
        private final byte[] b;
        int pos;

        In(byte[] b) {
            this.b = b;
        }

        int remaining() {
            return b.length - pos;
        }

        LogDecodeException fail(String reason) {
            return new LogDecodeException(reason, pos);
        }

        private void need(int n, String what) throws LogDecodeException {
            if (remaining() < n) {
                throw fail("truncated " + what + ": needs " + n + " bytes, " + remaining() + " left");
            }
        }

        int u8() throws LogDecodeException {
            need(1, "byte");
            return b[pos++] & 0xff;
        }

        boolean flag(String what) throws LogDecodeException {
            need(1, what);
            int v = b[pos] & 0xff;
            if (v > 1) {
                throw fail(what + " is " + v + ", not 0 or 1");
            }
            pos++;
            return v == 1;
        }

        int i32() throws LogDecodeException {
            need(4, "32-bit integer");
            int v = ((b[pos] & 0xff) << 24)
                    | ((b[pos + 1] & 0xff) << 16)
                    | ((b[pos + 2] & 0xff) << 8)
                    | (b[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        long u32() throws LogDecodeException {
            return i32() & 0xffffffffL;
        }

        long i64() throws LogDecodeException {
            need(8, "64-bit integer");
            long hi = i32() & 0xffffffffL;
            long lo = i32() & 0xffffffffL;
            return (hi << 32) | lo;
        }

        byte[] fixed(int n) throws LogDecodeException {
            need(n, "address");
            byte[] out = new byte[n];
            System.arraycopy(b, pos, out, 0, n);
            pos += n;
            return out;
        }

        byte[] bytes(String what) throws LogDecodeException {
            int at = pos;
            long len = u32();
            if (len > remaining()) {
                int left = remaining();
                pos = at;
                throw fail(what + " length " + len + " exceeds the " + left + " bytes left");
            }
            byte[] out = new byte[(int) len];
            System.arraycopy(b, pos, out, 0, (int) len);
            pos += (int) len;
            return out;
        }

        String text(String what) throws LogDecodeException {
            int at = pos;
            byte[] raw = bytes(what);
            CharsetDecoder d = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                CharBuffer chars = d.decode(ByteBuffer.wrap(raw));
                return chars.toString();
            } catch (CharacterCodingException e) {
                throw new LogDecodeException(what + " is not UTF-8", at);
            }
        }

        void end() throws LogDecodeException {
            if (pos != b.length) {
                throw fail(remaining() + " bytes left over");
            }
        }
    }
}
