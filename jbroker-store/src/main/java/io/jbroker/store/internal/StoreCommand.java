package io.jbroker.store.internal;

import io.jbroker.data.Data;
import io.jbroker.data.DataType;
import io.jbroker.store.EntityId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The content of an {@code internal_command} (stores.md §6): one record per command, with its
 * wire index. Expiries are relative timespans in nanoseconds.
 */
public sealed interface StoreCommand {
    /** The content type index on the wire (0..13). */
    int index();

    /** Whether this is an action command (index 0..7), carried as a channel event. */
    default boolean isAction() {
        return index() <= 7;
    }

    record Put(Data key, Data value, OptionalLong expiry, EntityId publisher) implements StoreCommand {
        public Put {
            Objects.requireNonNull(key);
            Objects.requireNonNull(value);
            Objects.requireNonNull(expiry);
            Objects.requireNonNull(publisher);
        }

        @Override
        public int index() {
            return 0;
        }
    }

    record PutUnique(Data key, Data value, OptionalLong expiry, EntityId who, long reqId, EntityId publisher)
            implements StoreCommand {
        @Override
        public int index() {
            return 1;
        }
    }

    record PutUniqueResult(boolean inserted, EntityId who, long reqId, EntityId publisher) implements StoreCommand {
        @Override
        public int index() {
            return 2;
        }
    }

    record Erase(Data key, EntityId publisher) implements StoreCommand {
        @Override
        public int index() {
            return 3;
        }
    }

    record Expire(Data key, EntityId publisher) implements StoreCommand {
        @Override
        public int index() {
            return 4;
        }
    }

    /** {@code initType} is the data type a missing key starts from; NONE makes the add fail. */
    record Add(Data key, Data value, DataType initType, OptionalLong expiry, EntityId publisher)
            implements StoreCommand {
        @Override
        public int index() {
            return 5;
        }
    }

    record Subtract(Data key, Data value, OptionalLong expiry, EntityId publisher) implements StoreCommand {
        @Override
        public int index() {
            return 6;
        }
    }

    record Clear(EntityId publisher) implements StoreCommand {
        @Override
        public int index() {
            return 7;
        }
    }

    record AttachWriter(long offset, int heartbeatInterval) implements StoreCommand {
        @Override
        public int index() {
            return 8;
        }
    }

    record Keepalive(long seq) implements StoreCommand {
        @Override
        public int index() {
            return 9;
        }
    }

    record CumulativeAck(long seq) implements StoreCommand {
        @Override
        public int index() {
            return 10;
        }
    }

    record Nack(List<Long> seqs) implements StoreCommand {
        public Nack {
            seqs = List.copyOf(seqs);
        }

        @Override
        public int index() {
            return 11;
        }
    }

    /** The snapshot map keeps insertion order, which is the order its entries are encoded in. */
    record AckClone(long offset, int heartbeatInterval, Map<Data, Data> state) implements StoreCommand {
        @Override
        public int index() {
            return 12;
        }
    }

    record RetransmitFailed(long seq) implements StoreCommand {
        @Override
        public int index() {
            return 13;
        }
    }
}
