package io.jbroker.internal.core;

import io.jbroker.DataMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The messages one read of a peer brings for each local sink, collected while the frames of the
 * read are routed and handed over per sink at the end of the read: one lock per sink and read
 * instead of one per message. Order per sink is the order of arrival.
 *
 * <p>Confined to the connection's event loop.
 */
public final class InboundBatch {
    private LocalSink[] sinks = new LocalSink[2];
    private Pending[] pending = new Pending[2];
    private int used;
    private int messages;
    /** Payloads decoded for this batch (counted by the router). */
    int decoded;

    /** Adds {@code message} of encoded {@code size} for {@code sink}. */
    public void add(LocalSink sink, DataMessage message, int size) {
        messages++;
        for (int i = 0; i < used; i++) {
            if (sinks[i] == sink) {
                pending[i].add(message, size);
                return;
            }
        }
        if (used == sinks.length) {
            sinks = Arrays.copyOf(sinks, used * 2);
            pending = Arrays.copyOf(pending, used * 2);
        }
        sinks[used] = sink;
        if (pending[used] == null) {
            pending[used] = new Pending();
        }
        pending[used].add(message, size);
        used++;
    }

    public boolean isEmpty() {
        return used == 0;
    }

    /** Messages collected since the last flush. */
    public int size() {
        return messages;
    }

    /**
     * Hands everything collected to its sink; {@code source} may be paused by a full sink. Every
     * sink gets its messages and the batch is empty afterwards even if a sink throws (nothing is
     * handed over twice); the first exception is rethrown at the end.
     */
    void flush(BoundedQueue.Source source) {
        RuntimeException failure = null;
        try {
            for (int i = 0; i < used; i++) {
                Pending p = pending[i];
                try {
                    sinks[i].offerAll(p.messages, p.sizes, p.messages.size(), source);
                } catch (RuntimeException e) {
                    failure = Router.failure(failure, e);
                } finally {
                    p.clear();
                    sinks[i] = null;
                }
            }
        } finally {
            used = 0;
            messages = 0;
            decoded = 0;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The messages of one sink. */
    private static final class Pending {
        List<DataMessage> messages = new ArrayList<>();
        int[] sizes = new int[16];

        void add(DataMessage m, int size) {
            int n = messages.size();
            if (n == sizes.length) {
                sizes = Arrays.copyOf(sizes, n * 2);
            }
            sizes[n] = size;
            messages.add(m);
        }

        void clear() {
            if (sizes.length > 4096) {
                // Do not keep the memory of one huge read.
                messages = new ArrayList<>();
                sizes = new int[16];
            } else {
                messages.clear();
            }
        }
    }
}
