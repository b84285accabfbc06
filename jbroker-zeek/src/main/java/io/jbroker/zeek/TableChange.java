package io.jbroker.zeek;

import io.jbroker.data.Data;
import io.jbroker.data.NoneValue;
import io.jbroker.data.TimestampValue;
import io.jbroker.data.VectorValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code Cluster::TableChangeInfo} record: {@code change: TableChange, ts: time, index: vector
 * of any, value: any &optional, previous_value: any &optional}. On the wire a 5-element Broker
 * vector; unset optional fields are {@code nil}. Sets carry no value. Immutable.
 *
 * @param change what happened to the index
 * @param ts the network time of the change
 * @param index the index parts (one element for a single-column table)
 * @param value the new, updated or removed value (empty for sets)
 * @param previousValue the value before a {@link TableChangeKind#CHANGED} change, if Zeek sent it
 */
public record TableChange(
        TableChangeKind change,
        TimestampValue ts,
        List<Data> index,
        Optional<Data> value,
        Optional<Data> previousValue) {
    public TableChange {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(ts, "ts");
        index = List.copyOf(index);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(previousValue, "previousValue");
    }

    /** A change without a previous value. */
    public static TableChange of(TableChangeKind change, TimestampValue ts, List<Data> index, Data value) {
        return new TableChange(change, ts, index, Optional.ofNullable(value), Optional.empty());
    }

    /** The index as one Broker vector (the view's map key). */
    public VectorValue indexData() {
        return Data.vector(index);
    }

    /** The record as Zeek encodes it. */
    public VectorValue toData() {
        return Data.vector(
                change.toData(),
                ts,
                Data.vector(index),
                value.orElse(NoneValue.INSTANCE),
                previousValue.orElse(NoneValue.INSTANCE));
    }
}
