package io.jbroker.zeek.log;

import io.jbroker.zeek.LogField;
import java.util.List;
import java.util.Objects;

/**
 * What a log batch or log stream says about its records: Zeek's stream (e.g. {@code Conn::LOG}),
 * writer (e.g. {@code Log::WRITER_ASCII}), filter (e.g. {@code default}), path (e.g. {@code conn})
 * and the field schema, one {@link LogField} per column in record order. Immutable.
 */
public record LogHeader(String stream, String writer, String filter, String path, List<LogField> fields) {
    /** The writer Zeek's ASCII logs use. */
    public static final String WRITER_ASCII = "Log::WRITER_ASCII";

    /** The filter name of a stream's default filter. */
    public static final String DEFAULT_FILTER = "default";

    public LogHeader {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(path, "path");
        fields = List.copyOf(fields);
    }

    /** A header of the default filter of {@code stream}, ASCII writer. */
    public static LogHeader of(String stream, String path, List<LogField> fields) {
        return new LogHeader(stream, WRITER_ASCII, DEFAULT_FILTER, path, fields);
    }

    /** Whether {@code other} describes the same columns (names, types, optionality). */
    public boolean sameSchema(LogHeader other) {
        return fields.equals(other.fields);
    }
}
