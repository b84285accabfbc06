package io.jbroker.store.internal;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.store.EntityId;
import io.jbroker.store.StoreEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A store clone as a state machine without sockets (stores.md §2.4, §5.3): joins the master with
 * {@code nack{[0]}}, applies the master's channel in order to a full local copy, and forwards its
 * own writes on a writer channel (held until the master's handshake). Not thread-safe.
 */
public final class CloneState {
    public static final int MAX_STALLED = 100_000;
    /** Writes sent to the master and not yet acknowledged, at most. */
    public static final int MAX_UNACKED_WRITES = 4_096;

    /** Learns put_unique outcomes for this clone's requests. */
    public interface PutUniqueListener {
        void result(EntityId who, long reqId, boolean inserted);
    }

    private final String name;
    private final EntityId self;
    private final Outbox out;
    private final Topic masterTopic;
    private final int heartbeatInterval;
    private final int connectionTimeoutFactor;
    private final int nackTimeout;
    private ChannelConsumer<StoreCommand> input;
    private InputSink inputSink;
    private boolean resyncing;
    private long resyncs;
    private boolean everSynced;
    private long silentTicks;
    private long masterLosses;
    private long unacknowledgedWrites;
    private final Map<Data, Data> content = new LinkedHashMap<>();
    private final java.util.ArrayDeque<Held> stalled = new java.util.ArrayDeque<>();

    /** A write not yet handed to the writer channel, and what to run when it is. */
    private record Held(StoreCommand action, Runnable sent) {}

    private static final Runnable NOTHING = () -> {};
    private EntityId master;
    private ChannelProducer<EntityId, StoreCommand> writer;
    private PutUniqueListener putUniqueListener = (w, r, i) -> {};
    private long ignored;

    public CloneState(
            String name,
            EntityId self,
            Outbox out,
            int heartbeatInterval,
            int connectionTimeoutFactor,
            int nackTimeout) {
        this.name = name;
        this.self = self;
        this.out = out;
        this.masterTopic = Topic.storeMaster(name);
        this.heartbeatInterval = heartbeatInterval;
        this.connectionTimeoutFactor = connectionTimeoutFactor;
        this.nackTimeout = nackTimeout;
        newInput();
    }

    private void newInput() {
        inputSink = new InputSink();
        input = new ChannelConsumer<>(inputSink, nackTimeout, MasterState.MAX_BUFFERED_EVENTS);
    }

    /** How often this clone lost an update and started over with a fresh snapshot. */
    public long resyncCount() {
        return resyncs;
    }

    public void onPutUnique(PutUniqueListener l) {
        putUniqueListener = l;
    }

    public EntityId self() {
        return self;
    }

    /** Whether the master's handshake (with the snapshot) arrived. */
    public boolean synced() {
        return master != null;
    }

    /** Whether the clone ever had a snapshot (it keeps serving reads after losing its master). */
    public boolean readable() {
        return everSynced;
    }

    /**
     * Writes sent to a master that went silent before acknowledging them, summed over master
     * losses: that master may or may not have applied them, so they are not re-sent to the next one
     * (an increment applied twice is as wrong as one lost); each loss reports its count.
     */
    public long unacknowledgedWritesAtMasterLoss() {
        return unacknowledgedWrites;
    }

    /** How often this clone gave up on a master that fell silent or stopped acknowledging writes. */
    public long masterLosses() {
        return masterLosses;
    }

    /** Commands ignored (from another master, for another clone). */
    public long ignoredCount() {
        return ignored;
    }

    public Map<Data, Data> content() {
        return content;
    }

    /** Sends the first join request at once (Broker sends it on its first tick). */
    public void start() {
        sendJoin();
    }

    /** A write of this clone: forwarded to the master (held until its handshake). */
    public boolean write(StoreCommand action) {
        return write(action, NOTHING);
    }

    /**
     * A write of this clone; {@code sent} runs (on this thread) once it is handed to the writer
     * channel, which is at once unless the channel's window of unacknowledged writes is full. Held
     * for a master (none known yet), the write counts as sent at once: waiting for a master is not
     * back-pressure. False if {@link #MAX_STALLED} writes are held already.
     */
    public boolean write(StoreCommand action, Runnable sent) {
        if (master == null || !stalled.isEmpty() || writer.buffered() >= MAX_UNACKED_WRITES) {
            if (stalled.size() >= MAX_STALLED) {
                return false;
            }
            if (master == null) {
                sent.run();
                sent = NOTHING;
            }
            stalled.add(new Held(action, sent));
            flushStalled();
            return true;
        }
        writer.produce(action);
        sent.run();
        return true;
    }

    /**
     * Sends held writes while the writer channel has room: the channel never holds more than
     * {@link #MAX_UNACKED_WRITES} unacknowledged writes (it would drop its master otherwise).
     */
    private void flushStalled() {
        if (master == null) {
            return;
        }
        while (!stalled.isEmpty() && writer.buffered() < MAX_UNACKED_WRITES) {
            Held h = stalled.poll();
            writer.produce(h.action());
            h.sent().run();
        }
    }

    public void receive(EndpointId envelopeSender, InternalCommand c) {
        StoreCommand s = c.content();
        if (master != null && !c.sender().equals(master)) {
            ignored++;
            return;
        }
        if (master != null) {
            silentTicks = 0; // anything from the master counts, its broadcast keepalives too
        }
        if (s.isAction()) {
            input.event(c.seq(), s);
            return;
        }
        if (s instanceof StoreCommand.Keepalive k
                && master != null
                && c.receiver().isNil()) {
            // The master's broadcast heartbeat. Broker's clones discard it (its receiver is nil,
            // stores.md 5.3), so they never notice a lost last update; jbroker's use its seq to
            // NACK what is missing. Nothing on the wire changes.
            input.heartbeat(k.seq());
            return;
        }
        if (!c.receiver().equals(self)) {
            ignored++;
            return;
        }
        if (s instanceof StoreCommand.AckClone a) {
            if (master != null && !resyncing) {
                return; // a repeated handshake
            }
            boolean first = master == null;
            master = c.sender();
            everSynced = true;
            silentTicks = 0;
            resyncing = false;
            input.handshake(a.offset(), a.heartbeatInterval());
            resync(a.state());
            if (!first) {
                return; // the writer channel survives a resync
            }
            if (writer == null) {
                writer = new ChannelProducer<>(
                        new WriterSink(), heartbeatInterval, connectionTimeoutFactor, MAX_UNACKED_WRITES + 1, 1);
            }
            // The channel goes on numbering after a master loss: a master that comes back (and
            // ignores a repeated attach_writer, as it already has this writer) expects the next
            // number; a new one takes the offset of the handshake.
            writer.add(master);
            flushStalled();
        } else if (s instanceof StoreCommand.Keepalive k) {
            input.heartbeat(k.seq());
        } else if (s instanceof StoreCommand.RetransmitFailed r) {
            input.retransmitFailed(r.seq());
        } else if (writer != null && s instanceof StoreCommand.CumulativeAck a) {
            writer.cumulativeAck(master, a.seq());
            flushStalled();
        } else if (writer != null && s instanceof StoreCommand.Nack n) {
            writer.nack(master, n.seqs());
        }
    }

    /** Acknowledges the master's updates at once if {@code threshold} arrived since the last ACK. */
    public void ackIfBehind(int threshold) {
        if (master != null) {
            input.ackIfBehind(threshold);
        }
    }

    public void tick() {
        if (master != null
                && heartbeatInterval > 0
                && ++silentTicks >= (long) heartbeatInterval * connectionTimeoutFactor) {
            masterLost("silent for " + silentTicks + " ticks");
        }
        input.tick();
        if (writer != null) {
            writer.tick();
        }
    }

    /**
     * The master said nothing, or acknowledged none of this clone's writes, for heartbeat ×
     * connection-timeout ticks: keep the content for reads, forget the master (and count the
     * writes it had not acknowledged), and ask for a master again; the first one that answers
     * becomes the new master and its snapshot replaces the content.
     */
    private void masterLost(String why) {
        masterLosses++;
        int unacked = writer == null ? 0 : writer.buffered();
        unacknowledgedWrites += unacked;
        out.problem(
                ErrorCode.NO_SUCH_MASTER,
                "store " + name + ": master " + master + " " + why
                        + "; serving the last content, looking for a master"
                        + (unacked == 0
                                ? ""
                                : "; " + unacked + " writes it had not acknowledged may be lost (not re-sent:"
                                        + " it may have applied them)"));
        if (writer != null) {
            writer.remove(master); // the unacknowledged writes go with it
        }
        master = null;
        resyncing = false;
        silentTicks = 0;
        newInput();
        sendJoin();
    }

    private void sendJoin() {
        out.send(
                EndpointId.NIL,
                masterTopic,
                new InternalCommand(
                        0, self, master == null ? EntityId.NIL : master, new StoreCommand.Nack(List.of(0L))));
    }

    private void resync(Map<Data, Data> snapshot) {
        if (content.isEmpty()) {
            snapshot.forEach((k, v) ->
                    out.event(new StoreEvent.Insert(name, k, v, java.util.OptionalLong.empty(), EntityId.NIL)));
        } else {
            for (Map.Entry<Data, Data> e : content.entrySet()) {
                Data now = snapshot.get(e.getKey());
                if (now == null) {
                    out.event(new StoreEvent.Erase(name, e.getKey(), EntityId.NIL));
                } else {
                    out.event(new StoreEvent.Update(
                            name, e.getKey(), e.getValue(), now, java.util.OptionalLong.empty(), EntityId.NIL));
                }
            }
            snapshot.forEach((k, v) -> {
                if (!content.containsKey(k)) {
                    out.event(new StoreEvent.Insert(name, k, v, java.util.OptionalLong.empty(), EntityId.NIL));
                }
            });
        }
        content.clear();
        content.putAll(snapshot);
    }

    private void apply(StoreCommand s) {
        if (s instanceof StoreCommand.Put p) {
            Data old = content.put(p.key(), p.value());
            if (!out.wantsEvents()) {
                return;
            }
            out.event(
                    old == null
                            ? new StoreEvent.Insert(name, p.key(), p.value(), p.expiry(), p.publisher())
                            : new StoreEvent.Update(name, p.key(), old, p.value(), p.expiry(), p.publisher()));
        } else if (s instanceof StoreCommand.Erase p) {
            if (content.remove(p.key()) != null) {
                out.event(new StoreEvent.Erase(name, p.key(), p.publisher()));
            }
        } else if (s instanceof StoreCommand.Expire p) {
            if (content.remove(p.key()) != null) {
                out.event(new StoreEvent.Expire(name, p.key(), p.publisher()));
            }
        } else if (s instanceof StoreCommand.Clear p) {
            List<Data> keys = new ArrayList<>(content.keySet());
            content.clear();
            for (Data k : keys) {
                out.event(new StoreEvent.Erase(name, k, p.publisher()));
            }
        } else if (s instanceof StoreCommand.PutUniqueResult r) {
            putUniqueListener.result(r.who(), r.reqId(), r.inserted());
        }
    }

    /**
     * Starts over after a lost update: Broker clones stop there ({@code broken_clone}); this one
     * keeps its content for reads, asks its master for a new handshake and replaces the content
     * with the new snapshot (store events for the difference).
     */
    private void startOver() {
        resyncs++;
        resyncing = true;
        newInput();
        sendJoin();
    }

    private final class InputSink implements ChannelConsumer.Sink<StoreCommand> {
        @Override
        public void consume(long seq, StoreCommand payload) {
            if (this != inputSink) {
                return; // events the discarded consumer still delivers after a reset
            }
            apply(payload);
        }

        @Override
        public void cumulativeAck(long seq) {
            out.send(
                    master.endpoint(),
                    masterTopic,
                    new InternalCommand(0, self, master, new StoreCommand.CumulativeAck(seq)));
        }

        @Override
        public void nack(List<Long> seqs) {
            if (master == null) {
                sendJoin();
                return;
            }
            out.send(master.endpoint(), masterTopic, new InternalCommand(0, self, master, new StoreCommand.Nack(seqs)));
        }

        @Override
        public void lost(long seq) {
            if (this != inputSink) {
                return;
            }
            out.problem(
                    ErrorCode.BROKEN_CLONE,
                    "store " + name + ": the master could not re-send update " + seq + "; resynchronising");
            startOver();
        }
    }

    private final class WriterSink implements ChannelProducer.Sink<EntityId, StoreCommand> {
        @Override
        public void handshake(EntityId m, long offset, int hb) {
            out.send(
                    EndpointId.NIL,
                    masterTopic,
                    new InternalCommand(0, self, m, new StoreCommand.AttachWriter(offset, hb)));
        }

        @Override
        public void broadcast(long seq, StoreCommand payload) {
            out.send(EndpointId.NIL, masterTopic, new InternalCommand(seq, self, master, payload));
        }

        @Override
        public void resend(EntityId m, long seq, StoreCommand payload) {
            broadcast(seq, payload);
        }

        @Override
        public void retransmitFailed(EntityId m, long seq) {
            out.send(
                    EndpointId.NIL,
                    masterTopic,
                    new InternalCommand(0, self, m, new StoreCommand.RetransmitFailed(seq)));
        }

        @Override
        public void heartbeat(long seq) {
            out.send(
                    EndpointId.NIL,
                    masterTopic,
                    new InternalCommand(0, self, EntityId.NIL, new StoreCommand.Keepalive(seq)));
            if (master != null && writer.awaitingAck(master)) {
                handshake(master, writer.offset(master), heartbeatInterval);
            }
        }

        @Override
        public void dropped(EntityId m, ErrorCode reason) {
            out.problem(
                    reason,
                    "store " + name + ": the master stopped acknowledging writes (" + reason.brokerName() + ")");
            if (m.equals(master)) {
                // A writer channel without its master would take further writes and send them
                // nowhere: look for a master again, holding writes until one answers (the same
                // master, if it is still there, answers the new join with a handshake, and the
                // writer channel goes on where it was).
                masterLost("stopped acknowledging writes for " + (long) heartbeatInterval * connectionTimeoutFactor
                        + " ticks");
            }
        }
    }
}
