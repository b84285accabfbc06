package io.jbroker.zeek;

import io.jbroker.data.Data;
import io.jbroker.data.EnumValue;
import io.jbroker.data.NoneValue;
import io.jbroker.data.StringValue;
import io.jbroker.data.TimestampValue;
import io.jbroker.data.VectorValue;
import io.jbroker.zeek.TableChangeDecodeException.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The typed view of Zeek's {@code Cluster::table_change_infos(tcheader: TableChangeHeader, tcinfos:
 * vector of TableChangeInfo)} event, which Zeek 8.2 publishes for tables with {@code
 * &publish_on_change} on topics under {@code zeek/table/} (by default {@code zeek/table/<id>/}).
 * {@link #decode} checks every shape and throws {@link TableChangeDecodeException} naming the bad
 * part; records with fewer trailing optional fields than declared are accepted (absent = unset).
 * Immutable.
 */
public record TableChangeInfos(TableChangeHeader header, List<TableChange> changes) {
    /** The event name. */
    public static final String EVENT_NAME = "Cluster::table_change_infos";

    /** The topic prefix every table-change topic starts with. */
    public static final String TOPIC_PREFIX = "zeek/table/";

    private static final int HEADER_FIELDS = 3;
    private static final int CHANGE_MIN_FIELDS = 3;
    private static final int CHANGE_FIELDS = 5;

    public TableChangeInfos {
        Objects.requireNonNull(header, "header");
        changes = List.copyOf(changes);
    }

    /** Zeek's default topic for table {@code id}: {@code zeek/table/<id>/}. */
    public static String topic(String id) {
        return TOPIC_PREFIX + id + "/";
    }

    /** The event Zeek would publish for this batch (without metadata). */
    public Event toEvent() {
        List<Data> infos = new ArrayList<>(changes.size());
        changes.forEach(c -> infos.add(c.toData()));
        return new Event(EVENT_NAME, List.of(header.toData(), Data.vector(infos)));
    }

    /** Whether {@code event} is named {@code Cluster::table_change_infos} (its shape unchecked). */
    public static boolean isTableChangeEvent(Event event) {
        return EVENT_NAME.equals(event.name());
    }

    /**
     * Decodes the event.
     *
     * @throws TableChangeDecodeException if the name, the arguments, the header or a change record
     *     do not have Zeek's shapes
     */
    public static TableChangeInfos decode(Event event) {
        if (!isTableChangeEvent(event)) {
            throw new TableChangeDecodeException(
                    Problem.WRONG_EVENT, "event " + event.name() + " is not " + EVENT_NAME);
        }
        List<Data> args = event.args();
        if (args.size() != 2) {
            throw new TableChangeDecodeException(
                    Problem.BAD_ARGUMENTS, EVENT_NAME + " has " + args.size() + " arguments, needs 2");
        }
        TableChangeHeader header = header(args.get(0));
        if (!(args.get(1) instanceof VectorValue)) {
            throw new TableChangeDecodeException(
                    Problem.BAD_ARGUMENTS, "second argument is " + args.get(1).type() + ", not a vector of changes");
        }
        VectorValue infos = (VectorValue) args.get(1);
        List<TableChange> changes = new ArrayList<>(infos.size());
        for (int i = 0; i < infos.size(); i++) {
            changes.add(change(i, infos.get(i)));
        }
        return new TableChangeInfos(header, changes);
    }

    private static TableChangeHeader header(Data d) {
        if (!(d instanceof VectorValue) || ((VectorValue) d).size() != HEADER_FIELDS) {
            throw new TableChangeDecodeException(
                    Problem.BAD_HEADER, "header is not a 3-element vector (id, ts, node_id): " + d);
        }
        VectorValue v = (VectorValue) d;
        if (!(v.get(0) instanceof StringValue)
                || !(v.get(1) instanceof TimestampValue)
                || !(v.get(2) instanceof StringValue)) {
            throw new TableChangeDecodeException(
                    Problem.BAD_HEADER, "header fields must be (string, timestamp, string): " + d);
        }
        return new TableChangeHeader(
                ((StringValue) v.get(0)).asString(), (TimestampValue) v.get(1), ((StringValue) v.get(2)).asString());
    }

    private static TableChange change(int i, Data d) {
        if (!(d instanceof VectorValue)) {
            throw bad(i, "is " + d.type() + ", not a record vector");
        }
        VectorValue v = (VectorValue) d;
        if (v.size() < CHANGE_MIN_FIELDS || v.size() > CHANGE_FIELDS) {
            throw bad(i, "has " + v.size() + " fields, needs 3 to 5");
        }
        if (!(v.get(0) instanceof EnumValue)) {
            throw bad(i, "change is " + v.get(0).type() + ", not an enum value");
        }
        String name = ((EnumValue) v.get(0)).name();
        TableChangeKind kind =
                TableChangeKind.fromZeekName(name).orElseThrow(() -> bad(i, "unknown change kind " + name));
        if (!(v.get(1) instanceof TimestampValue)) {
            throw bad(i, "ts is " + v.get(1).type() + ", not a timestamp");
        }
        if (!(v.get(2) instanceof VectorValue)) {
            throw bad(i, "index is " + v.get(2).type() + ", not a vector");
        }
        return new TableChange(
                kind, (TimestampValue) v.get(1), ((VectorValue) v.get(2)).asList(), optional(v, 3), optional(v, 4));
    }

    private static Optional<Data> optional(VectorValue v, int i) {
        return i < v.size() && !(v.get(i) instanceof NoneValue) ? Optional.of(v.get(i)) : Optional.empty();
    }

    private static TableChangeDecodeException bad(int i, String what) {
        return new TableChangeDecodeException(Problem.BAD_CHANGE, "change " + i + " " + what);
    }
}
