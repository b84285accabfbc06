package io.jbroker;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Broker topic: a byte string that messages are published on and subscriptions match by plain
 * byte prefix ({@code /foo} matches {@code /foobar}; the empty prefix matches everything).
 *
 * <p>Topics beginning with {@code <$>} are reserved for Broker's own use: {@code <$>} itself for
 * control envelopes, {@code <$>/local/...} for events that never leave the endpoint, and {@code
 * <name>/<$>/data/master|clone} for data stores. Immutable.
 */
public final class Topic implements Comparable<Topic> {
    /** The reserved marker {@value}. */
    public static final String RESERVED_MARKER = "<$>";

    /** Topic of ping, pong and routing-update envelopes. */
    public static final Topic RESERVED = new Topic(RESERVED_MARKER);

    /** Prefix of topics that are never announced to peers. */
    public static final Topic LOCAL_PREFIX = new Topic("<$>/local/");

    /** Where an endpoint publishes its status events to itself. */
    public static final Topic STATUSES = new Topic("<$>/local/data/statuses");

    /** Where an endpoint publishes its error events to itself. */
    public static final Topic ERRORS = new Topic("<$>/local/data/errors");

    private final String text;
    private final byte[] bytes;
    /** Whether {@code <$>} occurs in the bytes: checked for every routed message, so found once. */
    private final boolean reserved;
    /**
     * {@link Arrays#hashCode(byte[])} of the bytes, made on first use (0: not yet), as {@link
     * String} caches its hash: a racy write of a value every thread computes the same.
     */
    private int hash;

    private Topic(String text) {
        this(text.getBytes(StandardCharsets.UTF_8));
    }

    private Topic(byte[] bytes) {
        this.text = new String(bytes, StandardCharsets.UTF_8);
        this.bytes = bytes;
        this.reserved = containsReservedMarker(bytes);
    }

    private static boolean containsReservedMarker(byte[] b) {
        for (int i = 0; i + 2 < b.length; i++) {
            if (b[i] == '<' && b[i + 1] == '$' && b[i + 2] == '>') {
                return true;
            }
        }
        return false;
    }

    /** The topic with this name, encoded as UTF-8 (unpaired surrogates become {@code ?}). */
    public static Topic of(String name) {
        return new Topic(Objects.requireNonNull(name, "name"));
    }

    /** The topic with these raw bytes (as received on the wire). */
    public static Topic ofBytes(byte[] raw) {
        return new Topic(raw.clone());
    }

    /** The topic with {@code length} raw bytes at {@code offset}. */
    public static Topic ofBytes(byte[] raw, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, raw.length);
        return new Topic(Arrays.copyOfRange(raw, offset, offset + length));
    }

    /**
     * Whether this topic's bytes equal the {@code length} bytes at {@code offset} of {@code raw}
     * (lets a receiver reuse a topic it saw before instead of allocating a new one).
     */
    public boolean contentEquals(byte[] raw, int offset, int length) {
        return bytes.length == length && Arrays.equals(bytes, 0, length, raw, offset, offset + length);
    }

    /** Topic of commands to the master of store {@code name}. */
    public static Topic storeMaster(String name) {
        return of(name).join("<$>/data/master");
    }

    /** Topic of commands to the clones of store {@code name}. */
    public static Topic storeClone(String name) {
        return of(name).join("<$>/data/clone");
    }

    /** Topic of local change events of store {@code name}. */
    public static Topic storeEvents(String name) {
        return of("<$>/local/data/store-events").join(name);
    }

    /**
     * Broker's join rule: one {@code /} goes between this topic and {@code suffix} unless either is
     * empty or the suffix already starts with {@code /}; one trailing {@code /} of the result is
     * removed (so joining an empty suffix only drops a trailing {@code /}). Works on the raw bytes, so topics that are not valid UTF-8 are joined exactly.
     */
    public Topic join(Topic suffix) {
        byte[] s = suffix.bytes;
        boolean separator = bytes.length > 0 && s.length > 0 && s[0] != '/';
        byte[] joined = new byte[bytes.length + (separator ? 1 : 0) + s.length];
        System.arraycopy(bytes, 0, joined, 0, bytes.length);
        if (separator) {
            joined[bytes.length] = '/';
        }
        System.arraycopy(s, 0, joined, joined.length - s.length, s.length);
        int length = joined.length;
        if (length > 0 && joined[length - 1] == '/') {
            length--;
        }
        return new Topic(length == joined.length ? joined : Arrays.copyOf(joined, length));
    }

    /** {@link #join(Topic)} with the topic named {@code suffix}. */
    public Topic join(String suffix) {
        return join(of(suffix));
    }

    /** Whether {@code prefix}'s bytes are a prefix of this topic's bytes. */
    public boolean startsWith(Topic prefix) {
        return prefix.bytes.length <= bytes.length
                && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    /** Whether this topic is internal to an endpoint ({@code <$>/local/...}) and never announced. */
    public boolean isLocal() {
        return startsWith(LOCAL_PREFIX);
    }

    /** Whether the reserved marker {@code <$>} occurs anywhere in this topic. */
    public boolean isReserved() {
        return reserved;
    }

    /** The number of bytes. */
    public int length() {
        return bytes.length;
    }

    /** A copy of the raw bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Copies the raw bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, bytes.length);
    }

    /** Unsigned byte-wise order, the order Broker sorts filters in. */
    @Override
    public int compareTo(Topic o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Topic && Arrays.equals(bytes, ((Topic) o).bytes));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    /** The topic name (bytes decoded as UTF-8). */
    @Override
    public String toString() {
        return text;
    }
}
