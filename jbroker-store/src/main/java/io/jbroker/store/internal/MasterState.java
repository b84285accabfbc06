package io.jbroker.store.internal;

import io.jbroker.BrokerException;
import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.store.Backend;
import io.jbroker.store.EntityId;
import io.jbroker.store.StoreEvent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * A store master as a state machine without sockets (stores.md §2.1, §5.2): applies actions from
 * local calls and from clones' writer channels to the backend, broadcasts the resulting updates to
 * the clones on its own channel, expires keys on {@link #tick}. Not thread-safe (one store thread).
 */
public final class MasterState {
    public static final int MAX_BUFFERED_EVENTS = 100_000;
    public static final int MAX_WRITERS = 1024;
    public static final int MAX_CLONES = 1024;
    /** Out-of-order writes buffered per writer channel at most (the rest are NACKed again). */
    public static final int MAX_WRITER_REORDER = 10_000;
    /**
     * Updates waiting for some clone's ACK from which writers' writes are no longer acknowledged (or
     * half of the bound of unacknowledged updates, if lower): below an endpoint's default peer
     * buffer (8,192 messages), so that writers pause before a peer's buffer overflows.
     */
    public static final int HOLD_MARK = 6_144;

    /** Ticks without any clone's ACK progress after which writers are no longer held back for it. */
    public static final int MAX_HOLD_TICKS = 30;

    private final String name;
    private final EntityId self;
    private final Backend backend;
    private final LongSupplier clockNanos;
    private final Outbox out;
    private final Topic cloneTopic;
    private final ChannelProducer<EntityId, EncodedContent> producer;
    private final Map<EntityId, ChannelConsumer<EncodedContent>> writers = new HashMap<>();
    private final Map<EntityId, InternalCommand> handshakes = new HashMap<>();
    private final int nackTimeout;
    private final int holdMark;
    private long progressMark; // oldest unacknowledged update at the last tick
    private int ticksWithoutCloneProgress;

    public MasterState(
            String name,
            EntityId self,
            Backend backend,
            LongSupplier clockNanos,
            Outbox out,
            int heartbeatInterval,
            int connectionTimeoutFactor,
            int nackTimeout) {
        this(
                name,
                self,
                backend,
                clockNanos,
                out,
                heartbeatInterval,
                connectionTimeoutFactor,
                nackTimeout,
                MAX_BUFFERED_EVENTS);
    }

    /** A master whose buffer of unacknowledged updates holds at most {@code maxUnacked}. */
    public MasterState(
            String name,
            EntityId self,
            Backend backend,
            LongSupplier clockNanos,
            Outbox out,
            int heartbeatInterval,
            int connectionTimeoutFactor,
            int nackTimeout,
            int maxUnacked) {
        this.name = name;
        this.self = self;
        this.backend = backend;
        this.clockNanos = clockNanos;
        this.out = out;
        this.nackTimeout = nackTimeout;
        this.holdMark = Math.min(maxUnacked / 2, HOLD_MARK);
        this.cloneTopic = Topic.storeClone(name);
        this.producer = new ChannelProducer<>(
                new ProducerSink(), heartbeatInterval, connectionTimeoutFactor, maxUnacked, MAX_CLONES);
    }

    public EntityId self() {
        return self;
    }

    public Backend backend() {
        return backend;
    }

    public int clones() {
        return producer.consumers();
    }

    /** Clones dropped because they fell a full buffer of updates behind. */
    public long slowClonesDropped() {
        return producer.droppedSlow();
    }

    /** Updates kept for re-sending to clones that have not acknowledged them. */
    public int bufferedUpdates() {
        return producer.buffered();
    }

    // ------------------------------------------------------------------ commands from the network

    /** Dispatches a command received on the master topic (stores.md §5.2). */
    public void receive(EndpointId envelopeSender, InternalCommand c) {
        receive(envelopeSender, c, null);
    }

    /**
     * Like {@link #receive(EndpointId, InternalCommand)}; {@code relayed}, if not null, is the
     * command's content as received, which the update it causes is broadcast with (no encoding).
     */
    public void receive(EndpointId envelopeSender, InternalCommand c, EncodedContent relayed) {
        EntityId from = c.sender();
        StoreCommand s = c.content();
        if (s.isAction()) {
            ChannelConsumer<EncodedContent> w = writers.get(from);
            if (w != null) {
                w.event(c.seq(), relayed != null ? relayed : EncodedContent.of(s));
            }
            return;
        }
        if (s instanceof StoreCommand.CumulativeAck a) {
            producer.cumulativeAck(from, a.seq());
            if (!producer.awaitingAck(from)) {
                handshakes.remove(from);
            }
        } else if (s instanceof StoreCommand.Nack n) {
            producer.nack(from, n.seqs());
        } else {
            ChannelConsumer<EncodedContent> w = writers.get(from);
            if (w != null) {
                if (s instanceof StoreCommand.Keepalive k) {
                    w.heartbeat(k.seq());
                } else if (s instanceof StoreCommand.RetransmitFailed r) {
                    w.retransmitFailed(r.seq());
                }
            } else if (s instanceof StoreCommand.AttachWriter a) {
                if (writers.size() >= MAX_WRITERS) {
                    out.problem(ErrorCode.INVALID_MESSAGE, "store " + name + ": too many writers, refused " + from);
                    return;
                }
                ChannelConsumer<EncodedContent> nw =
                        new ChannelConsumer<>(new WriterSink(from), nackTimeout, MAX_WRITER_REORDER);
                writers.put(from, nw);
                nw.handshake(a.offset(), a.heartbeatInterval());
            }
        }
    }

    /** Acknowledges each writer's writes at once if {@code threshold} arrived since its last ACK. */
    public void ackWritersIfBehind(int threshold) {
        holdWriterAcks();
        for (ChannelConsumer<EncodedContent> w : writers.values()) {
            w.ackIfBehind(threshold);
        }
    }

    /**
     * Flow control from the clones to the writers: while {@link #HOLD_MARK} updates (at most half of
     * {@code maxUnacked}) wait for clones' ACKs, writers' writes are not acknowledged, so their windows fill and they pause
     * instead of driving the slowest clone out of the buffer (and into a resynchronisation). A
     * clone that acknowledges nothing for {@link #MAX_HOLD_TICKS} ticks ends the hold, so one stuck
     * clone stalls writers that long at most: the buffer then fills and the bound's policy drops it.
     */
    private void holdWriterAcks() {
        boolean hold = producer.buffered() >= holdMark && ticksWithoutCloneProgress < MAX_HOLD_TICKS;
        for (ChannelConsumer<EncodedContent> w : writers.values()) {
            w.holdAcks(hold);
        }
    }

    public void tick() {
        long now = clockNanos.getAsLong();
        for (Data key : backend.expiredBefore(now)) {
            backend.erase(key);
            out.event(new StoreEvent.Expire(name, key, self));
            producer.produce(EncodedContent.of(new StoreCommand.Expire(key, self)));
        }
        producer.tick();
        long oldest = producer.oldestUnacked();
        if (oldest != progressMark || producer.buffered() == 0) {
            progressMark = oldest;
            ticksWithoutCloneProgress = 0;
        } else {
            ticksWithoutCloneProgress++;
        }
        holdWriterAcks();
        for (ChannelConsumer<EncodedContent> w : List.copyOf(writers.values())) {
            w.tick();
        }
    }

    // ------------------------------------------------------------------ actions

    /** Applies an action (from a writer or a local call); failures are reported, as in Broker. */
    public void apply(StoreCommand s) {
        apply(s, null);
    }

    private void apply(StoreCommand s, EncodedContent relayed) {
        try {
            applyOrThrow(s, relayed);
        } catch (BrokerException e) {
            out.problem(e.code(), "store " + name + ": " + e.getMessage());
        }
    }

    /** Applies an action, throwing the failure (for local calls that want it). */
    public void applyOrThrow(StoreCommand s) {
        applyOrThrow(s, null);
    }

    /** {@code relayed}: the content of {@code s} as received, or null (see {@link EncodedContent}). */
    private void applyOrThrow(StoreCommand s, EncodedContent relayed) {
        if (s instanceof StoreCommand.Put p) {
            Optional<Backend.Entry> old = backend.get(p.key());
            backend.put(p.key(), p.value(), expiresAt(p.expiry()));
            changed(p.key(), old, p.value(), p.expiry(), p.publisher());
            producer.produce(relayed != null ? relayed : EncodedContent.of(p));
        } else if (s instanceof StoreCommand.PutUnique p) {
            boolean inserted = !backend.exists(p.key());
            if (inserted) {
                backend.put(p.key(), p.value(), expiresAt(p.expiry()));
                out.event(new StoreEvent.Insert(name, p.key(), p.value(), p.expiry(), p.publisher()));
                producer.produce(
                        EncodedContent.of(new StoreCommand.Put(p.key(), p.value(), p.expiry(), p.publisher())));
            }
            producer.produce(EncodedContent.of(new StoreCommand.PutUniqueResult(inserted, p.who(), p.reqId(), self)));
            localResult(p.who(), p.reqId(), inserted);
        } else if (s instanceof StoreCommand.Erase p) {
            if (backend.erase(p.key())) {
                out.event(new StoreEvent.Erase(name, p.key(), p.publisher()));
                producer.produce(relayed != null ? relayed : EncodedContent.of(p));
            }
        } else if (s instanceof StoreCommand.Add p) {
            Optional<Backend.Entry> old = backend.get(p.key());
            Data base = old.isPresent() ? old.get().value() : Appliers.initial(p.initType());
            Data value = Appliers.add(base, p.value());
            backend.put(p.key(), value, expiresAt(p.expiry()));
            changed(p.key(), old, value, p.expiry(), p.publisher());
            producer.produce(
                    EncodedContent.of(new StoreCommand.Put(p.key(), value, OptionalLong.empty(), p.publisher())));
        } else if (s instanceof StoreCommand.Subtract p) {
            Optional<Backend.Entry> old = backend.get(p.key());
            if (old.isEmpty()) {
                throw new BrokerException(ErrorCode.NO_SUCH_KEY, "subtract from missing key " + p.key());
            }
            Data value = Appliers.subtract(old.get().value(), p.value());
            backend.put(p.key(), value, expiresAt(p.expiry()));
            changed(p.key(), old, value, p.expiry(), p.publisher());
            producer.produce(
                    EncodedContent.of(new StoreCommand.Put(p.key(), value, OptionalLong.empty(), p.publisher())));
        } else if (s instanceof StoreCommand.Clear p) {
            List<Data> keys = backend.keys();
            backend.clear();
            for (Data k : keys) {
                out.event(new StoreEvent.Erase(name, k, p.publisher()));
            }
            producer.produce(relayed != null ? relayed : EncodedContent.of(p));
        }
        // expire and put_unique_result as actions are ignored (stores.md §2.1)
    }

    /** Completes local put_unique calls; overridden by the store runtime through a listener. */
    private PutUniqueListener putUniqueListener = (who, reqId, inserted) -> {};

    /** Learns put_unique outcomes of requests made through this master's own frontend. */
    public interface PutUniqueListener {
        void result(EntityId who, long reqId, boolean inserted);
    }

    public void onPutUnique(PutUniqueListener l) {
        putUniqueListener = l;
    }

    private void localResult(EntityId who, long reqId, boolean inserted) {
        putUniqueListener.result(who, reqId, inserted);
    }

    private void changed(Data key, Optional<Backend.Entry> old, Data value, OptionalLong expiry, EntityId publisher) {
        if (!out.wantsEvents()) {
            return;
        }
        if (old.isPresent()) {
            out.event(new StoreEvent.Update(name, key, old.get().value(), value, expiry, publisher));
        } else {
            out.event(new StoreEvent.Insert(name, key, value, expiry, publisher));
        }
    }

    private OptionalLong expiresAt(OptionalLong expiry) {
        return expiry.isPresent() ? OptionalLong.of(clockNanos.getAsLong() + expiry.getAsLong()) : OptionalLong.empty();
    }

    // ------------------------------------------------------------------ channel output

    private final class ProducerSink implements ChannelProducer.Sink<EntityId, EncodedContent> {
        @Override
        public void handshake(EntityId clone, long offset, int hb) {
            InternalCommand c = handshakes.computeIfAbsent(
                    clone,
                    k -> new InternalCommand(
                            offset,
                            self,
                            clone,
                            new StoreCommand.AckClone(offset, hb, new LinkedHashMap<>(backend.snapshot()))));
            out.send(clone.endpoint(), cloneTopic, c);
        }

        @Override
        public void broadcast(long seq, EncodedContent payload) {
            out.send(EndpointId.NIL, cloneTopic, seq, self, EntityId.NIL, payload);
        }

        @Override
        public void resend(EntityId clone, long seq, EncodedContent payload) {
            out.send(clone.endpoint(), cloneTopic, seq, self, EntityId.NIL, payload);
        }

        @Override
        public void retransmitFailed(EntityId clone, long seq) {
            out.send(
                    clone.endpoint(),
                    cloneTopic,
                    new InternalCommand(0, self, clone, new StoreCommand.RetransmitFailed(seq)));
        }

        @Override
        public void heartbeat(long seq) {
            out.send(
                    EndpointId.NIL,
                    cloneTopic,
                    new InternalCommand(0, self, EntityId.NIL, new StoreCommand.Keepalive(seq)));
        }

        @Override
        public void dropped(EntityId clone, ErrorCode reason) {
            handshakes.remove(clone);
            if (reason == ErrorCode.CONNECTION_TIMEOUT) {
                writers.remove(clone); // a silent clone is gone; a slow one keeps writing
            }
            out.problem(reason, "store " + name + ": dropped clone " + clone + " (" + reason.brokerName() + ")");
        }
    }

    private final class WriterSink implements ChannelConsumer.Sink<EncodedContent> {
        private final EntityId writer;

        WriterSink(EntityId writer) {
            this.writer = writer;
        }

        @Override
        public void consume(long seq, EncodedContent payload) {
            apply(payload.command(), payload.isRelayed() ? payload : null);
        }

        @Override
        public void cumulativeAck(long seq) {
            out.send(
                    writer.endpoint(),
                    cloneTopic,
                    new InternalCommand(0, self, writer, new StoreCommand.CumulativeAck(seq)));
        }

        @Override
        public void nack(List<Long> seqs) {
            out.send(writer.endpoint(), cloneTopic, new InternalCommand(0, self, writer, new StoreCommand.Nack(seqs)));
        }

        @Override
        public void lost(long seq) {
            out.problem(ErrorCode.INVALID_MESSAGE, "store " + name + ": lost write " + seq + " of " + writer);
        }
    }
}
