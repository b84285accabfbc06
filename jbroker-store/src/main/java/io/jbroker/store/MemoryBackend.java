package io.jbroker.store;

import io.jbroker.data.Data;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * A backend in a hash map (Broker's memory backend). Keys with an expiry are also indexed by their
 * expiry time, so that {@link #expiredBefore} (called on every tick of a master) costs in proportion
 * to the keys due, not to the store's size. Not thread-safe: one master thread uses it.
 */
public final class MemoryBackend implements Backend {
    private final Map<Data, Entry> entries = new LinkedHashMap<>();
    /** Expiry time (ns) to the keys expiring then; only keys with an expiry. */
    private final TreeMap<Long, Set<Data>> byExpiry = new TreeMap<>();

    @Override
    public Optional<Entry> get(Data key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public void put(Data key, Data value, OptionalLong expiresAt) {
        Entry old = entries.put(key, new Entry(value, expiresAt));
        if (old != null) {
            unindex(key, old);
        }
        if (expiresAt.isPresent()) {
            byExpiry.computeIfAbsent(expiresAt.getAsLong(), t -> new LinkedHashSet<>())
                    .add(key);
        }
    }

    @Override
    public boolean erase(Data key) {
        Entry old = entries.remove(key);
        if (old == null) {
            return false;
        }
        unindex(key, old);
        return true;
    }

    private void unindex(Data key, Entry old) {
        if (old.expiresAt().isEmpty()) {
            return;
        }
        long t = old.expiresAt().getAsLong();
        Set<Data> due = byExpiry.get(t);
        if (due != null && due.remove(key) && due.isEmpty()) {
            byExpiry.remove(t);
        }
    }

    @Override
    public void clear() {
        entries.clear();
        byExpiry.clear();
    }

    @Override
    public List<Data> keys() {
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public Map<Data, Data> snapshot() {
        Map<Data, Data> m = new LinkedHashMap<>();
        entries.forEach((k, e) -> m.put(k, e.value()));
        return m;
    }

    @Override
    public List<Data> expiredBefore(long nowNanos) {
        List<Data> out = new ArrayList<>();
        for (Set<Data> due : byExpiry.headMap(nowNanos, false).values()) {
            out.addAll(due);
        }
        return out;
    }

    @Override
    public int size() {
        return entries.size();
    }
}
