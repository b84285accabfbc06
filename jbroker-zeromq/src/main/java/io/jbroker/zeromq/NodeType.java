package io.jbroker.zeromq;

import java.util.Optional;

/** A Zeek cluster node type with its ZeroMQ-backend topics (capture-verified spellings). */
public enum NodeType {
    /** The manager: {@code zeek.cluster.manager}, no pool. */
    MANAGER("zeek.cluster.manager", null),
    /** A logger: {@code zeek.cluster.logger}, pool {@code zeek.cluster.pool.logger}. */
    LOGGER("zeek.cluster.logger", "zeek.cluster.pool.logger"),
    /** A proxy: {@code zeek.cluster.proxy}, pool {@code zeek.cluster.pool.proxy}. */
    PROXY("zeek.cluster.proxy", "zeek.cluster.pool.proxy"),
    /** A worker: {@code zeek.cluster.worker}, pool {@code zeek.cluster.pool.worker}. */
    WORKER("zeek.cluster.worker", "zeek.cluster.pool.worker");

    private final String topic;
    private final String poolTopic;

    NodeType(String topic, String poolTopic) {
        this.topic = topic;
        this.poolTopic = poolTopic;
    }

    /** The type topic (no trailing dot). */
    public String topic() {
        return topic;
    }

    /** The pool topic of this type's nodes (no trailing dot), if it has a pool. */
    public Optional<String> poolTopic() {
        return Optional.ofNullable(poolTopic);
    }
}
