package io.jbroker.internal.core;

import java.util.Arrays;

/**
 * The storage behind a {@link BoundedQueue}: a ring of items with their sizes that doubles when
 * full, with the count and the total size of what it holds. It knows no bounds or policy.
 *
 * <p>Not thread-safe: the owning queue's lock guards it.
 *
 * @param <T> the item type
 */
final class Ring<T> {
    /** Initial ring size; a power of two, as every size after doubling. */
    private static final int INITIAL_SLOTS = 256;

    private Object[] items = new Object[INITIAL_SLOTS];
    private int[] sizes = new int[INITIAL_SLOTS];
    private int head;
    private int count;
    private long bytes;

    int size() {
        return count;
    }

    /** The total size of the items held. */
    long bytes() {
        return bytes;
    }

    void addLast(T item, int size) {
        if (count == items.length) {
            grow();
        }
        int slot = slot(count);
        items[slot] = item;
        sizes[slot] = size;
        count++;
        bytes += size;
    }

    /** The oldest item; the ring must not be empty. */
    @SuppressWarnings("unchecked")
    T first() {
        return (T) items[head];
    }

    int firstSize() {
        return sizes[head];
    }

    /** The newest item; the ring must not be empty. */
    @SuppressWarnings("unchecked")
    T last() {
        return (T) items[slot(count - 1)];
    }

    /** Removes and returns the oldest item; the ring must not be empty. */
    T removeFirst() {
        T item = first();
        bytes -= sizes[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        count--;
        return item;
    }

    /** Removes and returns the newest item; the ring must not be empty. */
    T removeLast() {
        T item = last();
        int slot = slot(count - 1);
        bytes -= sizes[slot];
        items[slot] = null;
        count--;
        return item;
    }

    /** Moves the oldest item behind the newest; the ring must not be empty. */
    void moveFirstToLast() {
        Object first = items[head];
        int size = sizes[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        int tail = slot(count - 1);
        items[tail] = first;
        sizes[tail] = size;
    }

    void clear() {
        Arrays.fill(items, null);
        head = 0;
        count = 0;
        bytes = 0;
    }

    private int slot(int index) {
        return (head + index) & (items.length - 1);
    }

    private void grow() {
        int n = items.length * 2;
        Object[] ni = new Object[n];
        int[] ns = new int[n];
        for (int i = 0; i < count; i++) {
            int from = slot(i);
            ni[i] = items[from];
            ns[i] = sizes[from];
        }
        items = ni;
        sizes = ns;
        head = 0;
    }
}
