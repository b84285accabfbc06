package io.jbroker.zeromq;

import io.jbroker.DataMessage;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.zeek.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Makes a {@link ZeroMqNode} a full member of a Zeek cluster: it subscribes to the node's pool,
 * type, node-id and node topics ({@link ClusterTopics#memberSubscriptions}) and runs Zeek's
 * two-step hello exchange ({@link Membership}) with every node whose node-id subscription it sees,
 * so a Zeek manager that lists the node's name in its layout raises {@code Cluster::node_up} for
 * it. Other nodes coming up and going away (their node-id topic unsubscribed) reach the listener as
 * {@link Membership.NodeUp} / {@link Membership.NodeDown}; Zeek's warnings as {@link
 * Membership.Warning}.
 *
 * <pre>{@code
 * ZeroMqNode node = new ZeroMqNode(ZeroMqConfig.defaults().withName("jvm-1"));
 * ClusterMember member = ClusterMember.join(endpoint, node, NodeType.WORKER, name -> true, System.out::println);
 * endpoint.attach(node);   // after join: the member must see the cluster's subscriptions from the start
 * }</pre>
 *
 * <p>Threading: subscriptions arrive on the node's I/O thread, hellos on the endpoint's; both are
 * serialized on this object's lock, where the state machine lives. The listener runs under that
 * lock on one of those threads: it must be quick and must not call back into this member;
 * exceptions it throws are contained (counted in {@link #listenerFailures()}). Closing
 * unsubscribes the member topics; the node keeps running.
 */
public final class ClusterMember implements AutoCloseable {
    private final Endpoint endpoint;
    private final ZeroMqNode node;
    private final Membership membership;
    private final Subscriber hellos;
    private final Consumer<Membership.Action> listener;
    private final AtomicLong hellosSent = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();
    private volatile boolean closed;

    private ClusterMember(
            Endpoint endpoint,
            ZeroMqNode node,
            NodeType type,
            Predicate<String> knownNames,
            Consumer<Membership.Action> listener) {
        this.endpoint = endpoint;
        this.node = node;
        this.listener = listener;
        NodeId self = new NodeId(node.nodeId());
        this.membership = new Membership(node.config().name(), self, knownNames, 10_000);
        node.onSubscription(this::onSubscription);
        this.hellos = endpoint.subscribe(membership.subscriptions(type));
        hellos.onMessage(this::onMessage, Runnable::run);
    }

    /**
     * Joins {@code node} (not attached yet) to the cluster as a node of {@code type}, named by its
     * configuration's name.
     *
     * @param knownNames the names of the cluster layout ({@code Cluster::nodes}) whose hellos count;
     *     {@code n -> true} accepts every name
     * @param listener hears node_up, node_down and warnings (see the class comment for its thread)
     */
    public static ClusterMember join(
            Endpoint endpoint,
            ZeroMqNode node,
            NodeType type,
            Predicate<String> knownNames,
            Consumer<Membership.Action> listener) {
        return new ClusterMember(
                Objects.requireNonNull(endpoint, "endpoint"),
                Objects.requireNonNull(node, "node"),
                Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(knownNames, "knownNames"),
                Objects.requireNonNull(listener, "listener"));
    }

    /** The nodes that are up now, by name. */
    public synchronized Map<String, NodeId> nodesUp() {
        return membership.nodesUp();
    }

    /** Hellos this member published. */
    public long hellosSent() {
        return hellosSent.get();
    }

    /** Times the listener threw. */
    public long listenerFailures() {
        return listenerFailures.get();
    }

    private void onSubscription(boolean subscribed, String topic) {
        if (!topic.startsWith(ClusterTopics.NODE_ID_PREFIX)) {
            return;
        }
        List<Membership.Action> actions;
        synchronized (this) {
            if (closed) {
                return;
            }
            actions = subscribed ? membership.onSubscription(topic) : membership.onUnsubscription(topic);
            perform(actions);
        }
    }

    private void onMessage(DataMessage m) {
        Optional<Hello> hello = Event.from(m.data()).flatMap(Hello::from);
        if (hello.isEmpty()) {
            return; // an application's event on one of the node's topics
        }
        synchronized (this) {
            if (!closed) {
                perform(membership.onHello(hello.get()));
            }
        }
    }

    /** Lock held. */
    private void perform(List<Membership.Action> actions) {
        List<Membership.Action> heard = new ArrayList<>(actions.size());
        for (Membership.Action a : actions) {
            if (a instanceof Membership.Publish) {
                Membership.Publish p = (Membership.Publish) a;
                endpoint.publish(p.topic(), p.hello().toEvent().toData());
                hellosSent.incrementAndGet();
            } else {
                heard.add(a);
            }
        }
        for (Membership.Action a : heard) {
            try {
                listener.accept(a);
            } catch (RuntimeException e) {
                listenerFailures.incrementAndGet();
            }
        }
    }

    /** Stops taking part: unsubscribes the member topics. The node keeps running. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        node.onSubscription(null);
        hellos.close();
    }
}
