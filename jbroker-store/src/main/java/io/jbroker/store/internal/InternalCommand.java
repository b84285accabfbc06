package io.jbroker.store.internal;

import io.jbroker.store.EntityId;
import java.util.Objects;

/** Broker's {@code internal_command}: channel sequence number, sender, receiver and content. */
public record InternalCommand(long seq, EntityId sender, EntityId receiver, StoreCommand content) {
    public InternalCommand {
        Objects.requireNonNull(sender);
        Objects.requireNonNull(receiver);
        Objects.requireNonNull(content);
    }
}
