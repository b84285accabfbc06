package io.jbroker.endpoint;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.DecodeException;
import io.jbroker.internal.core.BoundedQueue;
import io.jbroker.internal.core.InboundBatch;
import io.jbroker.internal.core.PeerLink;
import io.jbroker.internal.core.Router;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.Filter;
import io.jbroker.internal.wire.MessageType;
import io.jbroker.spi.FlowControl;
import io.jbroker.spi.Link;
import io.jbroker.spi.LinkListener;
import io.jbroker.spi.OutboundMessage;
import java.time.Duration;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A transport's link as the router sees it: a {@link PeerLink} with a bounded outbound buffer
 * (the peer bounds, policy and stall timeout of the endpoint) that the transport drains, and the
 * entry of its inbound messages into the router. Only data messages are queued; Broker control
 * envelopes (routing updates) are not for links.
 */
final class AttachedLink implements Link, PeerLink {
    /** Error events of one link per second at most; the rest is only counted. */
    private static final int ERROR_EVENTS_PER_SECOND = 10;

    private final EndpointId id = EndpointId.random();
    private final String name;
    private final LinkListener listener;
    private final Router router;
    private final TransportHub hub;
    private final BoundedQueue<Envelope> queue;
    private final NetworkInfo network;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean detached = new AtomicBoolean();
    private final InboundBatch batch = new InboundBatch();
    private final ToOutbound drained = new ToOutbound();
    private volatile Filter filter = Filter.EMPTY;
    private volatile boolean paused;
    private FlowControl lastFlow;
    private BoundedQueue.Source lastSource;

    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final AtomicLong discarded = new AtomicLong();
    /** Drops already reported in a status event. */
    final AtomicLong reportedDrops = new AtomicLong();

    private long errorWindowStart = System.nanoTime(); // I/O thread only
    private int errorsInWindow;

    AttachedLink(String name, LinkListener listener, Router router, TransportHub hub, EndpointConfig config) {
        this.name = name;
        this.listener = listener;
        this.router = router;
        this.hub = hub;
        this.network = new NetworkInfo(name, 0, Duration.ZERO);
        this.queue = new BoundedQueue<>(
                config.peerBufferMessages(),
                config.peerBufferBytes(),
                config.peerOverflowPolicy(),
                config.stallTimeout().toNanos());
    }

    // ------------------------------------------------------------------ PeerLink (router side)

    @Override
    public EndpointId remoteId() {
        return id;
    }

    @Override
    public Filter filter() {
        return filter;
    }

    @Override
    public boolean send(Envelope envelope) {
        if (envelope.type() != MessageType.DATA) {
            return true; // Broker control traffic (routing updates) is not for links
        }
        return outcome(queue.offer(envelope, envelope.payloadLength()));
    }

    @Override
    public boolean sendIfRoom(Envelope envelope) {
        return envelope.type() == MessageType.DATA
                && queue.offerIfRoom(envelope, envelope.payloadLength())
                && outcome(BoundedQueue.Offer.ACCEPTED);
    }

    @Override
    public boolean send(Envelope envelope, long deadlineNanos) throws InterruptedException {
        if (envelope.type() != MessageType.DATA) {
            return true;
        }
        BoundedQueue.Offer r = queue.offer(envelope, envelope.payloadLength(), deadlineNanos);
        return outcome(r) && r == BoundedQueue.Offer.ACCEPTED;
    }

    private boolean outcome(BoundedQueue.Offer r) {
        switch (r) {
            case ACCEPTED:
            case REPLACED_OLDEST:
                if (armed.get() && armed.getAndSet(false)) {
                    try {
                        listener.wakeup();
                    } catch (RuntimeException e) {
                        // A transport's callback must not break publishing.
                    }
                }
                return true;
            case DISCONNECT:
                closeByPolicy("output buffer full (policy disconnect)");
                return false;
            default:
                return false;
        }
    }

    // ------------------------------------------------------------------ Link (transport side)

    @Override
    public EndpointId id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void filter(List<Topic> prefixes) {
        filter = Filter.received(prefixes);
    }

    @Override
    public List<Topic> topics() {
        return filter.prefixes();
    }

    @Override
    public int poll(List<OutboundMessage> out, int max) {
        drained.target = out;
        try {
            return queue.drainTo(drained, max, Long.MAX_VALUE);
        } finally {
            drained.target = null;
        }
    }

    /**
     * What {@link #poll} drains into: each envelope goes straight into the transport's list as an
     * {@link OutboundMessage} (no list in between). Transport thread only.
     */
    private static final class ToOutbound extends AbstractList<Envelope> {
        List<OutboundMessage> target;

