package io.jbroker.zeromq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Zeek's ZeroMQ membership exchange as a state machine without I/O ({@code zeromq/main.zeek} and
 * {@code Cluster::hello} in {@code cluster/main.zeek}, transcribed): feed it the (un)subscriptions
 * the node's XPUB reports and the hellos that arrive on the node's own node-id topic; it returns
 * what to publish and which nodes came up or went down.
 *
 * <ul>
 *   <li>A subscription of another node's node-id topic: publish {@code ZeroMQ::hello(self)} to
 *       it; if that node's ZeroMQ hello was already seen, also {@code Cluster::hello(self)}.
 *   <li>A ZeroMQ hello: if the node's node-id subscription was already seen, publish {@code
 *       Cluster::hello(self)} to it. A known name coming back with a new id gives a node_down for
 *       the old id first (Zeek: "never said goodbye").
 *   <li>A Cluster hello: node_up, if the name is known ({@code knownNames}, Zeek's {@code
 *       Cluster::nodes}) and was not up yet.
 *   <li>An unsubscription of a node-id topic of a node that is up: node_down.
 * </ul>
 *
 * <p>Bounded: at most {@code maxPending} half-done exchanges are remembered (Zeek expires them
 * after {@code hello_expiration}); beyond that the oldest is forgotten and counted. Not
 * thread-safe: use it from the node's I/O thread.
 */
public final class Membership {
    /** What the caller has to do. */
    public sealed interface Action permits Publish, NodeUp, NodeDown, Warning {}

    /** Publish this hello to this topic (4 frames: topic, own id, format, payload). */
    public record Publish(String topic, Hello hello) implements Action {}

    /** {@code Cluster::node_up(name, id)}. */
    public record NodeUp(String name, NodeId id) implements Action {}

    /** {@code Cluster::node_down(name, id)}. */
    public record NodeDown(String name, NodeId id) implements Action {}

    /** What Zeek would report as a warning or error (the exchange goes on). */
    public record Warning(String text) implements Action {}

    private final String name;
    private final NodeId self;
    private final Predicate<String> knownNames;
    private final int maxPending;
    private final Set<NodeId> subscriptionsSeen = new LinkedHashSet<>();
    private final Set<NodeId> hellosSeen = new LinkedHashSet<>();
    private final Map<String, NodeId> up = new LinkedHashMap<>();
    private long pendingForgotten;

    /**
     * @param name this node's name ({@code Cluster::node})
     * @param self this node's id
     * @param knownNames the names of the cluster layout whose Cluster hello raises node_up (Zeek
     *     ignores others with an error); {@code n -> true} accepts every name
     * @param maxPending bound on remembered half-done exchanges
     */
    public Membership(String name, NodeId self, Predicate<String> knownNames, int maxPending) {
        this.name = Objects.requireNonNull(name, "name");
        this.self = Objects.requireNonNull(self, "self");
        this.knownNames = Objects.requireNonNull(knownNames, "knownNames");
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be >= 1");
        }
        this.maxPending = maxPending;
    }

    /** Accepting every name, remembering up to 10,000 half-done exchanges. */
    public Membership(String name, NodeId self) {
        this(name, self, n -> true, 10_000);
    }

    /** The topics this node subscribes to take part ({@link ClusterTopics#memberSubscriptions}). */
    public List<String> subscriptions(NodeType type) {
        return ClusterTopics.memberSubscriptions(type, name, self);
    }

    /** A subscription seen on the node's XPUB (topic without the 0x01). */
    public List<Action> onSubscription(String topic) {
        Optional<NodeId> other = ClusterTopics.nodeIdOf(topic);
        if (other.isEmpty() || other.get().equals(self)) {
            return List.of();
        }
        NodeId id = other.get();
        List<Action> out = new ArrayList<>(2);
        out.add(new Publish(topic, new Hello(Hello.Kind.ZEROMQ, name, self)));
        if (hellosSeen.remove(id)) {
            out.add(new Publish(ClusterTopics.nodeIdTopic(id), new Hello(Hello.Kind.CLUSTER, name, self)));
        } else {
            remember(subscriptionsSeen, id);
        }
        return out;
    }

    /** A hello received on this node's node-id topic from another node. */
    public List<Action> onHello(Hello hello) {
        if (hello.id().equals(self)) {
            return List.of();
        }
        return hello.kind() == Hello.Kind.ZEROMQ ? onZeroMqHello(hello) : onClusterHello(hello);
    }

    private List<Action> onZeroMqHello(Hello hello) {
        List<Action> out = new ArrayList<>(2);
        NodeId old = up.get(hello.name());
        if (old != null && knownNames.test(hello.name())) {
            if (old.equals(hello.id())) {
                return List.of(
                        new Warning("node '" + hello.name() + "' sends ZeroMQ::hello twice (id:" + hello.id() + ")"));
            }
            out.add(new Warning(
                    "node '" + hello.name() + "' never said goodbye (old id:" + old + " new id:" + hello.id()));
            up.remove(hello.name());
            out.add(new NodeDown(hello.name(), old));
        }
        if (subscriptionsSeen.remove(hello.id())) {
            out.add(new Publish(ClusterTopics.nodeIdTopic(hello.id()), new Hello(Hello.Kind.CLUSTER, name, self)));
        } else {
            remember(hellosSeen, hello.id());
        }
        return out;
    }

    private List<Action> onClusterHello(Hello hello) {
        if (!knownNames.test(hello.name())) {
            return List.of(new Warning("Got Cluster::hello msg from unexpected node: " + hello.name()));
        }
        NodeId old = up.put(hello.name(), hello.id());
        if (old == null) {
            return List.of(new NodeUp(hello.name(), hello.id()));
        }
        if (!old.equals(hello.id())) {
            return List.of(new Warning("Got Cluster::hello msg from duplicate node:" + hello.name()));
        }
        return List.of();
    }

    /** An unsubscription seen on the node's XPUB (topic without the 0x00). */
    public List<Action> onUnsubscription(String topic) {
        Optional<NodeId> gone = ClusterTopics.nodeIdOf(topic);
        if (gone.isEmpty() || gone.get().equals(self)) {
            return List.of();
        }
        for (Map.Entry<String, NodeId> e : up.entrySet()) {
            if (e.getValue().equals(gone.get())) {
                up.remove(e.getKey());
                return List.of(new NodeDown(e.getKey(), gone.get()));
            }
        }
        return List.of(new Warning("unsubscription of unknown node with id '" + gone.get() + "'"));
    }

    /** The nodes that are up, name to id (a copy). */
    public Map<String, NodeId> nodesUp() {
        return Map.copyOf(up);
    }

    /** Half-done exchanges forgotten because of the bound. */
    public long pendingForgotten() {
        return pendingForgotten;
    }

    private void remember(Set<NodeId> set, NodeId id) {
        if (set.add(id) && set.size() > maxPending) {
            NodeId oldest = set.iterator().next();
            set.remove(oldest);
            pendingForgotten++;
        }
    }
}
