package io.jbroker.internal.core;

import io.jbroker.DataMessage;
import io.jbroker.internal.wire.Filter;
import java.util.List;

/**
 * A local consumer of data messages (a subscriber's queue). Thread-safe. {@code size} is the
 * encoded size of the value, for the byte bound and the byte counters.
 */
public interface LocalSink {
    /** The topics this sink receives. */
    Filter filter();

    /** Offers a message without waiting; false if the sink's policy dropped it or it is closed. */
    boolean offer(DataMessage message, int size);

    /**
     * Offers a message, waiting until {@code deadlineNanos} for room while the sink makes progress
     * (see {@link BoundedQueue#offer(Object, int, long)}).
     */
    boolean offer(DataMessage message, int size, long deadlineNanos) throws InterruptedException;

    /**
     * Offers the first {@code n} messages of one read from a peer; if the sink is full it may
     * pause {@code source} until it has room again (see {@link BoundedQueue#offerAll}).
     */
    void offerAll(List<DataMessage> messages, int[] sizes, int n, BoundedQueue.Source source);
}