        @Override
        public boolean add(Envelope e) {
            return target.add(new OutboundMessage(e.topic(), e.frame(), e.payloadOffset(), e.payloadLength()));
        }

        @Override
        public Envelope get(int index) {
            throw new UnsupportedOperationException("only add");
        }

        @Override
        public int size() {
            return 0;
        }
    }

    @Override
    public int queuedMessages() {
        return queue.size();
    }

    @Override
    public boolean armWakeup() {
        armed.set(true);
        if (!queue.isEmpty()) {
            armed.set(false);
            return false;
        }
        return true;
    }

    @Override
    public boolean receive(Topic topic, byte[] payload, int offset, int length) {
        messagesIn.increment();
        bytesIn.add(length);
        if (detached.get()) {
            return true;
        }
        if (topic.isReserved() || topic.length() > 65535) {
            malformed(ErrorCode.INVALID_TOPIC_KEY, "topic not allowed from a " + name + " link");
            return false;
        }
        byte[] copy = offset == 0 && length == payload.length
                ? payload
                : Arrays.copyOfRange(payload, offset, offset + length);
        Envelope e = Envelope.of(id, EndpointId.NIL, MessageType.DATA, topic, copy);
        try {
            router.receive(e, id, batch);
            return true;
        } catch (DecodeException ex) {
            // Counted by the router as malformed.
            report(ErrorCode.DESERIALIZATION_FAILED, "undecodable payload on " + topic + ": " + ex.getMessage());
            return false;
        }
    }

    @Override
    public void flush(FlowControl source) {
        if (source != lastFlow) {
            lastFlow = source;
            lastSource = new BoundedQueue.Source() {
                @Override
                public void pause() {
                    paused = true;
                    source.pause();
                }

                @Override
                public void resume() {
                    paused = false;
                    source.resume();
                }
            };
        }
        router.flush(batch, lastSource);
    }

    @Override
    public void sent(int messages, long bytes) {
        messagesOut.add(messages);
        bytesOut.add(bytes);
    }

    @Override
    public void malformed(ErrorCode code, String reason) {
        malformed.increment();
        report(code, reason);
    }

    private void report(ErrorCode code, String reason) {
        long now = System.nanoTime();
        if (now - errorWindowStart >= TimeUnit.SECONDS.toNanos(1)) {
            errorWindowStart = now;
            errorsInWindow = 0;
        }
        if (++errorsInWindow <= ERROR_EVENTS_PER_SECOND) {
            hub.emit(ErrorEvent.of(code, EndpointInfo.of(id, network), reason));
        }
    }

    @Override
    public boolean paused() {
        return paused;
    }

    @Override
    public void detach(String reason) {
        if (!detached.compareAndSet(false, true)) {
            return;
        }
        router.removePeer(id);
        discarded.addAndGet(queue.size());
        queue.close();
        hub.detached(this, reason);
    }

    private void closeByPolicy(String reason) {
        if (detached.get()) {
            return;
        }
        detach(reason);
        hub.forcedDisconnect();
        try {
            listener.closed(reason);
        } catch (RuntimeException e) {
            // Contained: the transport's callback must not break the publisher.
        }
    }

    /** Applies the policy if the transport has not drained the full buffer for the stall timeout. */
    void checkStall(long nowNanos) {
        if (queue.checkStall(nowNanos) == BoundedQueue.Offer.DISCONNECT) {
            closeByPolicy("output buffer stalled (policy disconnect)");
        }
    }

    boolean isDetached() {
        return detached.get();
    }

    void closedByEndpoint() {
        if (!detached.get()) {
            detach("endpoint closed");
            try {
                listener.closed("endpoint closed");
            } catch (RuntimeException e) {
                // Contained.
            }
        }
    }

    NetworkInfo network() {
        return network;
    }

    /** Messages the policy dropped, and what was still queued when the link was detached. */
    long dropped() {
        return queue.droppedCount() + discarded.get();
    }

    long messagesIn() {
        return messagesIn.sum();
    }

    long bytesIn() {
        return bytesIn.sum();
    }

    long messagesOut() {
        return messagesOut.sum();
    }

    long bytesOut() {
        return bytesOut.sum();
    }

    long malformedCount() {
        return malformed.sum();
    }

    PeerInfo info() {
        return new PeerInfo(
                id,
                network,
                filter.prefixes(),
                true,
                PeerStatus.PEERED,
                messagesIn(),
                bytesIn(),
                messagesOut(),
                bytesOut(),
                dropped(),
                queue.size(),
                queue.bytes(),
                0,
                paused,
                Optional.empty());
    }
}
