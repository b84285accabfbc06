package io.jbroker.zeromq.internal;

import io.jbroker.zeromq.ZeroMqProxyMetrics;

/** Counters of the proxy loop: written by the loop thread only, read by any thread. */
public final class ProxyCounters {
    volatile long messagesRelayed;
    volatile long framesRelayed;
    volatile long bytesRelayed;
    volatile long subscriptionsForwarded;
    volatile long unsubscriptionsForwarded;
    volatile long subscriptionsRejected;
    volatile long invalidSubscriberMessages;
    volatile long stalls;
    volatile long messagesRelayedLossy;
    volatile long topics;
    volatile long curveAccepted;
    volatile long curveDenied;
    volatile boolean running;

    /** A snapshot. */
    public ZeroMqProxyMetrics snapshot() {
        return new ZeroMqProxyMetrics(
                messagesRelayed,
                framesRelayed,
                bytesRelayed,
                subscriptionsForwarded,
                unsubscriptionsForwarded,
                subscriptionsRejected,
                invalidSubscriberMessages,
                stalls,
                messagesRelayedLossy,
                topics,
                curveAccepted,
                curveDenied,
                running);
    }
}
