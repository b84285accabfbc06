package io.jbroker.endpoint;

import io.jbroker.data.Data;
import io.jbroker.data.DataType;
import io.jbroker.data.EnumValue;
import io.jbroker.data.NoneValue;
import io.jbroker.data.StringValue;
import io.jbroker.data.VectorValue;
import java.util.Objects;

/**
 * A status event an endpoint publishes to itself on {@code <$>/local/data/statuses}: a peering
 * was added, removed or lost, or an endpoint became reachable or unreachable.
 *
 * <p>As Broker data: {@code ["status", enum <sc name>, endpoint_info, string message]} (for {@code
 * unspecified}, the last two are none).
 */
public record Status(StatusCode code, EndpointInfo context, String message) implements EndpointEvent {
    public Status {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public Data toData() {
        if (code == StatusCode.UNSPECIFIED) {
            return VectorValue.of(
                    StringValue.of("status"), EnumValue.of(code.brokerName()), NoneValue.INSTANCE, NoneValue.INSTANCE);
        }
        return VectorValue.of(
                StringValue.of("status"), EnumValue.of(code.brokerName()), context.toData(), StringValue.of(message));
    }

    /**
     * Reads the Broker data layout.
     *
     * @throws IllegalArgumentException if {@code d} is not a status event
     */
    public static Status fromData(Data d) {
        if (!(d instanceof VectorValue) || ((VectorValue) d).size() != 4) {
            throw new IllegalArgumentException("status must be a vector of 4: " + d);
        }
        VectorValue v = (VectorValue) d;
        if (!StringValue.of("status").equals(v.get(0))) {
            throw new IllegalArgumentException("not a status: " + d);
        }
        String name = ((EnumValue) EndpointInfo.requireType(v.get(1), DataType.ENUM_VALUE)).name();
        StatusCode code = StatusCode.fromBrokerName(name);
        if (code == null) {
            throw new IllegalArgumentException("unknown status code: " + name);
        }
        if (code == StatusCode.UNSPECIFIED) {
            return new Status(code, EndpointInfo.of(io.jbroker.EndpointId.NIL), "");
        }
        return new Status(
                code,
                EndpointInfo.fromData(v.get(2)),
                ((StringValue) EndpointInfo.requireType(v.get(3), DataType.STRING)).asString());
    }

    @Override
    public String toString() {
        return code.brokerName() + " " + context.node()
                + context.network().map(n -> " (" + n + ")").orElse("") + ": " + message;
    }
}
