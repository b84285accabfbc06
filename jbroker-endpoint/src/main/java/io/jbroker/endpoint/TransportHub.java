package io.jbroker.endpoint;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.internal.core.Router;
import io.jbroker.internal.wire.Filter;
import io.jbroker.spi.Link;
import io.jbroker.spi.LinkListener;
import io.jbroker.spi.Transport;
import io.jbroker.spi.TransportContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The endpoint's side of its attached {@link Transport}s: hands each one a {@link
 * TransportContext}, registers their links with the router, tells them when the wanted topics
 * change, checks their buffers for stalls, reports their drops and keeps the counters of detached
 * links for the endpoint's totals.
 */
final class TransportHub {
    private final EndpointConfig config;
    private final Router router;
    private final Consumer<EndpointEvent> emitter;
    private final Supplier<Filter> announced;
    private final List<Transport> transports = new CopyOnWriteArrayList<>();
    private final List<AttachedLink> links = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<Topic>>> listeners = new CopyOnWriteArrayList<>();

    // Guarded by this:
    private long closedMessagesIn;
    private long closedBytesIn;
    private long closedMessagesOut;
    private long closedBytesOut;
    private long closedDropped;
    private long closedMalformed;
    private long forcedDisconnects;

    TransportHub(EndpointConfig config, Router router, Consumer<EndpointEvent> emitter, Supplier<Filter> announced) {
        this.config = config;
        this.router = router;
        this.emitter = emitter;
        this.announced = announced;
    }

    void attach(Transport t) {
        transports.add(t);
        t.start(new Context(t.name()));
    }

    /** The announced filter changed: tells every transport (under the lock of the announced filter, see SubscriptionRegistry). */
    void announced(Filter next) {
        List<Topic> wanted = wanted(next);
        for (Consumer<List<Topic>> l : listeners) {
            try {
                l.accept(wanted);
            } catch (RuntimeException e) {
                // A transport's listener must not break subscribing.
            }
        }
    }

    private static List<Topic> wanted(Filter f) {
        List<Topic> out = new ArrayList<>();
        for (Topic t : f.prefixes()) {
            if (!t.isReserved()) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    void emit(EndpointEvent e) {
        emitter.accept(e);
    }

    synchronized void forcedDisconnect() {
        forcedDisconnects++;
    }

    void detached(AttachedLink link, String reason) {
        links.remove(link);
        synchronized (this) {
            closedMessagesIn += link.messagesIn();
            closedBytesIn += link.bytesIn();
            closedMessagesOut += link.messagesOut();
            closedBytesOut += link.bytesOut();
            closedDropped += link.dropped();
            closedMalformed += link.malformedCount();
        }
        reportDrops(link);
        emit(new Status(
                StatusCode.PEER_REMOVED,
                EndpointInfo.of(link.id(), link.network()),
                "removed link " + link.name() + (reason != null ? " (" + reason + ")" : "")));
    }

    /** Runs every 100 ms: the policy of links whose transport stopped draining. */
    void checkStalls(long now) {
        for (AttachedLink l : links) {
            l.checkStall(now);
        }
    }

    /** Runs once a second: what the links' policies dropped since the last report. */
    void reportDrops() {
        for (AttachedLink l : links) {
            reportDrops(l);
        }
    }

    private void reportDrops(AttachedLink l) {
        DropReporter.outputBuffer(
                this::emit,
                config.peerOverflowPolicy(),
                EndpointInfo.of(l.id(), l.network()),
                l.dropped(),
                l.reportedDrops);
    }

    List<PeerInfo> linkInfos() {
        List<PeerInfo> out = new ArrayList<>();
        for (AttachedLink l : links) {
            out.add(l.info());
        }
        return out;
    }

    /** The traffic of detached links in all. */
    synchronized Traffic closedTotals() {
        return new Traffic(closedMessagesIn, closedBytesIn, closedMessagesOut, closedBytesOut, closedDropped);
    }

    synchronized long forcedDisconnects() {
        return forcedDisconnects;
    }

    long malformedCount() {
        long n;
        synchronized (this) {
            n = closedMalformed;
        }
        for (AttachedLink l : links) {
            n += l.malformedCount();
        }
        return n;
    }

    /** Closes every transport (newest first), then detaches what links remain. */
    void close() {
        List<Transport> ts = new ArrayList<>(transports);
        for (int i = ts.size() - 1; i >= 0; i--) {
            try {
                ts.get(i).close();
            } catch (RuntimeException e) {
                emit(ErrorEvent.of(
                        ErrorCode.UNSPECIFIED,
                        EndpointInfo.of(router.self()),
                        "transport " + ts.get(i).name() + " failed to close: " + e));
            }
        }
        transports.clear();
        for (AttachedLink l : links) {
            l.closedByEndpoint();
        }
    }

    /** What one transport gets. */
    private final class Context implements TransportContext {
        private final String transport;

        Context(String transport) {
            this.transport = transport;
        }

        @Override
        public EndpointId endpointId() {
            return router.self();
        }

        @Override
        public EndpointConfig config() {
            return config;
        }

        @Override
        public List<Topic> wantedTopics() {
            return wanted(announced.get());
        }

        @Override
        public void onWantedTopicsChanged(Consumer<List<Topic>> listener) {
            listeners.add(listener);
        }

        @Override
        public Link attach(String name, LinkListener listener) {
            AttachedLink l = new AttachedLink(name, listener, router, TransportHub.this, config);
            links.add(l);
            router.addPeer(l);
            emit(new Status(
                    StatusCode.PEER_ADDED, EndpointInfo.of(l.id(), l.network()), "attached " + transport + " link"));
            return l;
        }

        @Override
        public void status(StatusCode code, String message) {
            emit(new Status(code, EndpointInfo.of(router.self()), message));
        }

        @Override
        public void error(ErrorCode code, String message) {
            emit(ErrorEvent.of(code, EndpointInfo.of(router.self()), message));
        }
    }
}
