package io.jbroker.endpoint;

/** Traffic counters of one peering or link, or totals of many: an immutable value. */
record Traffic(long messagesIn, long bytesIn, long messagesOut, long bytesOut, long dropped) {
    static final Traffic ZERO = new Traffic(0, 0, 0, 0, 0);

    static Traffic of(PeerInfo p) {
        return new Traffic(p.messagesIn(), p.bytesIn(), p.messagesOut(), p.bytesOut(), p.dropped());
    }

    Traffic plus(Traffic t) {
        return new Traffic(
                messagesIn + t.messagesIn,
                bytesIn + t.bytesIn,
                messagesOut + t.messagesOut,
                bytesOut + t.bytesOut,
                dropped + t.dropped);
    }
}
