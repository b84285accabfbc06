package io.jbroker.endpoint;

import io.jbroker.ErrorCode;
import io.jbroker.data.Data;
import io.jbroker.data.DataType;
import io.jbroker.data.EnumValue;
import io.jbroker.data.NoneValue;
import io.jbroker.data.StringValue;
import io.jbroker.data.VectorValue;
import java.util.Objects;
import java.util.Optional;

/**
 * An error event an endpoint publishes to itself on {@code <$>/local/data/errors}, for example
 * {@code peer_unavailable} when an outbound peering attempt fails.
 *
 * <p>As Broker data: {@code ["error", enum <ec name>, context]} where context is none, {@code
 * [message]} or {@code [endpoint_info, message]}; jbroker always emits the last form when it knows
 * a node, like Broker's core.
 */
public record ErrorEvent(ErrorCode code, Optional<EndpointInfo> context, String message) implements EndpointEvent {
    public ErrorEvent {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(message, "message");
    }

    public static ErrorEvent of(ErrorCode code, EndpointInfo context, String message) {
        return new ErrorEvent(code, Optional.of(context), message);
    }

    @Override
    public Data toData() {
        Data ctx;
        if (code == ErrorCode.NONE) {
            ctx = NoneValue.INSTANCE;
        } else if (context.isPresent()) {
            ctx = VectorValue.of(context.get().toData(), StringValue.of(message));
        } else {
            ctx = VectorValue.of(StringValue.of(message));
        }
        return VectorValue.of(StringValue.of("error"), EnumValue.of(code.brokerName()), ctx);
    }

    /**
     * Reads the Broker data layout.
     *
     * @throws IllegalArgumentException if {@code d} is not an error event
     */
    public static ErrorEvent fromData(Data d) {
        if (!(d instanceof VectorValue) || ((VectorValue) d).size() != 3) {
            throw new IllegalArgumentException("error must be a vector of 3: " + d);
        }
        VectorValue v = (VectorValue) d;
        if (!StringValue.of("error").equals(v.get(0))) {
            throw new IllegalArgumentException("not an error: " + d);
        }
        String name = ((EnumValue) EndpointInfo.requireType(v.get(1), DataType.ENUM_VALUE)).name();
        ErrorCode code = null;
        for (ErrorCode c : ErrorCode.values()) {
            if (c.brokerName().equals(name)) {
                code = c;
            }
        }
        if (code == null) {
            throw new IllegalArgumentException("unknown error code: " + name);
        }
        Data ctx = v.get(2);
        if (ctx.type() == DataType.NONE) {
            return new ErrorEvent(code, Optional.empty(), "");
        }
        VectorValue c = (VectorValue) EndpointInfo.requireType(ctx, DataType.VECTOR);
        if (c.size() == 1) {
            return new ErrorEvent(
                    code,
                    Optional.empty(),
                    ((StringValue) EndpointInfo.requireType(c.get(0), DataType.STRING)).asString());
        }
        if (c.size() == 2) {
            return of(
                    code,
                    EndpointInfo.fromData(c.get(0)),
                    ((StringValue) EndpointInfo.requireType(c.get(1), DataType.STRING)).asString());
        }
        throw new IllegalArgumentException("error context must have 1 or 2 elements: " + d);
    }

    @Override
    public String toString() {
        return "error " + code.brokerName() + context.map(c -> " " + c.node()).orElse("") + ": " + message;
    }
}
