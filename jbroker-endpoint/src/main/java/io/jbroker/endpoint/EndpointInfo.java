package io.jbroker.endpoint;

import io.jbroker.EndpointId;
import io.jbroker.data.CountValue;
import io.jbroker.data.Data;
import io.jbroker.data.DataType;
import io.jbroker.data.NoneValue;
import io.jbroker.data.PortValue;
import io.jbroker.data.Protocol;
import io.jbroker.data.StringValue;
import io.jbroker.data.VectorValue;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The context of a status or error event: a node (the nil ID when unknown) and, optionally, its
 * network address.
 *
 * <p>As Broker data: {@code [string uuid | none, string address | none, port | none, count retry
 * seconds | none]}.
 */
public record EndpointInfo(EndpointId node, Optional<NetworkInfo> network) {
    public EndpointInfo {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(network, "network");
    }

    public static EndpointInfo of(EndpointId node) {
        return new EndpointInfo(node, Optional.empty());
    }

    public static EndpointInfo of(EndpointId node, NetworkInfo network) {
        return new EndpointInfo(node, Optional.of(network));
    }

    public Data toData() {
        Data id = node.isNil() ? NoneValue.INSTANCE : StringValue.of(node.toString());
        if (network.isEmpty()) {
            return VectorValue.of(id, NoneValue.INSTANCE, NoneValue.INSTANCE, NoneValue.INSTANCE);
        }
        NetworkInfo n = network.get();
        return VectorValue.of(
                id,
                StringValue.of(n.address()),
                PortValue.of(n.port(), Protocol.TCP),
                CountValue.of(n.retry().toSeconds()));
    }

    /**
     * Reads the Broker data layout.
     *
     * @throws IllegalArgumentException if {@code d} does not have that layout
     */
    public static EndpointInfo fromData(Data d) {
        if (!(d instanceof VectorValue) || ((VectorValue) d).size() != 4) {
            throw new IllegalArgumentException("endpoint_info must be a vector of 4: " + d);
        }
        VectorValue v = (VectorValue) d;
        EndpointId id = v.get(0).type() == DataType.NONE
                ? EndpointId.NIL
                : EndpointId.parse(((StringValue) requireType(v.get(0), DataType.STRING)).asString());
        if (v.get(1).type() == DataType.NONE) {
            return of(id);
        }
        String address = ((StringValue) requireType(v.get(1), DataType.STRING)).asString();
        int port = ((PortValue) requireType(v.get(2), DataType.PORT)).number();
        long retry = ((CountValue) requireType(v.get(3), DataType.COUNT)).value();
        return of(id, new NetworkInfo(address, port, Duration.ofSeconds(retry)));
    }

    static Data requireType(Data d, DataType type) {
        if (d.type() != type) {
            throw new IllegalArgumentException("expected " + type.jsonName() + ", got " + d);
        }
        return d;
    }
}
