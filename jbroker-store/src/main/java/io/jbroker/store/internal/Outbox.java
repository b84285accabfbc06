package io.jbroker.store.internal;

import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.store.EntityId;
import io.jbroker.store.StoreEvent;

/** Where a master's or clone's state machine sends commands, events and reports. */
public interface Outbox {
    /** A command envelope: nil {@code envelopeReceiver} = broadcast on {@code topic}. */
    void send(EndpointId envelopeReceiver, Topic topic, InternalCommand command);

    /**
     * A channel update as {@link #send(EndpointId, Topic, InternalCommand)}, with its content
     * possibly encoded already ({@link EncodedContent}: a relayed write's bytes as received).
     */
    default void send(
            EndpointId envelopeReceiver,
            Topic topic,
            long seq,
            EntityId sender,
            EntityId receiver,
            EncodedContent content) {
        send(envelopeReceiver, topic, new InternalCommand(seq, sender, receiver, content.command()));
    }

    void event(StoreEvent event);

    /**
     * Whether anyone receives store events now (a listener or a local subscriber), so that a state
     * machine can skip building the events of its frequent changes; true unless known otherwise.
     */
    default boolean wantsEvents() {
        return true;
    }

    /** Something worth an error event (a dropped clone, a lost event, a bad command). */
    void problem(io.jbroker.ErrorCode code, String description);
}
