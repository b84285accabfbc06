package io.jbroker.store;

import io.jbroker.data.Data;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A backend in a hash map (Broker's memory backend). Not thread-safe: one master thread uses it. */
public final class MemoryBackend implements Backend {
    private final Map<Data, Entry> entries = new LinkedHashMap<>();

    @Override
    public Optional<Entry> get(Data key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public void put(Data key, Data value, OptionalLong expiresAt) {
        entries.put(key, new Entry(value, expiresAt));
    }

    @Override
    public boolean erase(Data key) {
        return entries.remove(key) != null;
    }

    @Override
    public void clear() {
        entries.clear();
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
        entries.forEach((k, e) -> {
            if (e.expiresAt().isPresent() && e.expiresAt().getAsLong() < nowNanos) {
                out.add(k);
            }
        });
        return out;
    }

    @Override
    public int size() {
        return entries.size();
    }
}
