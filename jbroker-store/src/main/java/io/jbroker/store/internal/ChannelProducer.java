package io.jbroker.store.internal;

import io.jbroker.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The producer side of Broker's reliable channel (stores.md §4.1): numbers events, keeps them until
 * every consumer acknowledged them, answers NACKs with re-sends or {@code retransmit_failed},
 * sends heartbeats and drops silent consumers. A pure state machine: time is {@link #tick} calls,
 * output goes to a {@link Sink}. Not thread-safe (one store thread). The buffer is bounded: when
 * it holds {@code maxBuffered} events the consumer furthest behind is dropped ({@code
 * CONNECTION_TIMEOUT} is not used for that: reason {@code REQUEST_TIMEOUT}) and reported.
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

    private record Event<P>(long seq, P payload) {}

    private final Sink<H, P> sink;
    private final int heartbeatInterval;
    private final int connectionTimeoutFactor;
    private final int maxBuffered;
    private final Map<H, Path> paths = new LinkedHashMap<>();
    private final ArrayDeque<Event<P>> buffer = new ArrayDeque<>();
    private long seq = 1;
    private long tick = 1;
    private long lastBroadcast;

    public ChannelProducer(Sink<H, P> sink, int heartbeatInterval, int connectionTimeoutFactor, int maxBuffered) {
        this.sink = sink;
        this.heartbeatInterval = heartbeatInterval;
        this.connectionTimeoutFactor = connectionTimeoutFactor;
        this.maxBuffered = maxBuffered;
    }

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

    public int buffered() {
        return buffer.size();
    }

    /** Whether {@code h}'s handshake is still unacknowledged. */
    public boolean awaitingAck(H h) {
        Path p = paths.get(h);
        return p != null && p.acked == 0;
    }

    /** Adds a consumer and sends it the handshake; false ({@code consumer_exists}) if known. */
    public boolean add(H h) {
        if (paths.containsKey(h)) {
            return false;
        }
        paths.put(h, new Path(seq, tick));
        sink.handshake(h, seq, heartbeatInterval);
        return true;
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
        if (buffer.size() >= maxBuffered) {
            dropSlowest();
        }
        if (paths.isEmpty()) {
            return;
        }
        seq++;
        buffer.add(new Event<>(seq, payload));
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
        sink.dropped(slowest, ErrorCode.REQUEST_TIMEOUT);
        trim();
    }

    public void cumulativeAck(H h, long s) {
        Path p = paths.get(h);
        if (p == null || p.acked > s) {
            return;
        }
        p.lastSeen = tick;
        if (p.acked != 0 && p.acked == s) {
            return;
        }
        p.acked = s;
        trim();
    }

    /** A NACK; {@code [0]} from an unknown handle is a handshake request. */
    public void nack(H h, List<Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        Path p = paths.get(h);
        if (p == null) {
            if (seqs.size() == 1 && seqs.get(0) == 0) {
                add(h);
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
            sink.handshake(h, p.offset, heartbeatInterval);
            return;
        }
        cumulativeAck(h, seqs.get(0) - 1);
        for (long s : seqs) {
            Event<P> e = find(s);
            if (e != null) {
                sink.resend(h, s, e.payload);
            } else {
                sink.retransmitFailed(h, s);
            }
        }
    }

    private Event<P> find(long s) {
        for (Event<P> e : buffer) {
            if (e.seq == s) {
                return e;
            }
        }
        return null;
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

    private void trim() {
        if (paths.isEmpty()) {
            buffer.clear();
            return;
        }
        long min = Long.MAX_VALUE;
        for (Path p : paths.values()) {
            min = Math.min(min, p.acked);
        }
        while (!buffer.isEmpty() && buffer.peekFirst().seq <= min) {
            buffer.pollFirst();
        }
    }
}
