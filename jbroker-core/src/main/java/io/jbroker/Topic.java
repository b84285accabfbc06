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

    private Topic(String text) {
        this.text = text;
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
    }

    private Topic(byte[] bytes) {
        this.text = new String(bytes, StandardCharsets.UTF_8);
        this.bytes = bytes;
    }

    /** The topic with this (UTF-8) name. */
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
     * Broker's join rule: one {@code /} goes between this topic and {@code suffix} unless this
     * topic is empty or the suffix already starts with {@code /}; a trailing {@code /} of the result
     * is removed.
     */
    public Topic join(String suffix) {
        StringBuilder sb = new StringBuilder(text.length() + suffix.length() + 1).append(text);
        if (!text.isEmpty() && !suffix.startsWith("/")) {
            sb.append('/');
        }
        sb.append(suffix);
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) == '/') {
            sb.setLength(sb.length() - 1);
        }
        return new Topic(sb.toString());
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
        return text.contains(RESERVED_MARKER);
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
        return Arrays.hashCode(bytes);
    }

    /** The topic name (bytes decoded as UTF-8). */
    @Override
    public String toString() {
        return text;
    }
}
