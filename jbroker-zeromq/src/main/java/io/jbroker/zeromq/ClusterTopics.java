package io.jbroker.zeromq;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Topic names of Zeek's ZeroMQ cluster backend. Cluster topics use {@code .} separators (node and
 * node-id topics end with one; type and pool topics do not); two Broker-style topics with {@code /}
 * are subscribed by every Zeek node too ({@link #SUPERVISOR}, {@link #TABLE_CHANGES}). Spellings as
 * captured from a live Zeek 9.1 ({@code shared/interop/zeek/zeromq/subscriptions.txt}).
 */
public final class ClusterTopics {
    /** Prefix of node topics: {@code zeek.cluster.node.<name>.}. */
    public static final String NODE_PREFIX = "zeek.cluster.node.";

    /** Prefix of node-id topics: {@code zeek.cluster.nodeid.<id>.}. */
    public static final String NODE_ID_PREFIX = "zeek.cluster.nodeid.";

    /** Prefix of the ready-to-publish probe topics of Zeek's WebSocket clients. */
    public static final String INTERNAL_PREFIX = "zeek.zeromq.internal.";

    /** Supervisor control topic every Zeek node subscribes (Broker-style spelling). */
    public static final String SUPERVISOR = "zeek/supervisor";

    /** Table-change propagation ({@code &publish_on_change}) topic every Zeek node subscribes. */
    public static final String TABLE_CHANGES = "zeek/table/";

    private ClusterTopics() {}

    /** {@code zeek.cluster.node.<name>.} */
    public static String nodeTopic(String name) {
        return NODE_PREFIX + name + ".";
    }

    /** {@code zeek.cluster.nodeid.<id>.} */
    public static String nodeIdTopic(NodeId id) {
        return NODE_ID_PREFIX + id.value() + ".";
    }

    /**
     * The node id of a node-id topic, as Zeek extracts it ({@code topic[|prefix|:][:-1]}: the
     * text between the prefix and the last character), or empty for other topics.
     */
    public static Optional<NodeId> nodeIdOf(String topic) {
        if (!topic.startsWith(NODE_ID_PREFIX) || topic.length() <= NODE_ID_PREFIX.length() + 1) {
            return Optional.empty();
        }
        return Optional.of(new NodeId(topic.substring(NODE_ID_PREFIX.length(), topic.length() - 1)));
    }

    /** {@code zeek.zeromq.internal.<id>.<n>.}: a ready-to-publish probe topic (spec 1.8). */
    public static String readyProbeTopic(NodeId id, long n) {
        return INTERNAL_PREFIX + id.value() + "." + n + ".";
    }

    /**
     * What a full cluster node subscribes, in the order of Zeek's {@code setup-subscriptions.zeek}:
     * pool topic (if the type has one), type topic, node-id topic, node topic. (A Zeek node
     * subscribes {@link #SUPERVISOR} and {@link #TABLE_CHANGES} before these; add them if the node
     * should look exactly like one.)
     */
    public static List<String> memberSubscriptions(NodeType type, String name, NodeId id) {
        List<String> out = new ArrayList<>(4);
        type.poolTopic().ifPresent(out::add);
        out.add(type.topic());
        out.add(nodeIdTopic(id));
        out.add(nodeTopic(name));
        return List.copyOf(out);
    }
}
