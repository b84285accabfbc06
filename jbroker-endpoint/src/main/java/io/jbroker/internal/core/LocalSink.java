package io.jbroker.internal.core;

import io.jbroker.DataMessage;
import io.jbroker.internal.wire.Filter;

/** A local consumer of data messages (a subscriber's queue). Thread-safe; never blocks. */
public interface LocalSink {
    /** The topics this sink receives. */
    Filter filter();

    /** Offers a message; returns false if the sink's policy dropped it. */
    boolean offer(DataMessage message);

    /** Offers a message, waiting until {@code deadlineNanos} for room instead of dropping. */
    default boolean offer(DataMessage message, long deadlineNanos) throws InterruptedException {
        return offer(message);
    }
}
