package io.jbroker.internal.core;

import io.jbroker.EndpointId;
import io.jbroker.internal.wire.Envelope;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Suppresses the extra copies of a data message that reach a node over several paths of a
 * forwarding mesh with cycles (Broker has no message IDs, so a triangle delivers each publication
 * again and again until the TTL runs out).
 *
 * <p>The rule counts, per message content (topic and payload) and per direct peer, the copies
 * received within a time window, and admits a copy only if its peer has now delivered more copies
 * than any other peer: a node passes on as many copies as the busiest single path brought. A
 * message repeated legitimately along one path is therefore never dropped; what collapses is
 * identical content (same topic, same payload) arriving from different peers within the window,
 * which is why this is opt-in ({@code EndpointConfig.duplicateWindow}). Expired or evicted state
 * can only let a duplicate through, never drop a message.
 *
 * <p>Thread-safe: guarded by this object's monitor (I/O threads of all peers call {@link #admit}).
 */
final class DuplicateFilter {
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long windowNanos;
    private final int capacity;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();

    DuplicateFilter(long windowNanos, int capacity) {
        this.windowNanos = windowNanos;
        this.capacity = capacity;
    }

    /** Whether this copy from {@code from} is new (deliver and relay) rather than a duplicate. */
    boolean admit(Envelope e, EndpointId from, long nowNanos) {
        Key key = key(e);
        synchronized (this) {
            expire(nowNanos);
            Entry entry = entries.get(key);
            if (entry == null) {
                entry = new Entry(nowNanos);
                entries.put(key, entry);
            }
            return entry.count(from);
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private void expire(long now) {
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Entry> eldest = it.next();
            if (entries.size() > capacity || now - eldest.getValue().firstSeen > windowNanos) {
                it.remove();
            } else {
                break;
            }
        }
    }

    /** Two independent 64-bit hashes over topic and payload, plus the length. */
    private static Key key(Envelope e) {
        byte[] f = e.frame();
        int from = e.payloadOffset() - e.topic().length();
        int len = f.length - from;
        long h1 = 0x243F6A8885A308D3L ^ len;
        long h2 = 0x13198A2E03707344L ^ ((long) len << 32);
        int i = from;
        for (; i + 8 <= f.length; i += 8) {
            long v = (long) LONG_LE.get(f, i);
            h1 = mix(h1 ^ v, 0x9E3779B97F4A7C15L);
            h2 = mix(h2 + v, 0xC2B2AE3D27D4EB4FL);
        }
        long tail = 0;
        for (int shift = 0; i < f.length; i++, shift += 8) {
            tail |= (f[i] & 0xFFL) << shift;
        }
        h1 = mix(h1 ^ tail, 0x9E3779B97F4A7C15L);
        h2 = mix(h2 + tail, 0xC2B2AE3D27D4EB4FL);
        return new Key(h1, h2, len);
    }

    private static long mix(long h, long m) {
        h *= m;
        return h ^ (h >>> 31);
    }

    private record Key(long h1, long h2, int length) {}

    /** Copies per direct peer of one message content. */
    private static final class Entry {
        final long firstSeen;
        EndpointId[] peers = new EndpointId[2];
        int[] counts = new int[2];
        int size;

        Entry(long firstSeen) {
            this.firstSeen = firstSeen;
        }

        /** Counts a copy from {@code from}; true if that peer now leads every other peer. */
        boolean count(EndpointId from) {
            int idx = -1;
            int maxOther = 0;
            for (int i = 0; i < size; i++) {
                if (peers[i].equals(from)) {
                    idx = i;
                } else {
                    maxOther = Math.max(maxOther, counts[i]);
                }
            }
            if (idx < 0) {
                if (size == peers.length) {
                    peers = Arrays.copyOf(peers, size * 2);
                    counts = Arrays.copyOf(counts, size * 2);
                }
                idx = size++;
                peers[idx] = from;
            }
            return ++counts[idx] > maxOther;
        }
    }
}
