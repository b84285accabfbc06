package io.jbroker.logger;

import io.jbroker.zeek.LogField;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogHeader;
import io.jbroker.zeek.log.LogRecord;
import io.jbroker.zeek.log.LogValue;
import io.jbroker.zeek.log.ZeekType;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A Zeek log stream as a producer sees it: stream id, path and schema, and records built from plain
 * Java values. For a receiving Zeek logger the schema must be exactly the one of its own stream
 * (Zeek checks field count, types and the filter). Immutable and thread-safe.
 *
 * <pre>{@code
 * LogStream conn = LogStream.builder("Conn::LOG", "conn")
 *         .field("ts", ZeekType.TIME).field("uid", ZeekType.STRING)
 *         .field("id.orig_h", ZeekType.ADDR).field("id.orig_p", ZeekType.PORT)
 *         .build();
 * LogRecord line = conn.record(Instant.now(), "CHhAvVGS1DHFjwGM9", "10.0.0.1", "49152/tcp");
 * }</pre>
 */
public final class LogStream {
    private final LogHeader header;

    private LogStream(LogHeader header) {
        this.header = header;
    }

    /** A stream with the schema and names of {@code header}. */
    public static LogStream of(LogHeader header) {
        return new LogStream(Objects.requireNonNull(header, "header"));
    }

    /** A builder of the stream {@code stream} (e.g. {@code Conn::LOG}) writing path {@code path}. */
    public static Builder builder(String stream, String path) {
        return new Builder(stream, path);
    }

    /** Builds a {@link LogStream} field by field. */
    public static final class Builder {
        private final String stream;
        private final String path;
        private final List<LogField> fields = new ArrayList<>();
        private String writer = LogHeader.WRITER_ASCII;
        private String filter = LogHeader.DEFAULT_FILTER;

        private Builder(String stream, String path) {
            this.stream = Objects.requireNonNull(stream, "stream");
            this.path = Objects.requireNonNull(path, "path");
        }

        /** A field of a scalar type. */
        public Builder field(String name, ZeekType type) {
            return field(name, type, ZeekType.VOID, false);
        }

        /** An {@code &optional} field of a scalar type. */
        public Builder optionalField(String name, ZeekType type) {
            return field(name, type, ZeekType.VOID, true);
        }

        /** A {@code set[element]} field. */
        public Builder setField(String name, ZeekType element) {
            return field(name, ZeekType.TABLE, element, false);
        }

        /** A {@code vector of element} field. */
        public Builder vectorField(String name, ZeekType element) {
            return field(name, ZeekType.VECTOR, element, false);
        }

        /** A field with every attribute given. */
        public Builder field(String name, ZeekType type, ZeekType subtype, boolean optional) {
            fields.add(new LogField(name, type.tag(), subtype.tag(), optional));
            return this;
        }

        /** The writer, {@code Log::WRITER_ASCII} by default. */
        public Builder writer(String writer) {
            this.writer = writer;
            return this;
        }

        /** The filter name, {@code default} by default. */
        public Builder filter(String filter) {
            this.filter = filter;
            return this;
        }

        public LogStream build() {
            return new LogStream(new LogHeader(stream, writer, filter, path, fields));
        }
    }

    /** The stream's header. */
    public LogHeader header() {
        return header;
    }

    /** A batch of {@code records} of this stream. */
    public LogBatch batch(List<LogRecord> records) {
        return new LogBatch(header, records);
    }

    /**
     * A record of one Java value per field, converted by the field's type: {@link Instant} or
     * seconds for {@code time}, {@link Duration} or seconds for {@code interval}, {@link Number} for
     * {@code int}, {@code count} and {@code double}, {@link Boolean}, {@link String} for strings and
     * enums, {@link String} or {@link InetAddress} for {@code addr}, {@code "10.0.0.0/8"} for {@code
     * subnet}, {@code "80/tcp"} for {@code port}, a {@link Collection} for sets and vectors, a
     * {@link LogValue} as it is, and {@code null} for unset.
     *
     * @throws IllegalArgumentException if a value does not fit its field
     */
    public LogRecord record(Object... values) {
        List<LogField> fields = header.fields();
        if (values.length != fields.size()) {
            throw new IllegalArgumentException(values.length + " values for " + fields.size() + " fields");
        }
        List<LogValue> out = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            LogField f = fields.get(i);
            try {
                out.add(convert(values[i], ZeekType.ofTag(f.typeTag()), ZeekType.ofTag(f.subtypeTag())));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("field " + f.name() + ": " + e.getMessage(), e);
            }
        }
        return new LogRecord(out);
    }

    private static LogValue convert(Object v, ZeekType type, ZeekType subtype) {
        if (v instanceof LogValue lv) {
            return lv;
        }
        if (v == null) {
            return LogValue.unset(type);
        }
        switch (type) {
            case BOOL:
                return LogValue.bool((Boolean) v);
            case INT:
                return LogValue.integer(((Number) v).longValue());
            case COUNT:
                return LogValue.count(((Number) v).longValue());
            case DOUBLE:
                return LogValue.real(((Number) v).doubleValue());
            case TIME:
                return LogValue.time(
                        v instanceof Instant t ? t.getEpochSecond() + t.getNano() / 1e9 : ((Number) v).doubleValue());
            case INTERVAL:
                return LogValue.interval(
                        v instanceof Duration d ? d.getSeconds() + d.getNano() / 1e9 : ((Number) v).doubleValue());
            case STRING:
                return v instanceof byte[] b ? LogValue.string(b) : LogValue.string((String) v);
            case ENUM:
                return LogValue.enumValue((String) v);
            case ADDR:
                return LogValue.addr(v instanceof InetAddress a ? a.getHostAddress() : (String) v);
            case SUBNET:
                return LogValue.subnet((String) v);
            case PORT:
                return port((String) v);
            case TABLE:
            case VECTOR: {
                List<LogValue> elements = new ArrayList<>();
                for (Object e : (Collection<?>) v) {
                    elements.add(convert(e, subtype, ZeekType.VOID));
                }
                return type == ZeekType.TABLE ? LogValue.set(elements) : LogValue.vector(elements);
            }
            default:
                throw new IllegalArgumentException("type " + type + " cannot be logged");
        }
    }

    private static LogValue port(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("port without protocol: " + text);
        }
        int number = Integer.parseInt(text.substring(0, slash));
        String proto = text.substring(slash + 1);
        int p;
        switch (proto) {
            case "tcp":
                p = LogValue.Port.TCP;
                break;
            case "udp":
                p = LogValue.Port.UDP;
                break;
            case "icmp":
                p = LogValue.Port.ICMP;
                break;
            case "unknown":
                p = LogValue.Port.UNKNOWN;
                break;
            default:
                throw new IllegalArgumentException("unknown protocol " + proto);
        }
        return LogValue.port(number, p);
    }
}
