package io.jbroker.zeek;

import io.jbroker.data.BooleanValue;
import io.jbroker.data.CountValue;
import io.jbroker.data.Data;
import io.jbroker.data.NoneValue;
import io.jbroker.data.VectorValue;
import java.util.Objects;
import java.util.Optional;

/**
 * One of Zeek's log field descriptors in a {@link LogCreate} (Zeek's {@code
 * threading_field_to_data}, not defined by Broker):
 *
 * <pre>
 * vector[ string name, string secondary_name or none, count type, count subtype, boolean optional ]
 * </pre>
 *
 * The type numbers are Zeek's internal type tags. Only strings that are valid UTF-8 are read.
 *
 * @param name the column name
 * @param secondaryName Zeek's secondary name, if any
 * @param typeTag Zeek's type tag (unsigned)
 * @param subtypeTag Zeek's type tag of container elements, 0 otherwise (unsigned)
 * @param optional whether the column may be unset
 */
public record LogField(String name, Optional<String> secondaryName, long typeTag, long subtypeTag, boolean optional) {
    private static final int FIELDS = 5;

    public LogField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secondaryName, "secondaryName");
    }

    /** A field without a secondary name. */
    public LogField(String name, long typeTag, long subtypeTag, boolean optional) {
        this(name, Optional.empty(), typeTag, subtypeTag, optional);
    }

    /** Zeek's layout of this descriptor. */
    public VectorValue toData() {
        return Data.vector(
                Data.string(name),
                secondaryName.<Data>map(Data::string).orElse(Data.none()),
                Data.count(typeTag),
                Data.count(subtypeTag),
                Data.bool(optional));
    }

    /** The descriptor in {@code data}, or empty if it is not in Zeek's layout. */
    public static Optional<LogField> from(Data data) {
        if (!(data instanceof VectorValue) || ((VectorValue) data).size() != FIELDS) {
            return Optional.empty();
        }
        VectorValue v = (VectorValue) data;
        Data secondary = v.get(1);
        if (!WriterInfo.isText(v.get(0))
                || !(secondary instanceof NoneValue || WriterInfo.isText(secondary))
                || !(v.get(2) instanceof CountValue)
                || !(v.get(3) instanceof CountValue)
                || !(v.get(4) instanceof BooleanValue)) {
            return Optional.empty();
        }
        return Optional.of(new LogField(
                WriterInfo.text(v.get(0)),
                secondary instanceof NoneValue ? Optional.empty() : Optional.of(WriterInfo.text(secondary)),
                ((CountValue) v.get(2)).value(),
                ((CountValue) v.get(3)).value(),
                ((BooleanValue) v.get(4)).value()));
    }
}
