package io.jbroker.internal.core;

import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.data.Data;
import io.jbroker.data.DecodeException;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.MessageType;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivers envelopes to local sinks and forwards them to peers with Broker's rules (wire protocol
 * §9.2), plus jbroker's loop guard: a relayed envelope's TTL is decremented and an envelope whose
 * TTL runs out is not relayed further, so no message circulates forever in a cycle of jbroker
 * nodes.
 *
 * <p>Threading: {@link #publish} and {@link #receive} may be called from any thread; they read an
 * immutable {@link RoutingTable} snapshot. Changes to the table are serialized on this object's
 * monitor (the single writer). A message is encoded once; the same frame goes to every peer.
 */
public final class Router {
    /** The source of deliveries that cannot be paused. */
    private static final BoundedQueue.Source NO_SOURCE = new BoundedQueue.Source() {
        @Override
        public void pause() {}

        @Override
        public void resume() {}
    };

    private final EndpointId self;
    private final boolean forwarding;
    private volatile RoutingTable table = RoutingTable.EMPTY;
    private volatile CommandSink[] commandSinks = new CommandSink[0];

    private final LongAdder delivered = new LongAdder();
    private final LongAdder decoded = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder ttlExpired = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder[] received = newAdders(MessageType.PONG.code() + 1);
    private final DuplicateFilter duplicateFilter;

    public Router(EndpointId self, boolean forwarding) {
        this(self, forwarding, java.time.Duration.ZERO);
    }

    /**
     * A router that, with a positive {@code duplicateWindow}, suppresses copies of a data message
     * arriving over several paths within that window (see {@link DuplicateFilter}).
     */
    public Router(EndpointId self, boolean forwarding, java.time.Duration duplicateWindow) {
        this.self = self;
        this.forwarding = forwarding;
        this.duplicateFilter =
                duplicateWindow.isZero() ? null : new DuplicateFilter(duplicateWindow.toNanos(), 1 << 20);
    }

    public EndpointId self() {
        return self;
    }

    public synchronized void addPeer(PeerLink link) {
        table = table.withPeer(link);
    }

    public synchronized void removePeer(EndpointId id) {
        table = table.withoutPeer(id);
    }

    public synchronized void addSink(LocalSink sink) {
        table = table.withSink(sink);
    }

    public synchronized void removeSink(LocalSink sink) {
        table = table.withoutSink(sink);
    }

    public synchronized void addCommandSink(CommandSink sink) {
        CommandSink[] next = java.util.Arrays.copyOf(commandSinks, commandSinks.length + 1);
        next[commandSinks.length] = sink;
        commandSinks = next;
    }

    public synchronized void removeCommandSink(CommandSink sink) {
        commandSinks =
                java.util.Arrays.stream(commandSinks).filter(s -> s != sink).toArray(CommandSink[]::new);
    }

    /** The established peer with this ID, or {@code null}. */
    public PeerLink peer(EndpointId id) {
        return table.peer(id);
    }

    /** Established peers, in the order they were added. */
    public PeerLink[] peers() {
        return table.peers.clone();
    }

    /**
     * The same as {@link #peers()} without the copy, for per-message loops: the array of the
     * current routing table, which callers must not modify.
     */
    public PeerLink[] peersShared() {
        return table.peers;
    }

    /**
     * Routes an envelope created by this endpoint (sender = self): to matching local sinks (data
     * only) and to every peer whose filter matches or that it is addressed to. A sink that throws
     * costs neither the other sinks nor the peers; its exception is rethrown at the end.
     */
    public void publish(Envelope e, Data value) {
        RoutingTable t = table;
        recordOwn(e);
        RuntimeException failure = null;
        if (e.type() == MessageType.DATA
                && (e.receiver().isNil() || e.receiver().equals(self))) {
            DataMessage msg = new DataMessage(e.topic(), value);
            for (LocalSink s : t.sinks) {
                try {
                    if (s.filter().matches(msg.topic()) && s.offer(msg, e.payloadLength())) {
                        delivered.increment();
                    }
                } catch (RuntimeException ex) {
                    failure = failure(failure, ex);
                }
            }
        }
        for (PeerLink q : t.peers) {
            if (wantedBy(q, e)) {
                q.send(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Collects the failures of one delivery, so that a sink that throws costs neither the other
     * sinks nor the peers; the first is rethrown at the end, the others suppressed in it.
     */
    static RuntimeException failure(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /**
     * Like {@link #publish} but never drops: waits until {@code deadlineNanos} for room at every
     * receiver (local subscribers and peers). Receivers that had room keep the message even if
     * another one timed out. A sink that throws costs neither the other sinks nor the peers; its
     * exception is rethrown at the end.
     *
     * @return the number of receivers that had no room before the deadline (0 = delivered to all)
     */
    public int publishWaiting(Envelope e, Data value, long deadlineNanos) throws InterruptedException {
        RoutingTable t = table;
        recordOwn(e);
        int missed = 0;
        RuntimeException failure = null;
        if (e.type() == MessageType.DATA
                && (e.receiver().isNil() || e.receiver().equals(self))) {
            DataMessage msg = new DataMessage(e.topic(), value);
            for (LocalSink s : t.sinks) {
                try {
                    if (s.filter().matches(msg.topic())) {
                        if (s.offer(msg, e.payloadLength(), deadlineNanos)) {
                            delivered.increment();
                        } else {
                            missed++;
                        }
                    }
                } catch (RuntimeException ex) {
                    failure = failure(failure, ex);
                }
            }
        }
        for (PeerLink q : t.peers) {
            if (wantedBy(q, e) && !q.send(e, deadlineNanos)) {
                missed++;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return missed;
    }

    /**
     * Routes an envelope received from the direct peer {@code from}, delivering at once (for
     * callers without a read batch, such as tests).
     *
     * @throws DecodeException if a data payload is malformed
     * @throws RejectedEnvelopeException if the envelope breaks the rules for what a peer may send
     */
    public void receive(Envelope e, EndpointId from) {
        InboundBatch batch = new InboundBatch();
        try {
            receive(e, from, batch);
        } finally {
            flush(batch, NO_SOURCE);
        }
    }

    /**
     * Hands what {@link #receive(Envelope, EndpointId, InboundBatch)} collected to the local sinks
     * (one lock per sink) and counts it; a full sink may pause {@code source}.
     */
    public void flush(InboundBatch batch, BoundedQueue.Source source) {
        decoded.add(batch.decoded);
        delivered.add(batch.size());
        batch.flush(source);
    }

    /**
     * Routes an envelope received from the direct peer {@code from}: local deliveries go into
     * {@code batch} (handed over at the end of the read), relays straight to the next peers. The
     * payload is decoded only if a local subscriber wants it, and a relay is never re-encoded:
     * only its sender and TTL are rewritten. A data envelope whose payload is malformed is
     * dropped entirely (as Broker does; a relayed one is validated first) and the exception is
     * rethrown for the caller to report. An envelope a peer may not send (a local or reserved
     * topic, a sender other than {@code from}: {@link RejectedEnvelopeException}) is neither
     * delivered nor relayed; it is counted and the exception thrown for the caller to report.
     *
     * @throws DecodeException if a data payload is malformed
     * @throws RejectedEnvelopeException if the envelope breaks the rules for what a peer may send
     */
    public void receive(Envelope e, EndpointId from, InboundBatch batch) {
        try {
            RejectedEnvelopeException.check(e, from, self);
        } catch (RejectedEnvelopeException ex) {
            rejected.increment();
            throw ex;
        }
        RoutingTable t = table;
        boolean relay = forwarding && !e.receiver().equals(self) && wantedByOther(t, e, from);
        if (e.type() == MessageType.DATA) {
            if (duplicateFilter != null && !duplicateFilter.admit(e, from, System.nanoTime())) {
                duplicates.increment();
                return;
            }
            boolean local = e.receiver().isNil() || e.receiver().equals(self);
            boolean wanted = false;
            if (local) {
                for (LocalSink s : t.sinks) {
                    if (s.filter().matches(e.topic())) {
                        wanted = true;
                        break;
                    }
                }
            }
            try {
                if (wanted) {
                    DataMessage msg = new DataMessage(e.topic(), e.decodeData());
                    batch.decoded++;
                    int size = e.payloadLength();
                    for (LocalSink s : t.sinks) {
                        if (s.filter().matches(msg.topic())) {
                            batch.add(s, msg, size);
                        }
                    }
                } else if (relay) {
                    e.validateData();
                }
            } catch (DecodeException ex) {
                malformed.increment();
                throw ex;
            }
        }
        if (e.type() == MessageType.COMMAND
                && (e.receiver().isNil() || e.receiver().equals(self))) {
            deliverCommand(e);
        }
        if (!relay) {
            return;
        }
        if (e.ttl() <= 1) {
            ttlExpired.increment();
            return;
        }
        Envelope copy = e.forwardedCopy(self, e.ttl() - 1);
        for (PeerLink q : t.peers) {
            if (relaysTo(q, e, from) && q.send(copy)) {
                forwarded.increment();
            }
        }
    }

    private void deliverCommand(Envelope e) {
        for (CommandSink s : commandSinks) {
            if (s.topic().equals(e.topic())) {
                try {
                    s.command(e);
                    delivered.increment();
                } catch (RuntimeException ex) {
                    // a store's failure must not break the connection that carried the command
                    rejected.increment();
                }
            }
        }
    }

    private static boolean wantedByOther(RoutingTable t, Envelope e, EndpointId from) {
        for (PeerLink q : t.peers) {
            if (relaysTo(q, e, from)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an envelope received from {@code from} is relayed to {@code q}. */
    private static boolean relaysTo(PeerLink q, Envelope e, EndpointId from) {
        return !q.remoteId().equals(from) && !q.remoteId().equals(e.sender()) && wantedBy(q, e);
    }

    /**
     * Counts an own publication as one copy from this node, so copies that come back round a
     * cycle are recognised as duplicates.
     */
    private void recordOwn(Envelope e) {
        if (duplicateFilter != null && e.type() == MessageType.DATA) {
            duplicateFilter.admit(e, self, System.nanoTime());
        }
    }

    private static boolean wantedBy(PeerLink q, Envelope e) {
        return e.receiver().isNil()
                ? q.filter().matches(e.topic())
                : e.receiver().equals(q.remoteId());
    }

    /**
     * Delivers a locally generated message (status and error events) to matching local sinks; a
     * sink that throws does not cost the others (its exception is rethrown at the end).
     */
    public void deliverLocally(DataMessage msg) {
        deliverLocally(table, msg);
    }

    private void deliverLocally(RoutingTable t, DataMessage msg) {
        RuntimeException failure = null;
        for (LocalSink s : t.sinks) {
            try {
                if (s.filter().matches(msg.topic()) && s.offer(msg, 0)) {
                    delivered.increment();
                }
            } catch (RuntimeException ex) {
                failure = failure(failure, ex);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The local sinks, in the order they were added. */
    public LocalSink[] sinks() {
        return table.sinks.clone();
    }

    /**
     * The same as {@link #sinks()} without the copy: the current routing table's array, which
     * callers must not modify; a new array whenever the sinks change.
     */
    public LocalSink[] sinksShared() {
        return table.sinks;
    }

    /** Received data payloads decoded for local subscribers (relays are never decoded). */
    public long decodedCount() {
        return decoded.sum();
    }

    /** Messages handed to local sinks (for received ones: handed to their read's batch). */
    public long deliveredCount() {
        return delivered.sum();
    }

    /** Envelopes relayed to peers. */
    public long forwardedCount() {
        return forwarded.sum();
    }

    /** Envelopes not relayed because their TTL ran out (a loop or an overlong path). */
    public long ttlExpiredCount() {
        return ttlExpired.sum();
    }

    /** Copies of data messages suppressed as duplicates (only with a duplicate window). */
    public long duplicateCount() {
        return duplicates.sum();
    }

    /** Received envelopes rejected because a peer may not send them (see {@link #receive}). */
    public long rejectedCount() {
        return rejected.sum();
    }

    /** Received data envelopes dropped because their payload was malformed. */
    public long malformedCount() {
        return malformed.sum();
    }

    /**
     * Adds a connection's counts of received envelopes, indexed by {@link MessageType#code()}, and
     * zeroes them (called once per socket read, not per message).
     */
    public void countReceived(long[] byTypeCode) {
        for (int code = 1; code < received.length && code < byTypeCode.length; code++) {
            if (byTypeCode[code] != 0) {
                received[code].add(byTypeCode[code]);
                byTypeCode[code] = 0;
            }
        }
    }

    /** Envelopes of this type received from peers. */
    public long receivedCount(MessageType type) {
        return type.code() < received.length ? received[type.code()].sum() : 0;
    }

    private static LongAdder[] newAdders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
