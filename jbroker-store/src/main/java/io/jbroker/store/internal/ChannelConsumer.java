package io.jbroker.store.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The consumer side of Broker's reliable channel (stores.md §4.2): delivers events in sequence,
 * buffers out-of-order ones (bounded), acknowledges cumulatively, NACKs gaps and asks for a
 * handshake until it has one. A pure state machine driven by {@link #tick}; not thread-safe.
 *
 * @param <P> event payload
 */
public final class ChannelConsumer<P> {
    /** Where the consumer's output goes. */
    public interface Sink<P> {
        void consume(long seq, P payload);

        void cumulativeAck(long seq);

        void nack(List<Long> seqs);

        /** An event the producer could no longer re-send. */
        void lost(long seq);
    }

    private static final Object LOST = new Object();

    private final Sink<P> sink;
    private final int nackTimeout;
    private final int maxBuffered;
    private final TreeMap<Long, Object> buffer = new TreeMap<>();
    private long nextSeq;
    private long lastSeq;
    private long tick = 1;
    private long idleTicks;
    private long progressMark;
    private int heartbeatInterval;
    private long overflowed;
    private long lastAcked = -1;
    private boolean holdAcks;

    public ChannelConsumer(Sink<P> sink, int nackTimeout, int maxBuffered) {
        this.sink = sink;
        this.nackTimeout = nackTimeout;
        this.maxBuffered = maxBuffered;
    }

    public boolean initialized() {
        return nextSeq != 0;
    }

    public long nextSeq() {
        return nextSeq;
    }

    /** Out-of-order events not buffered because the buffer was full (they get NACKed again). */
    public long overflowed() {
        return overflowed;
    }

    public void handshake(long offset, int hb) {
        if (nextSeq != 0) {
            return;
        }
        nextSeq = offset + 1;
        lastSeq = nextSeq;
        heartbeatInterval = hb;
        buffer.headMap(offset, true).clear();
        deliverBuffered();
        lastAcked = nextSeq - 1;
        sink.cumulativeAck(lastAcked); // even while ACKs are held: the producer waits for this one
    }

    public void event(long seq, P payload) {
        if (nextSeq != 0 && seq == nextSeq) {
            sink.consume(seq, payload);
            nextSeq++;
            lastSeq = Math.max(lastSeq, nextSeq);
            deliverBuffered();
        } else if (nextSeq == 0 ? seq > 0 : seq > nextSeq) {
            lastSeq = Math.max(lastSeq, seq);
            Object there = buffer.get(seq);
            if (there == null || there == LOST) {
                if (there == null && buffer.size() >= maxBuffered) {
                    overflowed++;
                    return;
                }
                buffer.put(seq, payload);
            }
        }
    }

    public void heartbeat(long seq) {
        if (lastSeq == 0 || seq == 0) {
            return;
        }
        lastSeq = Math.max(lastSeq, seq + 1);
    }

    public void retransmitFailed(long seq) {
        if (nextSeq == 0) {
            return;
        }
        if (seq == nextSeq) {
            sink.lost(seq);
            nextSeq++;
            lastSeq = Math.max(lastSeq, nextSeq);
            deliverBuffered();
        } else if (seq > nextSeq && !buffer.containsKey(seq) && buffer.size() < maxBuffered) {
            buffer.put(seq, LOST);
            lastSeq = Math.max(lastSeq, seq + 1);
        }
    }

    @SuppressWarnings("unchecked")
    private void deliverBuffered() {
        while (!buffer.isEmpty() && buffer.firstKey() == nextSeq) {
            Map.Entry<Long, Object> e = buffer.pollFirstEntry();
            if (e.getValue() == LOST) {
                sink.lost(e.getKey());
            } else {
                sink.consume(e.getKey(), (P) e.getValue());
            }
            nextSeq++;
            lastSeq = Math.max(lastSeq, nextSeq);
        }
    }

    private void ack() {
        if (holdAcks) {
            return;
        }
        lastAcked = nextSeq - 1;
        sink.cumulativeAck(lastAcked);
    }

    /**
     * While held, no cumulative ACKs are sent except the handshake's (flow control: a producer with a
     * bounded window stops sending until they resume); NACKs go on.
     */
    public void holdAcks(boolean hold) {
        holdAcks = hold;
    }

    /**
     * Sends a cumulative ACK now if at least {@code threshold} events were delivered since the last
     * one (ACKs are otherwise sent once per heartbeat interval, which caps a producer with a bounded
     * buffer at buffer / interval events per second).
     */
    public void ackIfBehind(long threshold) {
        if (nextSeq != 0 && nextSeq - 1 - lastAcked >= threshold) {
            ack();
        }
    }

    public void tick() {
        tick++;
        long numTicks = tick - 1;
        if (nextSeq == 0) {
            if (++idleTicks >= nackTimeout) {
                idleTicks = 0;
                sink.nack(List.of(0L));
            }
            return;
        }
        boolean progress = nextSeq != progressMark;
        progressMark = nextSeq;
        if (progress) {
            idleTicks = 0;
            if (heartbeatInterval > 0 && numTicks % heartbeatInterval == 0) {
                ack();
            }
            return;
        }
        idleTicks++;
        if (nextSeq < lastSeq && idleTicks >= nackTimeout) {
            idleTicks = 0;
            List<Long> missing = new ArrayList<>();
            for (long s = nextSeq; s < lastSeq && missing.size() < 1024; s++) {
                if (!buffer.containsKey(s)) {
                    missing.add(s);
                }
            }
            sink.nack(missing);
        } else if (heartbeatInterval > 0 && numTicks % heartbeatInterval == 0) {
            ack();
        }
    }
}
