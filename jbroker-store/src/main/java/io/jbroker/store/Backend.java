package io.jbroker.store;

import io.jbroker.data.Data;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a master keeps its store's content (stores.md §8): a map from key to value with an optional
 * absolute expiry time (nanoseconds since the epoch on the master's clock). The store's operations
 * (add, subtract, put_unique, expiry) are built on these few primitives, so every backend has the
 * same semantics; {@code BackendConformance} (test-jar) checks a backend against them.
 *
 * <p>Threading: a master calls its backend from one thread at a time. Errors: a failing backend
 * throws {@link io.jbroker.BrokerException} with {@code BACKEND_FAILURE}.
 */
public interface Backend extends AutoCloseable {
    /** A stored value and its expiry time, if any. */
    record Entry(Data value, OptionalLong expiresAt) {}

    Optional<Entry> get(Data key);

    /** Stores {@code value}, replacing any value and expiry the key had. */
    void put(Data key, Data value, OptionalLong expiresAt);

    /** Removes the key; whether it existed. */
    boolean erase(Data key);

    void clear();

    default boolean exists(Data key) {
        return get(key).isPresent();
    }

    /** All keys, in the backend's order. */
    List<Data> keys();

    /** All entries (key to value), in the backend's order. */
    Map<Data, Data> snapshot();

    /** The keys whose expiry time is before {@code nowNanos}. */
    List<Data> expiredBefore(long nowNanos);

    int size();

    /**
     * Makes every change so far durable. A master calls it after each batch of writes and before it
     * acknowledges them (completes local writes, sends ACKs to clones' writer channels). No-op for
     * volatile backends.
     */
    default void commit() {}

    @Override
    default void close() {}
}
