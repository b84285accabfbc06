package io.jbroker.store.internal;

import io.jbroker.ErrorCode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The producer side of Broker's reliable channel (stores.md §4.1): numbers events, keeps them until
 * every consumer acknowledged them, answers NACKs with re-sends or {@code retransmit_failed},
 * sends heartbeats and drops silent consumers. A pure state machine: time is {@link #tick} calls,
 * output goes to a {@link Sink}. Not thread-safe (one store thread).
 *
 * <p>Bounded: the buffer of unacknowledged events holds at most {@code maxBuffered} events; when a
 * new event would exceed that, the consumer furthest behind is dropped (reason {@code
 * REQUEST_TIMEOUT}), counted in {@link #droppedSlow()} and sent {@code retransmit_failed} for the
 * next event it lacks, so that it can ask for a fresh handshake. At most {@code maxConsumers}
 * consumers are added; further handshake requests are refused and counted in {@link #refused()}.
 *
 * @param <H> consumer handle
 * @param <P> event payload
 */
public final class ChannelProducer<H, P> {
    /** Where the producer's messages go. */
    public interface Sink<H, P> {
        void handshake(H consumer, long offset, int heartbeatInterval);

        void broadcast(long seq, P payload);

        void resend(H consumer, long seq, P payload);

        void retransmitFailed(H consumer, long seq);

        void heartbeat(long seq);

        void dropped(H consumer, ErrorCode reason);
    }

    /** An added consumer's state. */
    static final class Path {
        final long offset;
        long acked;
        long lastSeen;

        Path(long offset, long lastSeen) {
            this.offset = offset;
            this.lastSeen = lastSeen;
        }
    }

    private final Sink<H, P> sink;
    private final int heartbeatInterval;
    private final int connectionTimeoutFactor;
    private final int maxBuffered;
    private final int maxConsumers;
    private final Map<H, Path> paths = new LinkedHashMap<>();
    /** Unacknowledged payloads, a ring: seq {@code firstSeq + i} at {@code (head + i) % length}. */
    private Object[] ring = new Object[16];

    private int head;
    private int count;
    private long firstSeq;
    private long seq = 1;
    private long tick = 1;
    private long lastBroadcast;
    private long droppedSlow;
    private long refused;
    private long strangers;

    public ChannelProducer(
            Sink<H, P> sink, int heartbeatInterval, int connectionTimeoutFactor, int maxBuffered, int maxConsumers) {
        if (maxBuffered < 1 || maxConsumers < 1) {
            throw new IllegalArgumentException("maxBuffered and maxConsumers must be positive");
        }
        this.sink = sink;
        this.heartbeatInterval = heartbeatInterval;
        this.connectionTimeoutFactor = connectionTimeoutFactor;
        this.maxBuffered = maxBuffered;
        this.maxConsumers = maxConsumers;
    }

    /** The sequence number of the latest event (1 before any). */
    public long seq() {
        return seq;
    }

    public int heartbeatInterval() {
        return heartbeatInterval;
    }

    public boolean hasConsumer(H h) {
        return paths.containsKey(h);
    }

    public int consumers() {
        return paths.size();
    }

    /** Events kept for re-sending (not yet acknowledged by every consumer). */
    public int buffered() {
        return count;
    }

    /** The sequence number of the oldest event some consumer has not acknowledged (seq + 1 if none). */
    public long oldestUnacked() {
        return count == 0 ? seq + 1 : firstSeq;
    }

    /** Consumers dropped because the buffer was full and they were furthest behind. */
    public long droppedSlow() {
        return droppedSlow;
    }

    /** Handshake requests refused because {@code maxConsumers} consumers were attached. */
    public long refused() {
        return refused;
    }

    /** Whether {@code h}'s handshake is still unacknowledged. */
    public boolean awaitingAck(H h) {
        Path p = paths.get(h);
        return p != null && p.acked == 0;
    }

    /**
     * Adds a consumer and sends it the handshake; false if it is known ({@code consumer_exists})
     * or {@code maxConsumers} are attached.
     */
    public boolean add(H h) {
        if (paths.containsKey(h)) {
            return false;
        }
        if (paths.size() >= maxConsumers) {
            refused++;
            return false;
        }
        paths.put(h, new Path(seq, tick));
        sink.handshake(h, seq, heartbeatInterval);
        return true;
    }

    /** The offset {@code h}'s handshake announced (the sequence number it was added at), or 0. */
    public long offset(H h) {
        Path p = paths.get(h);
        return p == null ? 0 : p.offset;
    }

    public void remove(H h) {
        paths.remove(h);
        trim();
    }

    /** Numbers and broadcasts an event; discarded when there are no consumers. */
    public void produce(P payload) {
        if (paths.isEmpty()) {
            return;
        }
        while (count >= maxBuffered && !paths.isEmpty()) {
            dropSlowest();
        }
        if (paths.isEmpty()) {
            return;
        }
        seq++;
        append(payload);
        lastBroadcast = tick;
        sink.broadcast(seq, payload);
    }

    private void dropSlowest() {
        H slowest = null;
        long min = Long.MAX_VALUE;
        for (Map.Entry<H, Path> e : paths.entrySet()) {
            long a = Math.max(e.getValue().acked, e.getValue().offset);
            if (a < min) {
                min = a;
                slowest = e.getKey();
            }
        }
        paths.remove(slowest);
        droppedSlow++;
        sink.retransmitFailed(slowest, min + 1);
        sink.dropped(slowest, ErrorCode.REQUEST_TIMEOUT);
        trim();
    }

    public void cumulativeAck(H h, long s) {
        Path p = paths.get(h);
        if (p == null) {
            stranger(h, s + 1);
            return;
        }
        if (p.acked > s) {
            return;
        }
        p.lastSeen = tick;
        if (p.acked != 0 && p.acked == s) {
            return;
        }
        p.acked = s;
        trim();
    }

    /**
     * A NACK; {@code [0]} is a handshake request: from an unknown handle it adds the consumer, from
     * one whose handshake is pending it repeats the handshake, and from one that had acknowledged
     * its handshake (a consumer that reset itself; Broker would answer with the old offset) it
     * starts over with a new handshake at the current sequence number.
     */
    public void nack(H h, List<Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        Path p = paths.get(h);
        if (p == null) {
            if (seqs.size() == 1 && seqs.get(0) == 0) {
                add(h);
            } else {
                stranger(h, seqs.get(0));
            }
            return;
        }
        p.lastSeen = tick;
        for (int i = 1; i < seqs.size(); i++) {
            if (Long.compareUnsigned(seqs.get(i - 1), seqs.get(i)) > 0) {
                paths.remove(h);
                sink.dropped(h, ErrorCode.INVALID_MESSAGE);
                trim();
                return;
            }
        }
        if (seqs.get(0) == 0) {
            if (p.acked == 0) {
                sink.handshake(h, p.offset, heartbeatInterval); // a repeated request: the same answer
            } else {
                paths.remove(h); // a consumer that lost its state: a fresh handshake from here on
                trim();
                add(h);
            }
            return;
        }
        cumulativeAck(h, seqs.get(0) - 1);
        for (long s : seqs) {
            P e = find(s);
            if (e != null) {
                sink.resend(h, s, e);
            } else {
                sink.retransmitFailed(h, s);
            }
        }
    }

    /**
     * An ACK or NACK from a consumer this producer does not know (it was dropped): answered with
     * {@code retransmit_failed} for the next event that consumer expects, so that it learns it must
     * start over (Broker's producer ignores such messages, leaving a dropped consumer stuck).
     */
    private void stranger(H h, long next) {
        strangers++;
        sink.retransmitFailed(h, next);
    }

    /** ACKs and NACKs received from consumers this producer does not know. */
    public long strangers() {
        return strangers;
    }

    public void tick() {
        tick++;
        if (heartbeatInterval == 0) {
            return;
        }
        if (lastBroadcast + heartbeatInterval == tick) {
            lastBroadcast = tick;
            sink.heartbeat(seq);
        }
        long timeout = (long) heartbeatInterval * connectionTimeoutFactor;
        List<H> gone = new ArrayList<>();
        for (Iterator<Map.Entry<H, Path>> it = paths.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<H, Path> e = it.next();
            if (tick - e.getValue().lastSeen >= timeout) {
                it.remove();
                gone.add(e.getKey());
            }
        }
        for (H h : gone) {
            sink.dropped(h, ErrorCode.CONNECTION_TIMEOUT);
        }
        trim();
    }

    // ------------------------------------------------------------------ the ring buffer

    private void append(P payload) {
        if (count == 0) {
            firstSeq = seq;
        }
        if (count == ring.length) {
            Object[] bigger = new Object[Math.min(ring.length * 2, Math.max(maxBuffered, 16))];
            for (int i = 0; i < count; i++) {
                bigger[i] = ring[(head + i) % ring.length];
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + count) % ring.length] = payload;
        count++;
    }

    @SuppressWarnings("unchecked")
    private P find(long s) {
        long i = s - firstSeq;
        if (count == 0 || i < 0 || i >= count) {
            return null;
        }
        return (P) ring[(int) ((head + i) % ring.length)];
    }

    private void trim() {
        if (paths.isEmpty()) {
            java.util.Arrays.fill(ring, null);
            head = 0;
            count = 0;
            return;
        }
        long min = Long.MAX_VALUE;
        for (Path p : paths.values()) {
            min = Math.min(min, p.acked);
        }
        while (count > 0 && firstSeq <= min) {
            ring[head] = null;
            head = (head + 1) % ring.length;
            count--;
            firstSeq++;
        }
    }
}
