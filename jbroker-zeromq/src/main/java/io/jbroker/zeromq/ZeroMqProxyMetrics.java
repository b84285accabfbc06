package io.jbroker.zeromq;

/**
 * Counters of a {@link ZeroMqProxy} since it started; a consistent-enough snapshot read without
 * stopping the proxy (each counter is exact, they are not read atomically together).
 *
 * @param messagesRelayed complete multipart messages passed from the XSUB (publishers) to the XPUB
 * @param framesRelayed frames of those messages (Zeek's proxy metrics count frames)
 * @param bytesRelayed payload bytes of those frames
 * @param subscriptionsForwarded subscribe messages passed from the XPUB to the XSUB (every one, as
 *     with {@code XPUB_VERBOSE})
 * @param unsubscriptionsForwarded unsubscriptions passed on (one per prefix that no subscriber
 *     holds any more)
 * @param subscriptionsRejected subscriptions not forwarded because {@code maxTopics} was reached
 * @param invalidSubscriberMessages messages from subscribers that are not 1-frame
 *     (un)subscriptions; dropped (libzmq's proxy would pass them to the publishers)
 * @param stalls times a message had to wait longer than the stall timeout for a full subscriber
 * @param messagesRelayedLossy messages relayed while a subscriber was full: JeroMQ skipped that
 *     subscriber, so each of these may be missing at one or more subscribers
 * @param topics distinct subscribed prefixes currently tracked
 * @param curveAccepted CURVE handshakes accepted (the configured client key)
 * @param curveDenied CURVE handshakes refused (any other client key)
 * @param running whether the relay thread is running
 */
public record ZeroMqProxyMetrics(
        long messagesRelayed,
        long framesRelayed,
        long bytesRelayed,
        long subscriptionsForwarded,
        long unsubscriptionsForwarded,
        long subscriptionsRejected,
        long invalidSubscriberMessages,
        long stalls,
        long messagesRelayedLossy,
        long topics,
        long curveAccepted,
        long curveDenied,
        boolean running) {}
