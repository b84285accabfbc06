package io.jbroker.data;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Broker's {@code table}: a map from distinct keys to values, kept in Broker's total order of the
 * keys. Build one with {@link #builder()} or {@link #of(Map)}.
 */
public final class TableValue implements Data {
    private static final Data[] NO_DATA = new Data[0];

    /** The empty table. */
    public static final TableValue EMPTY = new TableValue(NO_DATA, NO_DATA);

    private final Data[] keys;
    private final Data[] values;
    private int hash;

    private TableValue(Data[] keys, Data[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** A table with the entries of {@code map}; keys equivalent under Broker's order collapse. */
    public static TableValue of(Map<? extends Data, ? extends Data> map) {
        Builder b = builder();
        map.forEach(b::put);
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Takes ownership of key/value arrays whose keys are strictly ascending (decoder use). */
    static TableValue wrapSorted(Data[] keys, Data[] values) {
        return keys.length == 0 ? EMPTY : new TableValue(keys, values);
    }

    public int size() {
        return keys.length;
    }

    public boolean isEmpty() {
        return keys.length == 0;
    }

    /** The value for {@code key}, or {@code null} if absent. */
    public Data get(Data key) {
        int i = Arrays.binarySearch(keys, key);
        return i >= 0 ? values[i] : null;
    }

    public boolean containsKey(Data key) {
        return Arrays.binarySearch(keys, key) >= 0;
    }

    /** Keys in ascending order. */
    public List<Data> keys() {
        return new VectorValue.ListView(keys);
    }

    /** Values in the order of their keys. */
    public List<Data> values() {
        return new VectorValue.ListView(values);
    }

    /** An unmodifiable {@link Map} view, iterating in ascending key order. */
    public Map<Data, Data> asMap() {
        return new AbstractMap<>() {
            @Override
            public Set<Entry<Data, Data>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<Data, Data>> iterator() {
                        return new Iterator<>() {
                            private int i;

                            @Override
                            public boolean hasNext() {
                                return i < keys.length;
                            }

                            @Override
                            public Entry<Data, Data> next() {
                                if (i >= keys.length) {
                                    throw new NoSuchElementException();
                                }
                                int k = i++;
                                return new SimpleImmutableEntry<>(keys[k], values[k]);
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return keys.length;
                    }
                };
            }

            @Override
            public Data get(Object key) {
                return key instanceof Data ? TableValue.this.get((Data) key) : null;
            }

            @Override
            public boolean containsKey(Object key) {
                return key instanceof Data && TableValue.this.containsKey((Data) key);
            }
        };
    }

    Data[] keyArray() {
        return keys;
    }

    Data[] valueArray() {
        return values;
    }

    @Override
    public DataType type() {
        return DataType.TABLE;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TableValue)) {
            return false;
        }
        TableValue t = (TableValue) o;
        return VectorValue.sameItems(keys, t.keys) && VectorValue.sameItems(values, t.values);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            int hk = 1;
            int hv = 1;
            for (int i = 0; i < keys.length; i++) {
                hk = 31 * hk + keys[i].hashCode();
                hv = 31 * hv + values[i].hashCode();
            }
            h = hk * 31 + hv + 3;
            hash = h;
        }
        return h;
    }

    /** Broker's text form: {@code {k1 -> v1, k2 -> v2}}. */
    @Override
    public String toString() {
        return TextFormat.toText(this);
    }

    /**
     * Collects entries for a {@link TableValue}. A later {@code put} for an equivalent key replaces
     * the value and keeps the first key. Not thread-safe.
     */
    public static final class Builder {
        private final TreeMap<Data, Data> entries = new TreeMap<>();

        private Builder() {}

        public Builder put(Data key, Data value) {
            entries.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public TableValue build() {
            if (entries.isEmpty()) {
                return EMPTY;
            }
            return new TableValue(
                    entries.keySet().toArray(NO_DATA), entries.values().toArray(NO_DATA));
        }
    }
}
