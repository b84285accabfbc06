package io.jbroker.endpoint;

import io.jbroker.BrokerException;
import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.internal.core.ReportLimiter;
import io.jbroker.internal.core.Router;
import io.jbroker.internal.core.SubscriberQueue;
import io.jbroker.internal.net.ConnectionHandler;
import io.jbroker.internal.net.IoThreads;
import io.jbroker.internal.net.Network;
import io.jbroker.internal.net.NetworkErrors;
import io.jbroker.internal.net.PeerConnection;
import io.jbroker.internal.peer.HandshakeResult;
import io.jbroker.internal.peer.LocalPeerRegistry;
import io.jbroker.internal.tls.TransportSecurity;
import io.jbroker.internal.wire.Envelope;
import io.jbroker.internal.wire.Filter;
import io.jbroker.internal.wire.MessageType;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A Broker endpoint: listens for and opens peerings with other Broker or jbroker nodes over TCP,
 * publishes data on topics and delivers what peers publish to local {@link Subscriber}s, and
 * reports peerings through status and error events ({@link #statusSubscriber()}).
 *
 * <p>All I/O runs on a small Netty event loop group (about one thread per core); no thread per
 * peer. Methods are thread-safe. Control-plane calls throw {@link BrokerException}; {@link
 * #publish} never blocks and never queues without bound (each peer has a bounded buffer with an
 * {@link OverflowPolicy}). Unlike upstream Broker, an endpoint's own subscribers receive what it
 * publishes. Closing sends Broker's BYE to every peer; closing twice is harmless.
 */
public final class Endpoint implements AutoCloseable {
    private static final long MAINTENANCE_MILLIS = 100;
    private static final long DROP_REPORT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Error events of one kind from one address that pass per {@link #ERROR_REPORT_INTERVAL}. */
    static final int ERROR_REPORT_BURST = 10;
    /** After this long, one error event summarises what {@link #ERROR_REPORT_BURST} held back. */
    static final Duration ERROR_REPORT_INTERVAL = Duration.ofSeconds(10);

    private static final int ERROR_REPORT_KEYS = 1024;

    private final EndpointConfig config;
    private final EndpointId id;
    private final Router router;
    private final LocalPeerRegistry registry;
    private final Network network;
    private final ConnectionHandler.Outcome outcome = new Outcomes();
    private final PeerConnection.Settings peerSettings;
    private final ReportLimiter<ErrorKey> errorReports;
    private final TransportHub hub;

    private final LongAdder published = new LongAdder();
    private final LongAdder encoded = new LongAdder();
    private final LongAdder disconnects = new LongAdder();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ScheduledFuture<?> maintenance;
    private long lastDropReport = System.nanoTime(); // maintenance task only

    private final Object lock = new Object();
    // Guarded by lock:
    private final ClosedTotals closedTotals = new ClosedTotals();
    private final Map<EndpointId, Long> endedPeerings = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<EndpointId, Long> eldest) {
            return size() > 4096;
        }
    };
    private Filter announced = Filter.EMPTY;
    private final Map<EndpointId, Peering> established = new LinkedHashMap<>();
    private final Map<String, Outbound> outbound = new HashMap<>();
    private final List<Channel> listeners = new ArrayList<>();
    /** Written under lock; read without it on the publish path. */
    private volatile boolean closed;

    static {
        io.jbroker.internal.core.EndpointHooks.install(e -> e.router, (e, t) -> e.announce(List.of(t)));
    }

    private Endpoint(EndpointConfig config, LongSupplier reportClock) {
        this.config = config;
        this.errorReports =
                new ReportLimiter<>(ERROR_REPORT_BURST, ERROR_REPORT_INTERVAL, ERROR_REPORT_KEYS, reportClock);
        this.id = config.id();
        this.router = new Router(id, config.forwarding(), config.duplicateWindow());
        this.registry = new LocalPeerRegistry();
        this.hub = new TransportHub(config, router, this::emit, this::announcedFilter);
        this.network = new Network(
                config.nativeTransport(),
                config.busyPoll(),
                config.ioSpin(),
                config.ioThreads(),
                id,
                this::announcedFilter,
                registry,
                config.maxFrameLength(),
                config.handshakeTimeout(),
                TransportSecurity.of(config.tls()));
        this.peerSettings = new PeerConnection.Settings(
                config.peerBufferMessages(),
                config.peerBufferBytes(),
                config.peerOverflowPolicy(),
                config.stallTimeout(),
                config.heartbeatInterval(),
                config.peerTimeout());
        this.maintenance = network.group()
                .next()
                .scheduleAtFixedRate(this::maintain, MAINTENANCE_MILLIS, MAINTENANCE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts an endpoint with {@code config}. */
    public static Endpoint create(EndpointConfig config) {
        return create(config, System::nanoTime);
    }

    /** An endpoint whose error-report limit runs on {@code reportClock} (tests). */
    static Endpoint create(EndpointConfig config, LongSupplier reportClock) {
        return new Endpoint(Objects.requireNonNull(config, "config"), reportClock);
    }

    /** Starts an endpoint with default settings. */
    public static Endpoint create() {
        return create(EndpointConfig.defaults());
    }

    public EndpointId id() {
        return id;
    }

    public EndpointConfig config() {
        return config;
    }

    /** The router, for tests that read its counters. */
    Router router() {
        return router;
    }

    /** Whether every I/O thread of this endpoint has ended (after {@link #close()}), for tests. */
    boolean ioTerminated() {
        return network.group().isTerminated();
    }

    /** The filter this endpoint announces to peers. */
    public List<Topic> announcedTopics() {
        return announcedFilter().prefixes();
    }

    private Filter announcedFilter() {
        synchronized (lock) {
            return announced;
        }
    }

    /**
     * Attaches a transport (like the ZeroMQ cluster backend) and starts it: its links are routed
     * to like peers, with the same buffers, policies, back-pressure, drop reports and metrics.
     * The endpoint closes it when it closes.
     *
     * @throws BrokerException ({@link ErrorCode#SHUTTING_DOWN}) if the endpoint is closed
     */
    public void attach(io.jbroker.spi.Transport transport) {
        Objects.requireNonNull(transport, "transport");
        checkOpen();
        hub.attach(transport);
    }

    // ---------------------------------------------------------------- listening and peering

    /**
     * Listens for peers on {@code host:port}; port 0 picks a free port.
     *
     * @return the bound port
     * @throws BrokerException ({@link ErrorCode#CANNOT_OPEN_RESOURCE}) if binding fails
     * @throws IllegalStateException on an I/O thread (a handler run by a direct executor)
     */
    public int listen(String host, int port) {
        IoThreads.requireNotCurrent("listen()");
        checkOpen();
        try {
            Channel ch = network.listen(
                    host, port, c -> new ConnectionHandler(outcome, new Attempt(null, announcedFilter())));
            synchronized (lock) {
                listeners.add(ch);
            }
            return ((InetSocketAddress) ch.localAddress()).getPort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException(
                    ErrorCode.CANNOT_OPEN_RESOURCE, "interrupted while binding " + NetworkErrors.hostPort(host, port));
        } catch (Exception e) { // Netty rethrows checked exceptions (BindException) undeclared
            throw new BrokerException(
                    ErrorCode.CANNOT_OPEN_RESOURCE,
                    "cannot listen on " + NetworkErrors.hostPort(host, port) + ": " + NetworkErrors.describe(e),
                    e);
        }
    }

    /**
     * Starts peering with {@code host:port} in the background. With a positive {@code retry} a
     * failed attempt (reported as a {@code peer_unavailable} error event) is repeated after that
     * interval, and a lost peering is re-established; with zero the first failure completes the
     * future exceptionally with {@link ErrorCode#PEER_UNAVAILABLE}.
     *
     * @return completes with the peer's ID once the handshake succeeded; a copy of the endpoint's
     *     own future, so completing or cancelling it affects no other caller and not the peering
     * @throws BrokerException ({@link ErrorCode#SHUTTING_DOWN}) if the endpoint is closed
     */
    public CompletableFuture<EndpointId> peer(String host, int port, Duration retry) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(retry, "retry");
        checkOpen();
        Outbound o;
        synchronized (lock) {
            String key = key(host, port);
            o = outbound.get(key);
            if (o != null) {
                return o.result.copy(); // each caller's own: completing it changes no one else's
            }
            o = new Outbound(new NetworkInfo(host, port, retry));
            outbound.put(key, o);
        }
        CompletableFuture<EndpointId> mine = o.result.copy();
        connect(o);
        return mine;
    }

    /**
     * Peers with {@code host:port} and waits for the handshake.
     *
     * @throws BrokerException ({@link ErrorCode#PEER_UNAVAILABLE} or {@link ErrorCode#PEER_TIMEOUT})
     *     if the peering does not come up in {@code timeout}
     * @throws IllegalStateException on an I/O thread (a handler run by a direct executor), where
     *     the wait would block the handshake it waits for: use {@link #peer} there
     */
    public EndpointId peerBlocking(String host, int port, Duration retry, Duration timeout) {
        IoThreads.requireNotCurrent("peerBlocking()");
        CompletableFuture<EndpointId> f = peer(host, port, retry);
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException(ErrorCode.PEER_TIMEOUT, "interrupted while peering with " + key(host, port));
        } catch (TimeoutException e) {
            throw new BrokerException(
                    ErrorCode.PEER_TIMEOUT, "no peering with " + key(host, port) + " within " + timeout);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof BrokerException
                    ? (BrokerException) c
                    : new BrokerException(ErrorCode.PEER_UNAVAILABLE, String.valueOf(c), c);
        }
    }

    private void connect(Outbound o) {
        NetworkInfo n = o.network;
        network.connect(n.address(), n.port(), ch -> new ConnectionHandler(outcome, new Attempt(o, announcedFilter())))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        attemptFailed(o, "unable to connect to remote peer: " + NetworkErrors.describe(f.cause()));
                    }
                });
    }

    private void attemptFailed(Outbound o, String why) {
        NetworkInfo n = o.network;
        emitError(ErrorEvent.of(ErrorCode.PEER_UNAVAILABLE, EndpointInfo.of(EndpointId.NIL, n), why), n.address());
        boolean retry;
        synchronized (lock) {
            retry = !closed && !o.cancelled && !n.retry().isZero();
            if (!retry) {
                outbound.remove(key(n.address(), n.port()), o);
            }
        }
        if (retry) {
            network.group().schedule(() -> connect(o), n.retry().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            o.result.completeExceptionally(new BrokerException(
                    ErrorCode.PEER_UNAVAILABLE, "cannot peer with " + key(n.address(), n.port()) + ": " + why));
        }
    }

    /**
     * Ends the peering with {@code host:port} (Broker's BYE) and stops retrying it.
     *
     * @return false (and an error event {@code peer_invalid}) if there is no such peering
     */
    public boolean unpeer(String host, int port) {
        Peering p = null;
        Outbound o;
        synchronized (lock) {
            o = outbound.remove(key(host, port));
            if (o != null) {
                o.cancelled = true;
                p = o.peering;
            }
            if (p == null) {
                for (Peering q : established.values()) {
                    if (q.network.address().equals(host) && q.network.port() == port) {
                        p = q;
                    }
                }
            }
        }
        if (p == null) {
            if (o == null) {
                emitError(
                        ErrorEvent.of(
                                ErrorCode.PEER_INVALID,
                                EndpointInfo.of(EndpointId.NIL, new NetworkInfo(host, port, Duration.ZERO)),
                                "cannot unpeer from unknown peer"),
                        host);
                return false;
            }
            o.result.completeExceptionally(new BrokerException(ErrorCode.PEER_INVALID, "peering cancelled"));
            return true;
        }
        p.connection.unpeer(config.unpeerTimeout().toMillis());
        return true;
    }

    /** Ends the peering with the peer {@code peerId}; false if there is none. */
    public boolean unpeer(EndpointId peerId) {
        Peering p;
        synchronized (lock) {
            p = established.get(peerId);
            if (p == null) {
                return false;
            }
            if (p.outbound != null) {
                p.outbound.cancelled = true;
                outbound.remove(key(p.network.address(), p.network.port()), p.outbound);
            }
        }
        p.connection.unpeer(config.unpeerTimeout().toMillis());
        return true;
    }

    /** The established peerings with their traffic counters. */
    public List<PeerInfo> peers() {
        List<PeerInfo> out = new ArrayList<>();
        synchronized (lock) {
            for (Peering p : established.values()) {
                PeerConnection c = p.connection;
                long rtt = c.rttNanos();
                out.add(new PeerInfo(
                        c.remoteId(),
                        p.network,
                        c.filter().prefixes(),
                        p.outbound != null,
                        PeerStatus.PEERED,
                        c.messagesIn(),
                        c.messagesOut(),
                        c.bytesIn(),
                        c.bytesOut(),
                        c.dropped(),
                        c.queuedMessages(),
                        c.queuedBytes(),
                        endedPeerings.getOrDefault(c.remoteId(), 0L),
                        c.isPaused(),
                        rtt < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(rtt))));
            }
        }
        return out;
    }

    /**
     * A snapshot of every counter: each peering and subscriber, and totals since the start. Cheap
     * enough to call once a second; every counter is read without stopping traffic, so the
     * figures of one snapshot may be a few messages apart.
     */
    public EndpointMetrics metrics() {
        List<PeerInfo> ps;
        List<SubscriberInfo> ss = new ArrayList<>();
        long subscriberDropped;
        long mIn;
        long bIn;
        long mOut;
        long bOut;
        long peerDropped;
        synchronized (lock) {
            ps = peers(); // in the same step as the closed totals: no peering counted twice or not at all
            subscriberDropped = closedTotals.subscriberDropped;
            mIn = closedTotals.messagesIn;
            bIn = closedTotals.bytesIn;
            mOut = closedTotals.messagesOut;
            bOut = closedTotals.bytesOut;
            peerDropped = closedTotals.peerDropped;
        }
        for (Subscriber s : subscribers) {
            SubscriberInfo i = s.metrics();
            ss.add(i);
            subscriberDropped += i.dropped();
        }
        long[] linkTotals = hub.closedTotals();
        mIn += linkTotals[0];
        bIn += linkTotals[1];
        mOut += linkTotals[2];
        bOut += linkTotals[3];
        peerDropped += linkTotals[4];
        ps = new ArrayList<>(ps);
        ps.addAll(hub.linkInfos()); // a transport's link counts like a peer
        for (PeerInfo p : ps) {
            mIn += p.messagesIn();
            bIn += p.bytesIn();
            mOut += p.messagesOut();
            bOut += p.bytesOut();
            peerDropped += p.dropped();
        }
        return new EndpointMetrics(
                ps,
                ss,
                published.sum(),
                encoded.sum(),
                router.decodedCount(),
                router.forwardedCount(),
                router.ttlExpiredCount(),
                router.duplicateCount(),
                router.malformedCount() + hub.malformedCount(),
                mIn,
                bIn,
                mOut,
                bOut,
                peerDropped,
                subscriberDropped,
                disconnects.sum() + hub.forcedDisconnects(),
                router.rejectedCount(),
                errorReports.suppressedCount());
    }

    /**
     * Messages processed per Broker message type, as Broker's {@code
     * broker_processed_messages_total} counts them: envelopes received from peers, plus the values
     * published by this endpoint (as data). Totals since the start; cheap (no lock, no copy).
     */
    public ProcessedMessages processedMessages() {
        return new ProcessedMessages(
                published.sum() + router.receivedCount(MessageType.DATA),
                router.receivedCount(MessageType.COMMAND),
                router.receivedCount(MessageType.ROUTING_UPDATE),
                router.receivedCount(MessageType.PING),
                router.receivedCount(MessageType.PONG));
    }

    // ---------------------------------------------------------------- publish and subscribe

    /** Publishes {@code value} on {@code topic}. Never blocks. */
    public void publish(String topic, Data value) {
        publish(Topic.of(topic), value);
    }

    /**
     * Publishes {@code value} on {@code topic} to local subscribers and every peer that subscribed
     * to it. The value is encoded once, whatever the number of peers.
     *
     * @throws IllegalArgumentException if the topic contains the reserved marker {@code <$>}
     * @throws BrokerException ({@link ErrorCode#SHUTTING_DOWN}) if the endpoint is closed
     */
    public void publish(Topic topic, Data value) {
        publish(EndpointId.NIL, topic, value);
    }

    /**
     * Publishes {@code value} addressed to the direct peer {@code receiver} only.
     *
     * @throws BrokerException ({@link ErrorCode#SHUTTING_DOWN}) if the endpoint is closed
     */
    public void publish(EndpointId receiver, Topic topic, Data value) {
        Objects.requireNonNull(value, "value");
        if (closed) {
            throw new BrokerException(ErrorCode.SHUTTING_DOWN, "endpoint is closed: cannot publish on " + topic);
        }
        if (topic.isReserved()) {
            throw new IllegalArgumentException("topic uses the reserved marker <$>: " + topic);
        }
        published.increment();
        router.publish(encode(receiver, topic, value), value);
    }

    /**
     * A publisher for a stream of values on {@code topic} that waits for room at slow receivers
     * instead of dropping (see {@link Publisher}); {@code defaultTimeout} bounds each wait.
     */
    public Publisher publisher(String topic, Duration defaultTimeout) {
        Topic t = Topic.of(topic);
        if (t.isReserved()) {
            throw new IllegalArgumentException("topic uses the reserved marker <$>: " + topic);
        }
        checkOpen();
        return new Publisher(this, t, defaultTimeout);
    }

    boolean publishWaiting(Topic topic, Data value, long deadlineNanos) throws InterruptedException {
        IoThreads.requireNotCurrent("Publisher.publish()");
        if (closed) {
            throw new BrokerException(ErrorCode.SHUTTING_DOWN, "endpoint is closed: cannot publish on " + topic);
        }
        published.increment();
        boolean all = router.publishWaiting(encode(EndpointId.NIL, topic, value), value, deadlineNanos) == 0;
        if (!all && closed) {
            // Woken by close(): the receivers it waited for are gone.
            throw new BrokerException(ErrorCode.SHUTTING_DOWN, "endpoint closed while publishing on " + topic);
        }
        return all;
    }

    /** The one place a published value is serialized: once, whatever the number of receivers. */
    private Envelope encode(EndpointId receiver, Topic topic, Data value) {
        Envelope e = Envelope.data(id, receiver, topic, value);
        encoded.increment();
        return e;
    }

    /** Subscribes to topics (byte-prefix match); peers learn of the subscription at once. */
    public Subscriber subscribe(String... topics) {
        return subscribe(Arrays.asList(topics));
    }

    /** Subscribes to topics (byte-prefix match); peers learn of the subscription at once. */
    public Subscriber subscribe(Collection<String> topics) {
        return subscribe(topics, false);
    }

    private Subscriber subscribe(Collection<String> topics, boolean statusEvents) {
        checkOpen();
        List<Topic> list = new ArrayList<>();
        for (String t : topics) {
            list.add(Topic.of(t));
        }
        SubscriberQueue q = new SubscriberQueue(
                Filter.received(list),
                config.subscriberQueueSize(),
                config.subscriberQueueBytes(),
                config.subscriberOverflowPolicy(),
                config.stallTimeout());
        Subscriber[] self = new Subscriber[1];
        Subscriber s = new Subscriber(
                q,
                new ArrayList<>(topics),
                statusEvents,
                () -> unsubscribed(self[0]),
                (sub, what) -> emit(ErrorEvent.of(
                        ErrorCode.UNSPECIFIED, EndpointInfo.of(id), "subscriber " + sub.topics() + " " + what)));
        self[0] = s;
        q.onOverflowDisconnect(() -> {
            // The queue is closed for producers only: what it holds can still be taken.
            unsubscribed(s);
            if (!statusEvents) {
                emit(new Status(
                        StatusCode.MESSAGES_DROPPED,
                        EndpointInfo.of(id),
                        "subscriber " + s.topics() + " closed: queue full (policy disconnect, " + q.droppedCount()
                                + " messages dropped)"));
            }
        });
        subscribers.add(s);
        router.addSink(q);
        announce(list);
        return s;
    }

    private void unsubscribed(Subscriber s) {
        router.removeSink(s.queue());
        if (subscribers.remove(s)) {
            synchronized (lock) {
                closedTotals.subscriberDropped += s.droppedCount();
            }
        }
    }

    /** Receives this endpoint's status and error events (see {@link Status}, {@link ErrorEvent}). */
    public Subscriber statusSubscriber() {
        return subscribe(List.of(Topic.STATUSES.toString(), Topic.ERRORS.toString()), true);
    }

    /** Announces {@code topics} to peers without a local subscriber, so this node relays them. */
    public void forward(String... topics) {
        List<Topic> list = new ArrayList<>();
        for (String t : topics) {
            list.add(Topic.of(t));
        }
        announce(list);
    }

    /**
     * Extends the announced filter and sends the new one to every peer. Sending under the lock keeps
     * each peer's updates in filter order, also against the update a just-finished handshake sends.
     */
    private void announce(List<Topic> topics) {
        synchronized (lock) {
            Filter next = announced;
            for (Topic t : topics) {
                next = next.extend(t);
            }
            if (next.equals(announced)) {
                return;
            }
            announced = next;
            for (var link : router.peers()) {
                link.send(routingUpdate(link.remoteId(), next));
            }
            hub.announced(next);
        }
    }

    private Envelope routingUpdate(EndpointId receiver, Filter filter) {
        return Envelope.of(id, receiver, MessageType.ROUTING_UPDATE, Topic.RESERVED, filter.toPayload());
    }

    // ---------------------------------------------------------------- connection outcomes

    private final class Outcomes implements ConnectionHandler.Outcome {
        @Override
        public void succeeded(ChannelHandlerContext ctx, ConnectionHandler handler, HandshakeResult.Success r) {
            Attempt attempt = (Attempt) handler.attachment();
            Outbound o = attempt.outbound;
            NetworkInfo n = o != null ? o.network : remoteInfo(ctx.channel().remoteAddress());
            PeerConnection pc = new PeerConnection(
                    id, r.remote(), r.remoteFilter(), router, new Listener(), ctx.channel(), peerSettings);
            Peering p = new Peering(pc, n, o);
            boolean accept;
            synchronized (lock) {
                accept = !closed && !established.containsKey(r.remote());
                if (accept) {
                    // Routable in the same step as listed in peers(), so a caller that sees the peer
                    // there can publish to it (the pipeline gets the handler below, before this
                    // event-loop task ends and any queued frame is drained).
                    established.put(r.remote(), p);
                    router.addPeer(pc);
                    if (o != null) {
                        o.peering = p;
                    }
                }
            }
            if (!accept) {
                // Broker's core rejects a second peering with a known peer by closing it.
                ctx.close();
                return;
            }
            ctx.pipeline().replace(handler, "peer", pc);
            synchronized (lock) {
                // A subscription made while the handshake ran may have missed both the filter in
                // the handshake and the routing updates (the peer was not routable yet).
                if (!announced.equals(attempt.announcedAtStart)) {
                    pc.send(routingUpdate(pc.remoteId(), announced));
                }
            }
            emit(new Status(
                    StatusCode.ENDPOINT_DISCOVERED, EndpointInfo.of(r.remote()), "found a new peer in the network"));
            emit(new Status(StatusCode.PEER_ADDED, EndpointInfo.of(r.remote(), n), "handshake successful"));
            if (o != null) {
                o.result.complete(r.remote());
            }
        }

        @Override
        public void failed(ChannelHandlerContext ctx, ConnectionHandler handler, HandshakeResult.Failure r) {
            Attempt attempt = (Attempt) handler.attachment();
            Outbound o = attempt.outbound;
            if (r.redundant()) {
                if (o != null && r.remote() != null) {
                    o.result.complete(r.remote());
                }
                return;
            }
            if (o != null) {
                attemptFailed(
                        o, "unable to connect to remote peer (" + r.code().brokerName() + ": " + r.description() + ")");
            } else {
                NetworkInfo from = remoteInfo(ctx.channel().remoteAddress());
                emitError(
                        ErrorEvent.of(
                                r.code(),
                                EndpointInfo.of(r.remote() != null ? r.remote() : EndpointId.NIL, from),
                                r.description()),
                        from.address());
            }
        }

        @Override
        public void closedEarly(ChannelHandlerContext ctx, ConnectionHandler handler) {
            Attempt attempt = (Attempt) handler.attachment();
            Outbound o = attempt.outbound;
            if (o != null) {
                attemptFailed(o, "unable to connect to remote peer (closed during handshake)");
            }
        }
    }

    private final class Listener implements PeerConnection.Listener {
        @Override
        public void malformed(PeerConnection peer, ErrorCode code, String reason) {
            emitError(
                    ErrorEvent.of(code, EndpointInfo.of(peer.remoteId()), reason),
                    remoteInfo(peer.channel().remoteAddress()).address());
        }

        @Override
        public void closed(PeerConnection peer, String reason, boolean removedLocally) {
            Peering p;
            boolean reconnect;
            synchronized (lock) {
                p = established.get(peer.remoteId());
                if (p == null || p.connection != peer) {
                    return;
                }
                established.remove(peer.remoteId());
                Outbound o = p.outbound;
                if (o != null) {
                    o.peering = null;
                }
                // Closed here with a reason (overflow, peer timeout, not reading): not an unpeer, so
                // an outbound peering with a retry interval reconnects, as a lost one does.
                boolean forced = removedLocally && reason != null;
                reconnect = !closed
                        && (!removedLocally || forced)
                        && o != null
                        && !o.cancelled
                        && !o.network.retry().isZero();
                if (o != null && !reconnect) {
                    outbound.remove(key(o.network.address(), o.network.port()), o);
                }
                closedTotals.add(peer);
                if (forced || !removedLocally) {
                    endedPeerings.merge(peer.remoteId(), 1L, Long::sum);
                }
                if (forced) {
                    disconnects.increment();
                }
            }
            router.removePeer(peer.remoteId());
            try {
                registry.disconnected(peer.remoteId());
                reportDrops(p);
                EndpointInfo info = EndpointInfo.of(peer.remoteId(), p.network);
                if (removedLocally) {
                    emit(new Status(
                            StatusCode.PEER_REMOVED,
                            info,
                            "removed connection to remote peer" + (reason != null ? " (" + reason + ")" : "")));
                } else {
                    emit(new Status(
                            StatusCode.PEER_LOST,
                            info,
                            "lost connection to remote peer" + (reason != null ? " (" + reason + ")" : "")));
                }
                emit(new Status(
                        StatusCode.ENDPOINT_UNREACHABLE, EndpointInfo.of(peer.remoteId()), "lost the last path"));
            } finally {
                if (reconnect) {
                    Outbound o = p.outbound;
                    o.result = new CompletableFuture<>();
                    network.group().schedule(() -> connect(o), o.network.retry().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /**
     * Runs every 100 ms on one I/O thread: applies the policy of subscribers that stalled, and
     * once a second reports what overflow policies dropped since the last report.
     */
    private void maintain() {
        reportSuppressedErrors();
        long now = System.nanoTime();
        for (Subscriber s : subscribers) {
            s.queue().checkStall(now);
        }
        hub.checkStalls(now);
        if (now - lastDropReport < DROP_REPORT_NANOS) {
            return;
        }
        lastDropReport = now;
        List<Peering> ps;
        synchronized (lock) {
            ps = new ArrayList<>(established.values());
        }
        for (Peering p : ps) {
            reportDrops(p);
        }
        hub.reportDrops();
        for (Subscriber s : subscribers) {
            long d = s.droppedCount();
            if (d > s.reportedDrops && !s.statusEvents() && !s.isClosed()) {
                emit(new Status(
                        StatusCode.MESSAGES_DROPPED,
                        EndpointInfo.of(id),
                        "subscriber " + s.topics() + " queue full (policy "
                                + policyName(config.subscriberOverflowPolicy()) + "): " + (d - s.reportedDrops)
                                + " messages dropped, " + d + " in all"));
                s.reportedDrops = d;
            }
        }
    }

    /** Reports what the peer's policy dropped since the last report; also when the peering ends. */
    private void reportDrops(Peering p) {
        long d = p.connection.dropped();
        long before = p.reportedDrops.getAndAccumulate(d, Math::max);
        if (d > before) {
            emit(new Status(
                    StatusCode.MESSAGES_DROPPED,
                    EndpointInfo.of(p.connection.remoteId(), p.network),
                    "output buffer full (policy " + policyName(config.peerOverflowPolicy()) + "): " + (d - before)
                            + " messages dropped, " + d + " in all"));
        }
    }

    private static String policyName(OverflowPolicy p) {
        return p.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Emits an error event unless {@link #ERROR_REPORT_BURST} events of its kind from {@code
     * address} passed in the current interval (a flood of bad frames or connections); those held
     * back are counted and summarised by {@link #reportSuppressedErrors}.
     */
    private void emitError(ErrorEvent event, String address) {
        if (errorReports.admit(new ErrorKey(event.code(), address))) {
            emit(event);
        }
    }

    /** One error event per kind and address whose interval ended with events held back. */
    private void reportSuppressedErrors() {
        String per = " (at most " + ERROR_REPORT_BURST + " of a kind per address in "
                + ERROR_REPORT_INTERVAL.toSeconds() + " s are reported)";
        for (ReportLimiter.Suppressed<ErrorKey> s : errorReports.endedIntervals()) {
            ErrorKey k = s.key();
            emit(
                    k == null
                            ? new ErrorEvent(
                                    ErrorCode.UNSPECIFIED,
                                    Optional.empty(),
                                    s.count() + " more errors suppressed: too many addresses at once" + per)
                            : new ErrorEvent(
                                    k.code(),
                                    Optional.empty(),
                                    s.count() + " more " + k.code().brokerName() + " errors from " + k.address()
                                            + " suppressed" + per));
        }
    }

    private void emit(EndpointEvent event) {
        Topic topic = event instanceof Status ? Topic.STATUSES : Topic.ERRORS;
        router.deliverLocally(new DataMessage(topic, event.toData()));
    }

    private static NetworkInfo remoteInfo(SocketAddress a) {
        if (a instanceof InetSocketAddress) {
            InetSocketAddress i = (InetSocketAddress) a;
            return new NetworkInfo(
                    i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString(),
                    i.getPort(),
                    Duration.ZERO);
        }
        return new NetworkInfo(String.valueOf(a), 0, Duration.ZERO);
    }

    private static String key(String host, int port) {
        return NetworkErrors.hostPort(host, port);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        synchronized (lock) {
            if (closed) {
                throw new BrokerException(ErrorCode.SHUTTING_DOWN, "endpoint is closed");
            }
        }
    }

    /**
     * Sends BYE to every peer, waits up to the unpeer timeout for them to close, then stops all
     * I/O and closes every subscriber for new messages (what they hold can still be taken; a
     * waiting {@link Subscriber#get(Duration)} returns). From the first moment of the call,
     * publishing (also through a {@link Publisher}, which then reports {@link
     * Publisher#isClosed()}) fails with {@link ErrorCode#SHUTTING_DOWN}, a waiting publisher wakes
     * with that error, and pending {@link #peer} futures fail with it. Idempotent. Called on an I/O thread (from a handler run by a direct executor), it hands
     * that shutdown to a new thread and returns at once: the endpoint is closed for new calls
     * then, and its I/O threads end shortly after.
     */
    @Override
    public void close() {
        List<Peering> peers;
        List<Channel> ls;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            peers = new ArrayList<>(established.values());
            ls = new ArrayList<>(listeners);
            for (Outbound o : outbound.values()) {
                o.cancelled = true;
                o.result.completeExceptionally(new BrokerException(ErrorCode.SHUTTING_DOWN, "endpoint closed"));
            }
            outbound.clear();
        }
        if (IoThreads.isCurrent()) {
            // Waiting here would block the I/O this shutdown waits for (and Netty forbids it).
            Thread t = new Thread(() -> shutDown(peers, ls), "jbroker-close-" + id);
            t.setDaemon(false);
            t.start();
            return;
        }
        shutDown(peers, ls);
    }

    /** The blocking part of {@link #close()}: must not run on an I/O thread. */
    private void shutDown(List<Peering> peers, List<Channel> ls) {
        try {
            maintenance.cancel(false);
            hub.close();
            registry.shutdown();
            for (Channel l : ls) {
                l.close().syncUninterruptibly();
            }
            for (Peering p : peers) {
                p.connection.unpeer(config.unpeerTimeout().toMillis());
            }
            long deadline = System.nanoTime() + config.unpeerTimeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(200);
            for (Peering p : peers) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    p.connection.channel().closeFuture().awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left));
                }
            }
        } finally {
            try {
                network.close(); // whatever failed before: no I/O thread outlives the endpoint
            } finally {
                for (Subscriber s : new ArrayList<>(subscribers)) {
                    s.endpointClosed();
                }
            }
        }
    }

    /** What the error-report limit counts per: the kind of error and the peer's address. */
    private record ErrorKey(ErrorCode code, String address) {}

    /** One connection attempt: its outbound peering (null if accepted) and the filter at its start. */
    private static final class Attempt {
        final Outbound outbound;
        final Filter announcedAtStart;

        Attempt(Outbound outbound, Filter announcedAtStart) {
            this.outbound = outbound;
            this.announcedAtStart = announcedAtStart;
        }
    }

    /** Counters of closed peerings, kept for the totals of {@link #metrics()}; guarded by the lock. */
    private static final class ClosedTotals {
        long messagesIn;
        long bytesIn;
        long messagesOut;
        long bytesOut;
        long peerDropped;
        long subscriberDropped;

        void add(PeerConnection c) {
            messagesIn += c.messagesIn();
            bytesIn += c.bytesIn();
            messagesOut += c.messagesOut();
            bytesOut += c.bytesOut();
            peerDropped += c.dropped();
        }
    }

    /** One established peering. */
    private static final class Peering {
        final PeerConnection connection;
        final NetworkInfo network;
        final Outbound outbound;
        /** Drops already reported in a status event. */
        final AtomicLong reportedDrops = new AtomicLong();

        Peering(PeerConnection connection, NetworkInfo network, Outbound outbound) {
            this.connection = connection;
            this.network = network;
            this.outbound = outbound;
        }
    }

    /** An outbound peering requested with {@link #peer}; guarded by the endpoint lock. */
    private static final class Outbound {
        final NetworkInfo network;
        volatile CompletableFuture<EndpointId> result = new CompletableFuture<>();
        volatile boolean cancelled;
        volatile Peering peering;

        Outbound(NetworkInfo network) {
            this.network = network;
        }
    }
}
