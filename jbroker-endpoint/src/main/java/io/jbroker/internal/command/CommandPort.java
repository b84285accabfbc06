package io.jbroker.internal.command;

import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.internal.core.CommandSink;
import io.jbroker.internal.core.EndpointHooks;
import io.jbroker.internal.core.PeerLink;
import io.jbroker.internal.core.Router;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.MessageType;
import java.util.Arrays;

/**
 * The smallest hook that lets a data store (module {@code io.jbroker.store}) speak command
 * envelopes through an {@link Endpoint}: receive those on one topic that are broadcast or addressed
 * to this endpoint, and send command envelopes to peers. Opening a port adds its topic to the
 * endpoint's announced filter, so peers route the store's commands here.
 *
 * <p>Threading: {@link Handler#command} runs on a network thread and must hand off at once; {@link
 * #send} may be called from any thread (not a network thread) and waits at most {@link #MAX_WAIT}
 * for room at a peer.
 */
public final class CommandPort implements AutoCloseable {
    /** Receives the raw parts of one command envelope. */
    public interface Handler {
        void command(EndpointId envelopeSender, EndpointId envelopeReceiver, byte[] payload);
    }

    /**
     * Receives one command envelope's payload in place: {@code length} bytes at {@code offset} of
     * {@code frame}, which is immutable and may be kept, but must never be modified (no copy is made).
     */
    public interface FrameHandler {
        void command(EndpointId envelopeSender, EndpointId envelopeReceiver, byte[] frame, int offset, int length);
    }

    /** How long a send waits for room at one peer before that peer counts as stuck. */
    public static final java.time.Duration MAX_WAIT = java.time.Duration.ofMillis(200);

    private static final long MAX_WAIT_NANOS = MAX_WAIT.toNanos();

    private final Router router;
    private final Sink sink;
    private final java.util.Set<EndpointId> stuck = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.LongAdder dropped = new java.util.concurrent.atomic.LongAdder();

    private CommandPort(Router router, Sink sink) {
        this.router = router;
        this.sink = sink;
    }

    /** Opens a port receiving commands on {@code topic} and announces the topic to peers. */
    public static CommandPort open(Endpoint endpoint, Topic topic, Handler handler) {
        return open(endpoint, topic, (FrameHandler) (s, r, frame, offset, length) ->
                handler.command(s, r, java.util.Arrays.copyOfRange(frame, offset, offset + length)));
    }

    /** Like {@link #open(Endpoint, Topic, Handler)}, handing over payloads in place (no copy). */
    public static CommandPort open(Endpoint endpoint, Topic topic, FrameHandler handler) {
        Router router = EndpointHooks.router(endpoint);
        Sink sink = new Sink(topic, handler);
        router.addCommandSink(sink);
        EndpointHooks.announce(endpoint, topic);
        return new CommandPort(router, sink);
    }

    /** This endpoint's ID (the envelope sender of everything it sends). */
    public EndpointId self() {
        return router.self();
    }

    /**
     * Sends a command envelope: with a nil {@code receiver} to every peer whose filter matches
     * {@code topic}, else to that direct peer only.
     *
     * @return whether at least one peer took it
     */
    public boolean send(EndpointId receiver, Topic topic, byte[] payload) {
        return send(receiver, topic, payload, 0, payload.length);
    }

    /** Like {@link #send(EndpointId, Topic, byte[])} with {@code length} bytes of {@code buf} at {@code offset}. */
    public boolean send(EndpointId receiver, Topic topic, byte[] buf, int offset, int length) {
        Envelope e = Envelope.of(router.self(), receiver, MessageType.COMMAND, topic, buf, offset, length);
        boolean any = false;
        for (PeerLink q : router.peersShared()) {
            boolean wanted = receiver.isNil() ? q.filter().matches(topic) : receiver.equals(q.remoteId());
            if (wanted) {
                any |= sendTo(q, e);
            }
        }
        return any;
    }

