package io.jbroker.zeek.log;

import java.util.List;

/** One log record: a value per field of its {@link LogHeader}, in field order. Immutable. */
public record LogRecord(List<LogValue> values) {
    public LogRecord {
        values = List.copyOf(values);
    }

    /** A record of {@code values}. */
    public static LogRecord of(LogValue... values) {
        return new LogRecord(List.of(values));
    }
}
