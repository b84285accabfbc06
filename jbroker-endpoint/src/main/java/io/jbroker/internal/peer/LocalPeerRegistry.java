package io.jbroker.internal.peer;

import io.jbroker.EndpointId;
import io.jbroker.endpoint.PeerStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The in-memory {@link PeerRegistry} of one endpoint: a status per remote ID as in Broker's
 * connector, plus the queue of handshakes paused behind the one in flight. Thread-safe (one lock);
 * paused handshakes are notified after the lock is released.
 *
 * <p>Where Broker leaves it open (spec §14: a paused connection whose awaited handshake fails), the
 * oldest paused handshake takes over with {@link Decision#PROCEED}.
 */
public final class LocalPeerRegistry implements PeerRegistry {
    private final Map<EndpointId, Entry> entries = new HashMap<>();
    private boolean shuttingDown;

    private static final class Entry {
        PeerStatus status;
        final ArrayDeque<PausedHandshake> paused = new ArrayDeque<>();

        Entry(PeerStatus status) {
            this.status = status;
        }
    }

    @Override
    public Decision begin(EndpointId remote, boolean asOriginator, PausedHandshake paused) {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(paused, "paused");
        synchronized (this) {
            if (shuttingDown) {
                return Decision.DROP_SHUTTING_DOWN;
            }
            Entry e = entries.get(remote);
            if (e == null || e.status == PeerStatus.INITIALIZED) {
                entries.put(remote, new Entry(PeerStatus.CONNECTING));
                return Decision.PROCEED;
            }
            switch (e.status) {
                case DISCONNECTED:
                    e.status = PeerStatus.RECONNECTING;
                    return Decision.PROCEED;
                case CONNECTING:
                case RECONNECTING:
                    if (!asOriginator) {
                        return Decision.DROP_RESPONDER_REDUNDANT;
                    }
                    e.paused.add(paused);
                    return Decision.PAUSE;
                default: // CONNECTED, PEERED
                    return asOriginator ? Decision.DROP_REDUNDANT : Decision.DROP_RESPONDER_REDUNDANT;
            }
        }
    }

    @Override
    public void completed(EndpointId remote) {
        List<PausedHandshake> dropped;
        synchronized (this) {
            Entry e = entries.computeIfAbsent(remote, id -> new Entry(PeerStatus.CONNECTED));
            e.status = PeerStatus.CONNECTED;
            dropped = new ArrayList<>(e.paused);
            e.paused.clear();
        }
        dropped.forEach(p -> p.decide(Decision.DROP_REDUNDANT));
    }

    @Override
    public void failed(EndpointId remote) {
        PausedHandshake next;
        synchronized (this) {
            Entry e = entries.get(remote);
            if (e == null) {
                return;
            }
            next = e.paused.poll();
            if (next == null) {
                if (e.status == PeerStatus.RECONNECTING) {
                    e.status = PeerStatus.DISCONNECTED;
                } else if (e.status == PeerStatus.CONNECTING) {
                    entries.remove(remote);
                }
            }
        }
        if (next != null) {
            next.decide(Decision.PROCEED);
        }
    }

    @Override
    public synchronized void cancelled(EndpointId remote, PausedHandshake paused) {
        Entry e = entries.get(remote);
        if (e != null) {
            e.paused.remove(paused);
        }
    }

    @Override
    public synchronized void disconnected(EndpointId remote) {
        Entry e = entries.get(remote);
        if (e != null && (e.status == PeerStatus.CONNECTED || e.status == PeerStatus.PEERED)) {
            e.status = PeerStatus.DISCONNECTED;
        }
    }

    @Override
    public synchronized PeerStatus status(EndpointId remote) {
        if (shuttingDown) {
            return PeerStatus.UNKNOWN;
        }
        Entry e = entries.get(remote);
        return e == null ? PeerStatus.INITIALIZED : e.status;
    }

    /**
     * Marks the endpoint as shutting down: every later {@link #begin} answers {@link
     * Decision#DROP_SHUTTING_DOWN}, and so does every paused handshake now.
     */
    public void shutdown() {
        List<PausedHandshake> dropped = new ArrayList<>();
        synchronized (this) {
            shuttingDown = true;
            for (Entry e : entries.values()) {
                dropped.addAll(e.paused);
                e.paused.clear();
            }
        }
        dropped.forEach(p -> p.decide(Decision.DROP_SHUTTING_DOWN));
    }
}
