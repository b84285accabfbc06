package io.jbroker.zeek.log;

import java.util.List;
import java.util.Objects;

/**
 * Records of one log writer (stream, filter, path) with their header: what one {@code
 * zeek-bin-serializer} batch carries over ZeroMQ, and what a Broker log write becomes once its
 * stream's schema is known. Every record has one value per header field. Immutable.
 */
public record LogBatch(LogHeader header, List<LogRecord> records) {
    public LogBatch {
        Objects.requireNonNull(header, "header");
        records = List.copyOf(records);
        int n = header.fields().size();
        for (LogRecord r : records) {
            if (r.values().size() != n) {
                throw new IllegalArgumentException("record of " + r.values().size() + " values for " + n + " fields");
            }
        }
    }
}