    /**
     * Back-pressure without letting one stuck peer stall the store: waits up to {@link #MAX_WAIT}
     * for room at a peer; a peer that had no room within that time is only offered envelopes
     * without waiting (its overflow policy applies, counted in {@link #droppedCount}) until one is
     * accepted again.
     */
    private boolean sendTo(PeerLink q, Envelope e) {
        boolean ok;
        if (!stuck.isEmpty() && stuck.contains(q.remoteId())) {
            ok = q.send(e);
            if (ok) {
                stuck.remove(q.remoteId());
            }
        } else {
            try {
                // the clock is read only when the peer's buffer is full
                ok = q.sendIfRoom(e) || q.send(e, System.nanoTime() + MAX_WAIT_NANOS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                ok = q.send(e);
            }
            if (!ok) {
                stuck.add(q.remoteId());
            }
        }
        if (!ok) {
            dropped.increment();
        }
        return ok;
    }

    /** Envelopes a peer's buffer did not take (the store's channel re-sends what matters). */
    public long droppedCount() {
        return dropped.sum();
    }

    /** Delivers {@code value} on the local {@code topic} to this endpoint's subscribers only. */
    public void deliverLocally(Topic topic, io.jbroker.data.Data value) {
        router.deliverLocally(new io.jbroker.DataMessage(topic, value));
    }

    /**
     * Whether a local subscriber of this endpoint would receive {@code topic}, so that a caller can
     * skip building values nobody reads (a store's events on every write).
     */
    public boolean hasLocalSubscriber(Topic topic) {
        io.jbroker.internal.core.LocalSink[] sinks = router.sinksShared();
        SubscriberAnswer last = lastAnswer;
        if (last != null && last.holdsFor(sinks, topic)) {
            return last.answer; // the same subscribers and filters: matched once per change, not per event
        }
        io.jbroker.internal.wire.Filter[] filters = new io.jbroker.internal.wire.Filter[sinks.length];
        boolean answer = false;
        for (int i = 0; i < sinks.length; i++) {
            filters[i] = sinks[i].filter();
            answer |= filters[i].matches(topic);
        }
        lastAnswer = new SubscriberAnswer(sinks, filters, topic, answer);
        return answer;
    }

    /**
     * The last {@link #hasLocalSubscriber} answer with what it was computed from: the routing
     * table's array of sinks (a new one whenever sinks come or go) and each sink's filter (a new
     * object whenever a subscriber changes its topics).
     */
    private record SubscriberAnswer(
            io.jbroker.internal.core.LocalSink[] sinks,
            io.jbroker.internal.wire.Filter[] filters,
            Topic topic,
            boolean answer) {
        boolean holdsFor(io.jbroker.internal.core.LocalSink[] now, Topic t) {
            if (now != sinks || !topic.equals(t)) {
                return false;
            }
            for (int i = 0; i < now.length; i++) {
                if (now[i].filter() != filters[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private volatile SubscriberAnswer lastAnswer;

    /** Whether any direct peer of {@code endpoint} announces a filter matching {@code topic}. */
    public static boolean anyPeerAnnounces(Endpoint endpoint, Topic topic) {
        return Arrays.stream(EndpointHooks.router(endpoint).peers())
                .anyMatch(q -> q.filter().matches(topic));
    }

    /** Stops receiving (the announced filter keeps the topic, as filters only grow). */
    @Override
    public void close() {
        router.removeCommandSink(sink);
    }

    private static final class Sink implements CommandSink {
        private final Topic topic;
        private final FrameHandler handler;

        Sink(Topic topic, FrameHandler handler) {
            this.topic = topic;
            this.handler = handler;
        }

        @Override
        public Topic topic() {
            return topic;
        }

        @Override
        public void command(Envelope e) {
            handler.command(e.sender(), e.receiver(), e.frame(), e.payloadOffset(), e.payloadLength());
        }
    }
}
