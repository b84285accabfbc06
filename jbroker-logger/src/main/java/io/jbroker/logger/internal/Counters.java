package io.jbroker.logger.internal;

import java.util.concurrent.atomic.AtomicLong;

/** The counters shared by a writer's threads. */
public final class Counters {
    public final AtomicLong accepted = new AtomicLong();
    public final AtomicLong written = new AtomicLong();
    public final AtomicLong dropped = new AtomicLong();
    public final AtomicLong batchesRejected = new AtomicLong();
    public final AtomicLong recordsRejected = new AtomicLong();
    public final AtomicLong opened = new AtomicLong();
    public final AtomicLong rotations = new AtomicLong();
}
