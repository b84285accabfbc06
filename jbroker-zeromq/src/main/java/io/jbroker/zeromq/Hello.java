package io.jbroker.zeromq;

import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.data.StringValue;
import io.jbroker.zeek.Event;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One of the two hello events of Zeek's ZeroMQ membership exchange ({@code zeromq/main.zeek}),
 * both {@code (name: string, id: string)} and both published to the peer's node-id topic:
 * {@link Kind#ZEROMQ} ({@code Cluster::Backend::ZeroMQ::hello}) when a node sees another's node-id
 * subscription, {@link Kind#CLUSTER} ({@code Cluster::hello}) once it has seen both that
 * subscription and the other's ZeroMQ hello. A {@code Cluster::hello} makes the receiver raise
 * {@code Cluster::node_up} if the name is in its layout. Immutable.
 *
 * @param kind which hello
 * @param name the sender's node name ({@code Cluster::node})
 * @param id the sender's node id
 */
public record Hello(Kind kind, String name, NodeId id) {
    /** The two hello events. */
    public enum Kind {
        /** {@code Cluster::Backend::ZeroMQ::hello}: step one. */
        ZEROMQ("Cluster::Backend::ZeroMQ::hello"),
        /** {@code Cluster::hello}: step two; raises node_up at the receiver. */
        CLUSTER("Cluster::hello");

        private final String eventName;

        Kind(String eventName) {
            this.eventName = eventName;
        }

        /** The Zeek event name. */
        public String eventName() {
            return eventName;
        }
    }

    /** Validates. */
    public Hello {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
    }

    /** The event (no metadata element, as Zeek sends it without network timestamps). */
    public Event toEvent() {
        return new Event(kind.eventName(), List.of(Data.string(name), Data.string(id.value())));
    }

    /** The {@code broker-bin-v1} payload (frame 4). */
    public byte[] toBinary() {
        return BinaryFormat.encode(toEvent().toData());
    }

    /** The topic it goes to: the receiver's node-id topic. */
    public static String topicFor(NodeId receiver) {
        return ClusterTopics.nodeIdTopic(receiver);
    }

    /**
     * The hello carried by an event, if it is one: the right name and two string arguments
     * (metadata, e.g. a network timestamp, is ignored, as Zeek does).
     */
    public static Optional<Hello> from(Event event) {
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.eventName().equals(event.name())) {
                kind = k;
            }
        }
        List<Data> args = event.args();
        if (kind == null
                || args.size() != 2
                || !(args.get(0) instanceof StringValue)
                || !(args.get(1) instanceof StringValue)) {
            return Optional.empty();
        }
        String id = ((StringValue) args.get(1)).asString();
        if (id.isEmpty() || id.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        return Optional.of(new Hello(kind, ((StringValue) args.get(0)).asString(), new NodeId(id)));
    }
}
