package io.jbroker.endpoint;

import java.util.List;
import java.util.Objects;

/**
 * A subscriber's queue and counters: messages and bytes that reached it ({@code in}) and that the
 * application took ({@code out}), what is buffered, what its overflow policy dropped, whether it
 * is stalled (full without progress past the stall timeout, so the policy applies at once) and
 * whether the {@code disconnect} policy closed it. Bytes are the values' encoded sizes; the
 * endpoint's own status and error events count as 0. {@code id} tells subscribers apart (unique in
 * the JVM, numbered from 1 in creation order); {@code stalls} counts the times the queue stalled.
 */
public record SubscriberInfo(
        List<String> topics,
        long messagesIn,
        long bytesIn,
        long messagesOut,
        long bytesOut,
        int bufferedMessages,
        long bufferedBytes,
        int capacity,
        long dropped,
        OverflowPolicy policy,
        boolean stalled,
        boolean disconnected,
        long id,
        long stalls) {
    public SubscriberInfo {
        topics = List.copyOf(topics);
        Objects.requireNonNull(policy, "policy");
    }
}
