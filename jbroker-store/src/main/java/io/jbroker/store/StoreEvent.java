package io.jbroker.store;

import io.jbroker.data.Data;
import io.jbroker.data.NoneValue;
import io.jbroker.data.StringValue;
import io.jbroker.data.TimespanValue;
import io.jbroker.data.VectorValue;
import java.util.OptionalLong;

/**
 * A change of a store's content as seen by its master or a clone (stores.md §3). {@link #toData}
 * gives Broker's layout, published on {@code <$>/local/data/store-events/<name>}.
 */
public sealed interface StoreEvent {
    String store();

    Data key();

    EntityId publisher();

    /** Broker's vector layout of this event. */
    Data toData();

    record Insert(String store, Data key, Data value, OptionalLong expiry, EntityId publisher) implements StoreEvent {
        @Override
        public Data toData() {
            return VectorValue.of(
                    StringValue.of("insert"),
                    StringValue.of(store),
                    key,
                    value,
                    expiryData(expiry),
                    publisher.endpointData(),
                    publisher.objectData());
        }
    }

    record Update(String store, Data key, Data oldValue, Data newValue, OptionalLong expiry, EntityId publisher)
            implements StoreEvent {
        @Override
        public Data toData() {
            return VectorValue.of(
                    StringValue.of("update"),
                    StringValue.of(store),
                    key,
                    oldValue,
                    newValue,
                    expiryData(expiry),
                    publisher.endpointData(),
                    publisher.objectData());
        }
    }

    record Erase(String store, Data key, EntityId publisher) implements StoreEvent {
        @Override
        public Data toData() {
            return VectorValue.of(
                    StringValue.of("erase"),
                    StringValue.of(store),
                    key,
                    publisher.endpointData(),
                    publisher.objectData());
        }
    }

    record Expire(String store, Data key, EntityId publisher) implements StoreEvent {
        @Override
        public Data toData() {
            return VectorValue.of(
                    StringValue.of("expire"),
                    StringValue.of(store),
                    key,
                    publisher.endpointData(),
                    publisher.objectData());
        }
    }

    private static Data expiryData(OptionalLong expiry) {
        return expiry.isPresent() ? TimespanValue.ofNanos(expiry.getAsLong()) : NoneValue.INSTANCE;
    }
}
