package io.jbroker.store;

import io.jbroker.EndpointId;
import io.jbroker.data.CountValue;
import io.jbroker.data.Data;
import io.jbroker.data.NoneValue;
import io.jbroker.data.StringValue;
import java.util.Objects;

/**
 * Broker's {@code entity_id}: an endpoint and an object number on it; identifies masters, clones
 * and the frontends that publish store changes. The nil entity is (nil ID, 0).
 */
public record EntityId(EndpointId endpoint, long object) {
    public static final EntityId NIL = new EntityId(EndpointId.NIL, 0);

    public EntityId {
        Objects.requireNonNull(endpoint, "endpoint");
    }

    public boolean isNil() {
        return endpoint.isNil() && object == 0;
    }

    /** The endpoint as a lowercase UUID string, or none when nil (store-event layout). */
    public Data endpointData() {
        return isNil() ? NoneValue.INSTANCE : StringValue.of(endpoint.toString());
    }

    /** The object as a count, or none when nil (store-event layout). */
    public Data objectData() {
        return isNil() ? NoneValue.INSTANCE : CountValue.of(object);
    }

    @Override
    public String toString() {
        return isNil() ? "nil" : object + "@" + endpoint;
    }
}
