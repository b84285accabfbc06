package io.jbroker.data;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Broker's {@code set}: distinct values kept in Broker's total order ({@link Data#compareTo}).
 * Building a set from values that are equivalent under that order keeps the first one, as Broker
 * does (so {@code 0.0} then {@code -0.0} keeps {@code 0.0}).
 */
public final class SetValue implements Data, Iterable<Data> {
    private static final Data[] NO_DATA = new Data[0];

    /** The empty set. */
    public static final SetValue EMPTY = new SetValue(NO_DATA);

    private final Data[] elements;
    private int hash;

    private SetValue(Data[] elements) {
        this.elements = elements;
    }

    public static SetValue of(Data... elements) {
        return of(Arrays.asList(elements));
    }

    public static SetValue of(Collection<? extends Data> elements) {
        TreeSet<Data> sorted = new TreeSet<>();
        for (Data d : elements) {
            if (d == null) {
                throw new NullPointerException("set element is null; use Data.none()");
            }
            sorted.add(d);
        }
        return sorted.isEmpty() ? EMPTY : new SetValue(sorted.toArray(NO_DATA));
    }

    /** Takes ownership of an array that is already strictly ascending (decoder use). */
    static SetValue wrapSorted(Data[] sortedDistinct) {
        return sortedDistinct.length == 0 ? EMPTY : new SetValue(sortedDistinct);
    }

    public int size() {
        return elements.length;
    }

    public boolean isEmpty() {
        return elements.length == 0;
    }

    /** Whether an element equivalent to {@code value} under Broker's order is present. */
    public boolean contains(Data value) {
        return Arrays.binarySearch(elements, value) >= 0;
    }

    /** The elements in ascending order, as an unmodifiable list. */
    public List<Data> elements() {
        return new VectorValue.ListView(elements);
    }

    /** An unmodifiable {@link Set} view, iterating in ascending order. */
    public Set<Data> asSet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Data> iterator() {
                return elements().iterator();
            }

            @Override
            public int size() {
                return elements.length;
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof Data && SetValue.this.contains((Data) o);
            }
        };
    }

    @Override
    public Iterator<Data> iterator() {
        return elements().iterator();
    }

    Data[] items() {
        return elements;
    }

    @Override
    public DataType type() {
        return DataType.SET;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof SetValue && VectorValue.sameItems(elements, ((SetValue) o).elements));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 1;
            for (Data d : elements) {
                h = 31 * h + d.hashCode();
            }
            h += 2;
            hash = h;
        }
        return h;
    }

    /** Broker's text form: {@code {a, b, c}}. */
    @Override
    public String toString() {
        return TextFormat.toText(this);
    }
}
