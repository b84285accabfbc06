package io.jbroker.websocket.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The gateway's counters, shared by its connections. */
public final class GatewayCounters {
    public final AtomicInteger clients = new AtomicInteger();
    public final AtomicInteger nextClientId = new AtomicInteger();
    public final LongAdder accepted = new LongAdder();
    public final LongAdder acknowledged = new LongAdder();
    public final LongAdder rejected = new LongAdder();
    public final LongAdder errorsSent = new LongAdder();
    public final LongAdder published = new LongAdder();
    public final LongAdder publishedNotLossless = new LongAdder();
    public final LongAdder delivered = new LongAdder();
    public final LongAdder echoesSuppressed = new LongAdder();
    public final LongAdder readPauses = new LongAdder();
    public final LongAdder disconnects = new LongAdder();
}
