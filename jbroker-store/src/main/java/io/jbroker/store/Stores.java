package io.jbroker.store;

import io.jbroker.endpoint.Endpoint;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Attaches Broker data stores to an {@link Endpoint}: a master holds the authoritative content in a
 * {@link Backend}; clones (on other endpoints, peered directly with the master's) keep a full copy
 * and forward their writes. Wire-compatible with upstream Broker's stores (see docs/stores.md).
 */
public final class Stores {
    private Stores() {}

    /**
     * Attaches the master of store {@code name}.
     *
     * @throws io.jbroker.BrokerException {@code MASTER_EXISTS} if a direct peer already announces a
     *     master of this store or this endpoint already has one (close it first, or use it);
     *     {@code UNSPECIFIED} if a clone of this store is attached to this endpoint
     */
    public static Store attachMaster(Endpoint endpoint, String name, Backend backend) {
        return attachMaster(endpoint, name, backend, StoreOptions.defaults());
    }

    public static Store attachMaster(Endpoint endpoint, String name, Backend backend, StoreOptions options) {
        return Store.master(endpoint, name, backend, options, null);
    }

    /**
     * Attaches a master with a store-event listener registered before it receives anything (as
     * {@link Store#onEvent}, but no event can come before it).
     */
    public static Store attachMaster(
            Endpoint endpoint, String name, Backend backend, StoreOptions options, Consumer<StoreEvent> listener) {
        return Store.master(endpoint, name, backend, options, Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Attaches a clone of store {@code name}; it finds the master through its peers' filters.
     *
     * @throws io.jbroker.BrokerException {@code NO_SUCH_MASTER} if this endpoint holds the master of
     *     this store (as in Broker, a clone cannot run beside its master)
     */
    public static Store attachClone(Endpoint endpoint, String name) {
        return attachClone(endpoint, name, StoreOptions.defaults());
    }

    public static Store attachClone(Endpoint endpoint, String name, StoreOptions options) {
        return Store.clone(endpoint, name, options, null);
    }

    /**
     * Attaches a clone with a store-event listener registered before it receives anything, so that
     * the inserts of the master's first snapshot are not missed (with {@link Store#onEvent} after
     * attaching, they may arrive first).
     */
    public static Store attachClone(
            Endpoint endpoint, String name, StoreOptions options, Consumer<StoreEvent> listener) {
        return Store.clone(endpoint, name, options, Objects.requireNonNull(listener, "listener"));
    }
}
