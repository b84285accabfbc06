package io.jbroker.zeek;

import io.jbroker.data.Data;
import io.jbroker.data.TimestampValue;
import io.jbroker.data.VectorValue;
import java.util.Objects;

/**
 * Zeek's {@code Cluster::TableChangeHeader} record ({@code id: string, ts: time, node_id: string}),
 * the first argument of {@code Cluster::table_change_infos}. A Zeek record travels as a Broker
 * vector with one element per field. Immutable.
 *
 * @param id the script-level identifier of the table, e.g. {@code Known::hosts}
 * @param ts the network time at which the batch was published
 * @param nodeId the {@code Cluster::node_id} of the sending process
 */
public record TableChangeHeader(String id, TimestampValue ts, String nodeId) {
    public TableChangeHeader {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(nodeId, "nodeId");
    }

    /** The record as Zeek encodes it: {@code vector[string id, timestamp ts, string node_id]}. */
    public VectorValue toData() {
        return Data.vector(Data.string(id), ts, Data.string(nodeId));
    }
}
