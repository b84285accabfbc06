package io.jbroker.zeek.log;

import io.jbroker.zeek.LogField;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * Why the values do not fit the schema, if they do not: a present value whose type tag differs
     * from its field's, or a set or vector element whose type differs from the field's subtype.
     */
    public Optional<String> typeProblem() {
        List<LogField> fields = header.fields();
        for (int r = 0; r < records.size(); r++) {
            List<LogValue> values = records.get(r).values();
            for (int i = 0; i < values.size(); i++) {
                LogValue v = values.get(i);
                LogField f = fields.get(i);
                if (v instanceof LogValue.Unset) {
                    continue;
                }
                if (v.typeTag() != f.typeTag()) {
                    return Optional.of("record " + r + " field " + f.name() + ": a " + ZeekType.nameOf(v.typeTag())
                            + " value in a " + ZeekType.nameOf(f.typeTag()) + " field");
                }
                if (v instanceof LogValue.Container c) {
                    for (LogValue e : c.elements()) {
                        if (!(e instanceof LogValue.Unset) && e.typeTag() != f.subtypeTag()) {
                            return Optional.of("record " + r + " field " + f.name() + ": a "
                                    + ZeekType.nameOf(e.typeTag()) + " element in a "
                                    + AsciiFormat.typeName(f) + " field");
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
