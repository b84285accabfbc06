package io.jbroker.endpoint;

import io.jbroker.BrokerException;
import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.internal.core.EndpointHooks;
import io.jbroker.internal.core.Router;
import io.jbroker.internal.net.IoThreads;
import io.jbroker.internal.net.NetworkErrors;
import io.jbroker.internal.wire.Filter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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
    /** Error events of one kind from one address that pass per {@link #ERROR_REPORT_INTERVAL}. */
    static final int ERROR_REPORT_BURST = 10;
    /** After this long, one error event summarises what {@link #ERROR_REPORT_BURST} held back. */
    static final Duration ERROR_REPORT_INTERVAL = Duration.ofSeconds(10);

    // The facade's parts; each one's Javadoc names the thread or lock that owns its state.
    private final EndpointConfig config;
    private final EndpointId id;
    private final Router router;
    private final EndpointEvents events;
    private final TransportHub hub;
    private final SubscriptionRegistry subscriptions;
    private final BrokerPeering peering;
    private final EndpointCounters counters;
    private final ScheduledFuture<?> maintenance;
    /** Set once by {@link #close()}; read without a lock on the publish path. */
    private final AtomicBoolean closed = new AtomicBoolean();

    static {
        EndpointHooks.install(e -> e.router, (e, t) -> e.subscriptions.announce(List.of(t)));
    }

    private Endpoint(EndpointConfig config, LongSupplier reportClock) {
        this.config = config;
        this.id = config.id();
        this.router = new Router(id, config.forwarding(), config.duplicateWindow());
        this.events = new EndpointEvents(router, reportClock);
        this.hub = new TransportHub(config, router, events::emit, this::announcedFilter);
        this.subscriptions = new SubscriptionRegistry(config, router, events, hub::announced);
        this.peering = new BrokerPeering(PeeringContext.of(config, router, events, subscriptions));
        this.counters = new EndpointCounters(router, peering, subscriptions, hub, events);
        DropReporter drops = new DropReporter(config, events, subscriptions, peering, hub);
        this.maintenance = peering.group()
                .next()
                .scheduleAtFixedRate(
                        drops, DropReporter.PERIOD_MILLIS, DropReporter.PERIOD_MILLIS, TimeUnit.MILLISECONDS);
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
        return peering.ioTerminated();
    }

    /** The filter this endpoint announces to peers. */
    public List<Topic> announcedTopics() {
        return announcedFilter().prefixes();
    }

    private Filter announcedFilter() {
        return subscriptions.announced();
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
        return peering.listen(host, port);
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
        return peering.peer(host, port, retry);
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
            throw new BrokerException(
                    ErrorCode.PEER_TIMEOUT, "interrupted while peering with " + NetworkErrors.hostPort(host, port));
        } catch (TimeoutException e) {
            throw new BrokerException(
                    ErrorCode.PEER_TIMEOUT,
                    "no peering with " + NetworkErrors.hostPort(host, port) + " within " + timeout);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof BrokerException
                    ? (BrokerException) c
                    : new BrokerException(ErrorCode.PEER_UNAVAILABLE, String.valueOf(c), c);
        }
    }

    /**
     * Ends the peering with {@code host:port} (Broker's BYE) and stops retrying it.
     *
     * @return false (and an error event {@code peer_invalid}) if there is no such peering
     */
    public boolean unpeer(String host, int port) {
        return peering.unpeer(host, port);
    }

    /** Ends the peering with the peer {@code peerId}; false if there is none. */
    public boolean unpeer(EndpointId peerId) {
        return peering.unpeer(peerId);
    }

    /** The established peerings with their traffic counters. */
    public List<PeerInfo> peers() {
        return peering.peers();
    }

    /**
     * A snapshot of every counter: each peering and subscriber, and totals since the start. Cheap
     * enough to call once a second; every counter is read without stopping traffic, so the
     * figures of one snapshot may be a few messages apart.
     */
    public EndpointMetrics metrics() {
        return counters.metrics();
    }

    /**
     * Messages processed per Broker message type, as Broker's {@code
     * broker_processed_messages_total} counts them: envelopes received from peers, plus the values
     * published by this endpoint (as data). Totals since the start; cheap (no lock, no copy).
     */
    public ProcessedMessages processedMessages() {
        return counters.processedMessages();
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
        if (closed.get()) {
            throw new BrokerException(ErrorCode.SHUTTING_DOWN, "endpoint is closed: cannot publish on " + topic);
        }
        if (topic.isReserved()) {
            throw new IllegalArgumentException("topic uses the reserved marker <$>: " + topic);
        }
        router.publish(counters.publication(receiver, topic, value), value);
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
        if (closed.get()) {
            throw new BrokerException(ErrorCode.SHUTTING_DOWN, "endpoint is closed: cannot publish on " + topic);
        }
        boolean all =
                router.publishWaiting(counters.publication(EndpointId.NIL, topic, value), value, deadlineNanos) == 0;
        if (!all && closed.get()) {
            // Woken by close(): the receivers it waited for are gone.
            throw new BrokerException(ErrorCode.SHUTTING_DOWN, "endpoint closed while publishing on " + topic);
        }
        return all;
    }

    /** Subscribes to topics (byte-prefix match); peers learn of the subscription at once. */
    public Subscriber subscribe(String... topics) {
        return subscribe(Arrays.asList(topics));
    }

    /** Subscribes to topics (byte-prefix match); peers learn of the subscription at once. */
    public Subscriber subscribe(Collection<String> topics) {
        checkOpen();
        return subscriptions.subscribe(topics, false);
    }

    /** Receives this endpoint's status and error events (see {@link Status}, {@link ErrorEvent}). */
    public Subscriber statusSubscriber() {
        checkOpen();
        return subscriptions.subscribe(List.of(Topic.STATUSES.toString(), Topic.ERRORS.toString()), true);
    }

    /** Announces {@code topics} to peers without a local subscriber, so this node relays them. */
    public void forward(String... topics) {
        subscriptions.announce(SubscriptionRegistry.topics(Arrays.asList(topics)));
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new BrokerException(ErrorCode.SHUTTING_DOWN, "endpoint is closed");
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
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        BrokerPeering.Closing closing = peering.closeForNew();
        if (IoThreads.isCurrent()) {
            // Waiting here would block the I/O this shutdown waits for (and Netty forbids it).
            Thread t = new Thread(() -> shutDown(closing), "jbroker-close-" + id);
            t.setDaemon(false);
            t.start();
            return;
        }
        shutDown(closing);
    }

    /** The blocking part of {@link #close()}: must not run on an I/O thread. */
    private void shutDown(BrokerPeering.Closing closing) {
        try {
            maintenance.cancel(false);
            hub.close();
            peering.shutDown(closing);
        } finally {
            try {
                peering.stopIo(); // whatever failed before: no I/O thread outlives the endpoint
            } finally {
                for (Subscriber s : new ArrayList<>(subscriptions.subscribers())) {
                    s.endpointClosed();
                }
            }
        }
    }
}
