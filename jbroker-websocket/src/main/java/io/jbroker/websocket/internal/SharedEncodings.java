package io.jbroker.websocket.internal;

import io.jbroker.DataMessage;
import io.jbroker.data.JsonFormat;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Encodes a message once for all the gateway's clients: the endpoint hands the same {@link
 * DataMessage} instance to every subscriber it matches, so each client's taker finds the frame its
 * neighbours already encoded (looked up by identity in a small table). Frames larger than {@link
 * #MAX_SHARED_BYTES} are not kept, so the table holds at most {@code SLOTS * MAX_SHARED_BYTES}.
 * Thread-safe: a lost race only encodes a message twice.
 */
public final class SharedEncodings {
    private static final int SLOTS = 64;
    static final int MAX_SHARED_BYTES = 64 * 1024;

    private record Entry(DataMessage message, byte[] frame) {}

    private final AtomicReferenceArray<Entry> table = new AtomicReferenceArray<>(SLOTS);

    /** Broker's JSON v1 data-message bytes of {@code m} (never modify the array). */
    public byte[] encode(DataMessage m) {
        int slot = System.identityHashCode(m) & (SLOTS - 1);
        Entry e = table.get(slot);
        if (e != null && e.message == m) {
            return e.frame;
        }
        byte[] frame = JsonFormat.encodeMessage(m);
        if (frame.length <= MAX_SHARED_BYTES) {
            table.set(slot, new Entry(m, frame));
        }
        return frame;
    }
}
