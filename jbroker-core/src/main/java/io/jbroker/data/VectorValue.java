package io.jbroker.data;

import java.util.AbstractList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;

/** Broker's {@code vector} (a.k.a. list): an immutable sequence of values. */
public final class VectorValue implements Data, Iterable<Data> {
    private static final Data[] NO_DATA = new Data[0];

    /** The empty vector. */
    public static final VectorValue EMPTY = new VectorValue(NO_DATA);

    private final Data[] items;
    private int hash;

    private VectorValue(Data[] items) {
        this.items = items;
    }

    public static VectorValue of(Data... items) {
        return items.length == 0 ? EMPTY : new VectorValue(checked(items.clone()));
    }

    public static VectorValue of(Collection<? extends Data> items) {
        return items.isEmpty() ? EMPTY : new VectorValue(checked(items.toArray(NO_DATA)));
    }

    /** Takes ownership of an array the caller never touches again (decoder and builder use). */
    static VectorValue wrap(Data[] items) {
        return items.length == 0 ? EMPTY : new VectorValue(items);
    }

    private static Data[] checked(Data[] items) {
        for (Data d : items) {
            if (d == null) {
                throw new NullPointerException("vector element is null; use Data.none()");
            }
        }
        return items;
    }

    public int size() {
        return items.length;
    }

    public boolean isEmpty() {
        return items.length == 0;
    }

    public Data get(int index) {
        return items[index];
    }

    /** An unmodifiable list view of the elements. */
    public List<Data> asList() {
        return new ListView(items);
    }

    @Override
    public Iterator<Data> iterator() {
        return asList().iterator();
    }

    Data[] items() {
        return items;
    }

    @Override
    public DataType type() {
        return DataType.VECTOR;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof VectorValue && sameItems(items, ((VectorValue) o).items));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            // the loop is inline (not Arrays.hashCode) so deep nesting costs one stack frame per level
            h = 1;
            for (Data d : items) {
                h = 31 * h + d.hashCode();
            }
            h += 1;
            hash = h;
        }
        return h;
    }

    /** Element-wise equality, kept to one stack frame per nesting level by the callers' inlining. */
    static boolean sameItems(Data[] a, Data[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!a[i].equals(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** Broker's text form: {@code (a, b, c)}. */
    @Override
    public String toString() {
        return TextFormat.toText(this);
    }

    /** Read-only list over a shared array. */
    static final class ListView extends AbstractList<Data> implements RandomAccess {
        private final Data[] items;

        ListView(Data[] items) {
            this.items = items;
        }

        @Override
        public Data get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }
}
