package io.jbroker.zeromq;

import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.data.JsonFormat;
import io.jbroker.spi.FlowControl;
import io.jbroker.spi.Link;
import io.jbroker.spi.LinkListener;
import io.jbroker.spi.OutboundMessage;
import io.jbroker.spi.Transport;
import io.jbroker.spi.TransportContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.Msg;
import zmq.ZError;

/**
 * A node of Zeek's ZeroMQ cluster backend, as a {@link Transport} of an {@link
 * io.jbroker.endpoint.Endpoint}: its XSUB connects to the proxy's XPUB, its XPUB to the proxy's
 * XSUB (spec 1.2). It subscribes by prefix ({@code 0x01}+prefix, {@code 0x00}+prefix) to what the
 * endpoint wants (its subscriptions and forwards), learns every cluster subscription from its XPUB
 * (XPUB_VERBOSE) and routes by them, sends events as the 4 frames {@code [topic][node
 * id][format][payload]} and hands received ones to the endpoint's router.
 *
 * <p>Zeek's ready-to-publish rule (spec 1.8): the node subscribes a throw-away topic {@code
 * zeek.zeromq.internal.<node id>.1.} and sends nothing before it has come back on its own XPUB
 * (by then the proxy has replayed every other node's subscriptions); what is published earlier
 * waits in the endpoint's bounded link buffer. {@link #awaitReady} waits for that moment.
 *
 * <p>Bounds: the XSUB buffers at most {@link ZeroMqConfig#receiveHwm()} messages; reading pauses
 * while a local subscriber is full. The XPUB (XPUB_NODROP) holds at most {@link
 * ZeroMqConfig#sendHwm()}; beyond it the node stops draining the link buffer, whose bounds,
 * back-pressure and overflow policy are the endpoint's peer settings. Every drop is counted and
 * reported ({@code messages_dropped}).
 *
 * <p>Threading: one owner thread does all socket I/O (JeroMQ sockets are not thread-safe); other
 * threads reach it through the link buffer and a wake-up pipe. Malformed input (wrong frame
 * counts, unknown formats, undecodable payloads, oversized frames, garbage subscriptions) is
 * counted per {@link MalformedKind} and reported as an error event; it never ends the loop.
 */
public final class ZeroMqNode implements Transport {
    /** Messages read from one socket per round, as Zeek's {@code poll_max_messages}. */
    private static final int BATCH = 100;

    private static final int IDLE_POLL_MILLIS = 100;

    /** How long one send waits for room at the XPUB's HWM before the loop reads input again. */
    private static final int HWM_WAIT_MILLIS = 1;

    private static final long READY_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private static final byte[] BIN_V1 = EventFormat.BROKER_BIN_V1.bytes();

    private static final byte[] WAKE_BYTE = {1};

    /**
     * Yields before parking while a socket's mailbox is readable without a command to process
     * (see {@code Loop.await}).
     */
    private static final int SIGNAL_RACE_YIELDS = 8;

    private static final long SIGNAL_RACE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

    private final ZeroMqConfig config;
    private final String nodeId;
    private final byte[] nodeIdBytes;
    /** Prefix of this node's ready-to-publish topics, {@code zeek.zeromq.internal.<node id>.}. */
    private final String readyPrefixText;

    private final Topic readyPrefix;
    /** The current one, {@code <prefix><n>.}; owner thread only after start. */
    private Topic readyTopic;

    private int readyRound = 1;
    private long readySentNanos;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Map<MalformedKind, LongAdder> malformed = new EnumMap<>(MalformedKind.class);
    private final LongAdder received = new LongAdder();
    private final LongAdder ownEchoes = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder sendWaits = new LongAdder();
    private final LongAdder unwanted = new LongAdder();
    private final LongAdder loopErrors = new LongAdder();
    private final LongAdder discarded = new LongAdder();
    private final AtomicLong subscriptionMessages = new AtomicLong();
    private volatile Consumer<ZeroMqEvent> tap;
    private volatile SubscriptionListener subscriptionListener;
    private volatile int pendingCount;

    private volatile TransportContext context;
    private volatile List<Topic> wanted = List.of();
    private volatile boolean paused;
    private final LongAdder lostResumes = new LongAdder();
    private final LongAdder signalRaces = new LongAdder();
    private volatile boolean relink;
    private volatile boolean closed;
    private boolean closing; // guarded by this
    private volatile Link link;
    private volatile List<Topic> clusterTopics = List.of();
    private Thread thread;
    private Pipe wakePipe;
    /** Set by {@link #wake}, cleared by the owner thread when it wakes up. */
    private volatile boolean wakeRequested;
    /** True while the owner thread may be blocked in its selector. */
    private volatile boolean sleeping;

    public ZeroMqNode(ZeroMqConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.nodeId = NodeId.generate(config.name()).value();
        this.nodeIdBytes = nodeId.getBytes(StandardCharsets.UTF_8);
        this.readyPrefixText = "zeek.zeromq.internal." + nodeId + ".";
        this.readyPrefix = Topic.of(readyPrefixText);
        this.readyTopic = Topic.of(readyPrefixText + "1.");
        for (MalformedKind k : MalformedKind.values()) {
            malformed.put(k, new LongAdder());
        }
    }

    /** This node's id, frame 2 of what it sends. */
    public String nodeId() {
        return nodeId;
    }

    public ZeroMqConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "zeromq";
    }

    /**
     * Also hands every accepted event, decoded, to {@code listener} on the node's I/O thread
     * (besides the endpoint's subscribers). It must be quick: while it runs the node reads
     * nothing (ZeroMQ buffers up to the receive HWM). Exceptions are contained and reported.
     */
    public void onReceive(Consumer<ZeroMqEvent> listener) {
        this.tap = listener;
    }

    /** One (un)subscription read from the XPUB, held until the filter is updated. */
    private record SubscriptionChange(boolean subscribed, Topic topic) {}

    /** Hears every (un)subscription the node's XPUB reads (see {@link #onSubscription}). */
    @FunctionalInterface
    public interface SubscriptionListener {
        /**
         * @param subscribed true for a subscription ({@code 0x01}), false for an unsubscription
         * @param topic the prefix
         */
        void changed(boolean subscribed, String topic);
    }

    /**
     * Hands every subscription and unsubscription the XPUB reads (the node's own ready probes
     * excepted) to {@code listener} on the node's I/O thread, e.g. for {@link ClusterMember}. It
     * must be quick and must not block; exceptions are contained and reported. Set it before
     * attaching the node to see the cluster's subscriptions from the start.
     */
    public void onSubscription(SubscriptionListener listener) {
        this.subscriptionListener = listener;
    }

    /** Waits until the node may publish (spec 1.8); false on timeout. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits until everything queued for this node so far has been handed to the XPUB (ZeroMQ
     * sends it from there; closing lingers {@link ZeroMqConfig#linger()} for it); false on
     * timeout.
     */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Link l = link;
            if (l != null && l.queuedMessages() == 0 && pendingCount == 0) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0 || closed) {
                return false;
            }
            Thread.sleep(2);
        }
    }

    public boolean isReady() {
        return ready.getCount() == 0;
    }

    /** The prefixes the cluster subscribed to, as learned from the XPUB. */
    public List<Topic> clusterTopics() {
        return clusterTopics;
    }

    /** Event messages accepted from the XSUB (own echoes and malformed ones excluded). */
    public long receivedCount() {
        return received.sum();
    }

    /** Own messages that came back and were dropped (frame 2 = own id). */
    public long ownEchoCount() {
        return ownEchoes.sum();
    }

    /** Event messages handed to the XPUB. */
    public long sentCount() {
        return sent.sum();
    }

    /**
     * Messages queued before the node was ready that no cluster subscription wanted once it was
     * (not sent; what a Zeek node would have lost to sender-side filtering).
     */
    public long unwantedCount() {
        return unwanted.sum();
    }

    /**
     * Messages taken from the link buffer but not sent because the hub closed the link (its
     * {@code disconnect} policy); the hub counts what was still in the buffer.
     */
    public long discardedCount() {
        return discarded.sum();
    }

    /** Errors caught in the I/O loop (reported as error events; the loop went on). */
    public long loopErrorCount() {
        return loopErrors.sum();
    }

    /** Times the node found itself paused although the hub had resumed it (and read on). */
    public long lostResumeCount() {
        return lostResumes.sum();
    }

    /**
     * Times the node's selector found a socket's mailbox readable with nothing to process yet
     * (JeroMQ's signal written but not counted) and gave the CPU away instead of polling again.
     */
    public long signalRaceCount() {
        return signalRaces.sum();
    }

    /** Times a send found the XPUB at its HWM and waited. */
    public long sendWaitCount() {
        return sendWaits.sum();
    }

    /** Subscription and unsubscription messages read from the XPUB. */
    public long subscriptionMessageCount() {
        return subscriptionMessages.get();
    }

    /** Rejected messages of one kind. */
    public long malformedCount(MalformedKind kind) {
        return malformed.get(kind).sum();
    }

    /** Rejected messages of every kind. */
    public long malformedCount() {
        long n = 0;
        for (LongAdder a : malformed.values()) {
            n += a.sum();
        }
        return n;
    }

    @Override
    public synchronized void start(TransportContext ctx) {
        if (context != null) {
            throw new IllegalStateException("already started");
        }
        context = ctx;
        try {
            wakePipe = Pipe.open();
            wakePipe.source().configureBlocking(false);
            wakePipe.sink().configureBlocking(false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the wake-up pipe", e);
        }
        wanted = ctx.wantedTopics();
        ctx.onWantedTopicsChanged(topics -> {
            wanted = topics;
            wake();
        });
        link = ctx.attach("zeromq:" + nodeId, new Listener());
        // Until ready, queue everything (bounded, in the link buffer): the cluster's subscriptions
        // are not known yet, and what nobody wants is discarded when the node starts sending.
        link.filter(List.of(Topic.of("")));
        thread = new Thread(this::run, "jbroker-zeromq-" + config.name());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Sends what is still queued (for up to the linger time, if the node is ready), then stops
     * the node and detaches its link; what is left then is counted as dropped. Idempotent.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed || closing) {
                return;
            }
            closing = true;
            t = thread;
        }
        if (t != null && t != Thread.currentThread() && isReady()) {
            try {
                awaitDrained(config.linger());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            closed = true;
        }
        wake();
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(config.linger().toMillis() + 2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Link l = link;
        if (l != null) {
            l.detach("zeromq node closed");
        }
    }

    /**
     * Makes the owner thread run a round soon: sets a flag the thread reads before it sleeps, and
     * writes the wake-up pipe only if the thread is asleep (or about to be). A wake-up from the
     * owner thread itself (a handler that publishes) is only the flag.
     */
    private void wake() {
        wakeRequested = true;
        if (!sleeping) {
            return; // it reads the flag before it sleeps (both volatile: one of us sees the other)
        }
        Pipe p = wakePipe;
        if (p != null) {
            try {
                p.sink().write(ByteBuffer.wrap(WAKE_BYTE));
            } catch (IOException e) {
                // Closed: the loop is ending anyway.
            }
        }
    }

    private final class Listener implements LinkListener {
        @Override
        public void wakeup() {
            wake();
        }

        @Override
        public void closed(String reason) {
            relink = true;
            wake();
        }
    }

    private final FlowControl flow = new FlowControl() {
        @Override
        public void pause() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
            wake();
        }
    };

    // ------------------------------------------------------------------ the owner thread

    private void run() {
        ZMQ.Context zmq = ZMQ.context(1);
        Loop loop = null;
        try {
            loop = new Loop(zmq);
            loop.run();
        } catch (RuntimeException | Error e) {
            if (!closed) {
                context.error(ErrorCode.UNSPECIFIED, "zeromq node " + nodeId + " stopped: " + e);
            }
        } finally {
            if (loop != null) {
                loop.close();
            }
            zmq.close();
            try {
                wakePipe.source().close();
                wakePipe.sink().close();
            } catch (IOException e) {
                // Nothing left to do.
            }
        }
    }

    /** The sockets and the state only the owner thread touches. */
    private final class Loop {
        private final ZMQ.Socket xsub;
        private final ZMQ.Socket xpub;
        private final Selector selector;
        private final SelectionKey xsubKey;
        private final SelectionKey wakeKey;
        private final Set<Topic> subscribed = new LinkedHashSet<>();
        private final Set<Topic> cluster = new LinkedHashSet<>();
        /** Taken from the link buffer, not sent yet: {@code batch[next..]}. */
        private final ArrayList<OutboundMessage> batch = new ArrayList<>(BATCH);

        private int next;
        /** The last writeOut waited at the XPUB's HWM for its full time without room. */
        private boolean blockedAtHwm;

        private final ByteBuffer wakeBuffer = ByteBuffer.allocate(64);
        private boolean readySeen;
        /** The frames of the event being read, reused for every event. */
        private final byte[][] frames = new byte[4][];
        // Caches for runs of events with one topic (the common case): what the last one needed.
        private Topic lastInTopic;
        private Topic lastOutTopic;
        private byte[] lastOutTopicBytes;
        private Topic lastWantedTopic;
        private boolean lastWanted;
        /** What {@link #syncSubscriptions} last subscribed for: the wanted list and the ready probe. */
        private List<Topic> syncedWanted;

        private Topic syncedProbe;

        Loop(ZMQ.Context zmq) {
            long hardLimit = Math.max(2L * config.maxFrameBytes(), config.maxFrameBytes() + (1 << 20));
            xsub = zmq.socket(SocketType.XSUB);
            xsub.setRcvHWM(config.receiveHwm());
            xsub.setMaxMsgSize(hardLimit);
            xsub.setLinger(0);
            xpub = zmq.socket(SocketType.XPUB);
            xpub.setXpubVerbose(true);
            xpub.setXpubNoDrop(true);
            xpub.setSndHWM(config.sendHwm());
            // Bounds a send that waits at the HWM (writeOut): the loop reads input in between.
            xpub.setSendTimeOut(HWM_WAIT_MILLIS);
            xpub.setMaxMsgSize(hardLimit);
            xpub.setLinger((int) Math.min(Integer.MAX_VALUE, config.linger().toMillis()));
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new IllegalStateException("cannot open a selector", e);
            }
            // JeroMQ 0.6.0's I/O thread (zmq.poll.Poller.run) sometimes never registers the
            // engine of a freshly connected socket with its selector: the connecter's cancelled
            // key and the engine's new handle for the same channel are handled in one pass, so
            // the engine gets no read/write readiness until some other registration change
            // happens on that I/O thread. The connection then sits after TCP connect without its
            // ZMTP handshake (no subscription goes out, none comes in) until the handshake timer
            // drops it and the socket connects again (jeromq PR #1022). A short handshake
            // interval bounds that: seen on 1 to 5% of fresh connections here.
            int handshakeMillis = (int) config.handshakeTimeout().toMillis();
            xsub.setHandshakeIvl(handshakeMillis);
            xpub.setHandshakeIvl(handshakeMillis);
            xsub.connect(config.connectXsub());
            xpub.connect(config.connectXpub());
            try {
                // A socket's channel is its mailbox: readable when a command (such as "a pipe has
                // messages") arrives.
                xsubKey = xsub.getFD().register(selector, SelectionKey.OP_READ);
                xpub.getFD().register(selector, SelectionKey.OP_READ);
                wakeKey = wakePipe.source().register(selector, SelectionKey.OP_READ);
            } catch (IOException e) {
                throw new IllegalStateException("cannot register with the selector", e);
            }
            subscribe(readyTopic, true);
            readySentNanos = System.nanoTime();
        }

        void run() {
            while (!closed) {
                try {
                    round();
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    loopErrors.increment();
                    context.error(ErrorCode.UNSPECIFIED, "zeromq node " + nodeId + ": " + e);
                }
            }
        }

        private void round() {
            {
                if (relink) {
                    relink = false;
                    discarded.add(batch.size() - next); // the hub closed the link: its buffer is gone too
                    batch.clear();
                    next = 0;
                    pendingCount = 0;
                    Link l = context.attach("zeromq:" + nodeId, new Listener());
                    l.filter(readySeen ? new ArrayList<>(cluster) : List.of(Topic.of("")));
                    link = l;
                }
                syncSubscriptions();
                boolean busy = readXpub();
                if (paused && !link.paused()) {
                    // A resume that overtook its pause (they run on different threads) would
                    // leave the XSUB unread for good: the hub's view of the link decides.
                    paused = false;
                    lostResumes.increment();
                }
                if (!paused) {
                    busy |= readXsub();
                }
                if (readySeen) {
                    busy |= writeOut();
                }
                poll(busy);
            }
        }

        private void poll(boolean busy) {
            long timeout;
            if (busy) {
                timeout = 0;
            } else if (blockedAtHwm) {
                // writeOut already waited for room at the HWM (HWM_WAIT_MILLIS): go on at once.
                blockedAtHwm = false;
                timeout = 0;
            } else if (next < batch.size()) {
                timeout = 1;
            } else if (readySeen && !link.armWakeup()) {
                timeout = 0;
            } else {
                timeout = IDLE_POLL_MILLIS;
            }
            if (timeout == 0) {
                wakeRequested = false; // this round's successor sees whatever asked for it
                return;
            }
            sleeping = true;
            try {
                await(timeout);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                sleeping = false;
                wakeRequested = false;
            }
        }

        /**
         * Waits up to {@code timeoutMillis} for a subscription on the XPUB, an event on the XSUB
         * (unless paused) or a {@link #wake}. Not JeroMQ's {@code ZMQ.poll}: that one (0.6.0) reports
         * a raw channel ready again whenever any key is selected (it reads the key's stale ready
         * set), and a socket's mailbox becomes readable before its signal is counted ({@code
         * Signaler.send} writes the byte, then increments the write cursor), so until the sender's
         * thread gets to the increment each poll returns at once and ours ran empty rounds
         * back to back, taking the CPU the sender needs. Here a selected mailbox without
         * anything to process is that window: the thread yields (then parks 20 µs) instead.
         */
        private void await(long timeoutMillis) throws IOException {
            if (wakeRequested) {
                return;
            }
            int xsubInterest = paused ? 0 : SelectionKey.OP_READ;
            if (xsubKey.interestOps() != xsubInterest) {
                xsubKey.interestOps(xsubInterest);
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            int races = 0;
            while (true) {
                if (socketsReady()) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
                Set<SelectionKey> keys = selector.selectedKeys();
                boolean woken = keys.contains(wakeKey);
                boolean mailbox = keys.size() > (woken ? 1 : 0);
                keys.clear();
                if (woken) {
                    drainWakeups();
                    return;
                }
                if (wakeRequested) {
                    return;
                }
                if (mailbox && !socketsReady()) {
                    // The signal is written but not counted yet (or a command without an event):
                    // give the sending thread the CPU instead of selecting again at once.
                    signalRaces.increment();
                    if (++races <= SIGNAL_RACE_YIELDS) {
                        Thread.yield();
                    } else {
                        LockSupport.parkNanos(SIGNAL_RACE_PARK_NANOS);
                    }
                } else if (mailbox) {
                    return;
                }
            }
        }

        /** Whether the XPUB has a subscription or the XSUB (unless paused) an event to read. */
        private boolean socketsReady() {
            if ((xpub.getEvents() & ZMQ.Poller.POLLIN) != 0) {
                return true;
            }
            return !paused && (xsub.getEvents() & ZMQ.Poller.POLLIN) != 0;
        }

        private void drainWakeups() {
            try {
                while (true) {
                    wakeBuffer.clear();
                    if (wakePipe.source().read(wakeBuffer) <= 0) {
                        return;
                    }
                }
            } catch (IOException e) {
                // Closed while closing.
            }
        }

        // -------------------------------------------------------------- subscriptions

        private void syncSubscriptions() {
            if (!readySeen && System.nanoTime() - readySentNanos > READY_RETRY_NANOS) {
                // No answer yet: replace it with the next one (cheap insurance, e.g. for a proxy
                // that restarted in between; a stuck connection is bounded by the handshake
                // timeout, see Loop()).
                readyTopic = Topic.of(readyPrefixText + (++readyRound) + ".");
                readySentNanos = System.nanoTime();
            }
            List<Topic> w = wanted;
            Topic probe = readySeen ? null : readyTopic;
            if (w == syncedWanted && probe == syncedProbe) {
                return; // nothing changed since the last round
            }
            syncedWanted = w;
            syncedProbe = probe;
            Set<Topic> want = new LinkedHashSet<>(w);
            if (probe != null) {
                want.add(probe);
            }
            for (Topic t : new ArrayList<>(subscribed)) {
                if (!want.contains(t)) {
                    subscribe(t, false);
                }
            }
            for (Topic t : want) {
                if (!subscribed.contains(t)) {
                    subscribe(t, true);
                }
            }
        }

        private void subscribe(Topic t, boolean on) {
            byte[] b = t.bytes();
            byte[] frame = new byte[b.length + 1];
            frame[0] = (byte) (on ? 1 : 0);
            System.arraycopy(b, 0, frame, 1, b.length);
            xsub.send(frame, 0);
            if (on) {
                subscribed.add(t);
            } else {
                subscribed.remove(t);
            }
        }

        /** Reads subscriptions the proxy passes on; true if it read a full batch. */
        private boolean readXpub() {
            int n = 0;
            boolean changed = false;
            SubscriptionListener sl = subscriptionListener;
            List<SubscriptionChange> heard = sl == null ? null : new ArrayList<>();
            while (n < BATCH) {
                byte[] f = recv(xpub);
                if (f == null) {
                    break;
                }
                n++;
                subscriptionMessages.incrementAndGet();
                if (xpub.hasReceiveMore()) {
                    skipRest(xpub);
                    reject(MalformedKind.BAD_SUBSCRIPTION, "multipart message on the XPUB");
                    continue;
                }
                if (f.length == 0 || (f[0] != 0 && f[0] != 1)) {
                    reject(MalformedKind.BAD_SUBSCRIPTION, "XPUB message is not a subscription (" + f.length + " B)");
                    continue;
                }
                Topic t = Topic.ofBytes(f, 1, f.length - 1);
                if (t.startsWith(readyPrefix)) {
                    if (f[0] == 1 && !readySeen) {
                        readySeen = true;
                        changed = true;
                        for (Topic r : new ArrayList<>(subscribed)) {
                            if (r.startsWith(readyPrefix)) {
                                subscribe(r, false);
                            }
                        }
                        ready.countDown();
                    }
                    continue;
                }
                changed |= f[0] == 1 ? cluster.add(t) : cluster.remove(t);
                if (heard != null) {
                    heard.add(new SubscriptionChange(f[0] == 1, t));
                }
            }
            if (changed) {
                lastWantedTopic = null;
            }
            if (changed && readySeen) {
                List<Topic> list = List.copyOf(cluster);
                clusterTopics = list;
                link.filter(list);
            }
            // After the filter: what the listener publishes in answer is routed to the new subscribers.
            if (heard != null) {
                for (SubscriptionChange c : heard) {
                    try {
                        sl.changed(c.subscribed(), c.topic().toString());
                    } catch (RuntimeException e) {
                        context.error(ErrorCode.UNSPECIFIED, "zeromq subscription listener failed: " + e);
                    }
                }
            }
            return n == BATCH;
        }

        // -------------------------------------------------------------- events in

        /** Reads event messages; true if it read a full batch. */
        private boolean readXsub() {
            int n = 0;
            Link l = link;
            while (n < BATCH && !paused) {
                // JeroMQ's Msg API: the frame and its "more" flag in one call per frame (the byte[]
                // API asks the socket for RCVMORE separately).
                Msg m = recvMsg(xsub);
                if (m == null) {
                    break;
                }
                n++;
                byte[][] frames = this.frames;
                byte[] first = m.data();
                frames[0] = first;
                int count = 1;
                boolean oversized = first.length > config.maxFrameBytes();
                while (m.hasMore()) {
                    m = xsub.base().recv(0);
                    if (m == null) {
                        break;
                    }
                    byte[] f = m.data();
                    oversized |= f.length > config.maxFrameBytes();
                    if (count < 4) {
                        frames[count] = f;
                    }
                    count++;
                }
                if (oversized) {
                    reject(MalformedKind.OVERSIZED, "frame over " + config.maxFrameBytes() + " B");
                } else if (count != 4) {
                    reject(MalformedKind.FRAME_COUNT, "event message with " + count + " frames instead of 4");
                } else {
                    accept(l, frames);
                }
                Arrays.fill(frames, null);
            }
            if (n > 0) {
                l.flush(flow); // one hand-over per sink and batch; a full sink pauses further reads
            }
            return n == BATCH && !paused;
        }

        private void accept(Link l, byte[][] frames) {
            if (Arrays.equals(frames[1], nodeIdBytes)) {
                ownEchoes.increment();
                return;
            }
            EventFormat format = Arrays.equals(frames[2], BIN_V1)
                    ? EventFormat.BROKER_BIN_V1
                    : EventFormat.ofFrame(frames[2]).orElse(null);
            if (format == null) {
                reject(
                        MalformedKind.UNKNOWN_FORMAT,
                        "unknown format " + printable(frames[2]) + " from " + printable(frames[1]));
                return;
            }
            Topic topic = topic(frames[0]);
            if (topic == null || topic.isReserved()) {
                reject(MalformedKind.BAD_TOPIC, "topic not acceptable from " + printable(frames[1]));
                return;
            }
            byte[] payload = frames[3];
            Data value = null;
            try {
                if (format == EventFormat.BROKER_JSON_V1) {
                    value = JsonFormat.decode(payload);
                    payload = BinaryFormat.encode(value);
                }
                // broker-bin-v1 is checked by the router where it is used: decoded for a local
                // subscriber, validated before a relay (an undecodable one then fails receive()).
            } catch (RuntimeException e) {
                reject(
                        MalformedKind.UNDECODABLE,
                        "undecodable " + format.wireName() + " payload on " + printable(frames[0]) + ": "
                                + e.getMessage());
                return;
            }
            if (!l.receive(topic, payload, 0, payload.length)) {
                malformed.get(MalformedKind.UNDECODABLE).increment();
                return;
            }
            received.increment();
            Consumer<ZeroMqEvent> t = tap;
            if (t != null) {
                try {
                    if (value == null) {
                        value = BinaryFormat.decode(payload);
                    }
                    t.accept(new ZeroMqEvent(topic, new String(frames[1], StandardCharsets.UTF_8), format, value));
                } catch (RuntimeException e) {
                    context.error(ErrorCode.UNSPECIFIED, "zeromq receive listener failed: " + e);
                }
            }
        }

        /** The topic of these bytes (the last one again if they are equal), null if too long. */
        private Topic topic(byte[] raw) {
            Topic last = lastInTopic;
            if (last != null && last.contentEquals(raw, 0, raw.length)) {
                return last;
            }
            if (raw.length > 65535) {
                return null;
            }
            Topic t = Topic.ofBytes(raw);
            lastInTopic = t;
            return t;
        }

        private void reject(MalformedKind kind, String reason) {
            malformed.get(kind).increment();
            ErrorCode code = kind == MalformedKind.UNDECODABLE
                    ? ErrorCode.DESERIALIZATION_FAILED
                    : kind == MalformedKind.BAD_TOPIC ? ErrorCode.INVALID_TOPIC_KEY : ErrorCode.INVALID_MESSAGE;
            link.malformed(code, "zeromq " + kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason);
        }

        // -------------------------------------------------------------- events out

        /** Sends what the link buffer holds; true if there may be more right away. */
        private boolean writeOut() {
            Link l = link;
            int n = 0;
            long bytes = 0;
            boolean more = false;
            while (n < BATCH) {
                if (next == batch.size()) {
                    batch.clear();
                    next = 0;
                    // Marked in flight before taking them, for awaitDrained (which reads the
                    // buffer first, then this count).
                    pendingCount = Integer.MAX_VALUE;
                    if (l.poll(batch, BATCH) == 0) {
                        pendingCount = 0;
                        break;
                    }
                    pendingCount = batch.size();
                }
                OutboundMessage m = batch.get(next);
                if (!wantedByCluster(m.topic())) {
                    batch.set(next++, null); // queued before ready; nobody in the cluster wants it
                    pendingCount = batch.size() - next;
                    unwanted.increment();
                    continue;
                }
                int size = send(m, false);
                if (size < 0) {
                    // At the HWM: wait in JeroMQ for room, at most HWM_WAIT_MILLIS. JeroMQ wakes the
                    // send as soon as the I/O thread has taken half the pipe (its activate_write
                    // command), so the I/O thread finds the pipe refilled instead of idling until
                    // a timed retry (a 1 ms retry here starved it: it drains 1,000 events in well
                    // under 1 ms and then ran one small write per wake-up).
                    sendWaits.increment();
                    size = send(m, true);
                }
                if (size < 0) {
                    blockedAtHwm = true;
                    break; // still at the HWM: keep it; the next round reads input, then waits again
                }
                batch.set(next++, null);
                n++;
                bytes += size;
                more = n == BATCH;
            }
            if (n > 0) {
                sent.add(n);
                l.sent(n, bytes);
            }
            pendingCount = batch.size() - next;
            return more;
        }

        private boolean wantedByCluster(Topic t) {
            if (t == lastWantedTopic) {
                return lastWanted;
            }
            boolean wanted = false;
            for (Topic p : cluster) {
                if (t.startsWith(p)) {
                    wanted = true;
                    break;
                }
            }
            lastWantedTopic = t;
            lastWanted = wanted;
            return wanted;
        }

        /**
         * Sends one event; the payload size, or -1 if the XPUB is at its HWM (nothing sent). No
         * frame is copied: the topic's bytes are made once per topic, the node id and format are
         * constants, and the payload is the hub's shared encoding (read-only, never reused), all
         * wrapped as they are.
         */
        private int send(OutboundMessage m, boolean waitAtHwm) {
            ByteBuffer payload;
            int len;
            if (config.format() == EventFormat.BROKER_JSON_V1) {
                byte[] json = JsonFormat.encode(BinaryFormat.decode(m.array(), m.offset(), m.length()));
                payload = ByteBuffer.wrap(json);
                len = json.length;
            } else {
                // slice(): the Msg then sees exactly these bytes (offset 0 of its own view).
                payload = ByteBuffer.wrap(m.array(), m.offset(), m.length()).slice();
                len = m.length();
            }
            if (!xpub.send(topicBytes(m.topic()), waitAtHwm ? ZMQ.SNDMORE : ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
                return -1;
            }
            // Once the first frame is accepted, ZeroMQ accepts the rest of the message.
            xpub.send(nodeIdBytes, ZMQ.SNDMORE);
            xpub.send(config.format().bytes(), ZMQ.SNDMORE);
            xpub.sendByteBuffer(payload, 0);
            return len;
        }

        /** The topic's bytes, made once per run of one topic (ZeroMQ only reads them). */
        private byte[] topicBytes(Topic t) {
            if (t != lastOutTopic && !t.equals(lastOutTopic)) {
                lastOutTopic = t;
                lastOutTopicBytes = t.bytes();
            }
            return lastOutTopicBytes;
        }

        // -------------------------------------------------------------- helpers

        /** The next frame without waiting, or null (none, or closed). */
        private Msg recvMsg(ZMQ.Socket s) {
            Msg m = s.base().recv(ZMQ.DONTWAIT);
            if (m == null && !closed && s.base().errno() != ZError.EAGAIN) {
                throw new ZMQException("XSUB receive failed", s.base().errno());
            }
            return m;
        }

        private byte[] recv(ZMQ.Socket s) {
            try {
                return s.recv(ZMQ.DONTWAIT);
            } catch (ZMQException e) {
                if (closed) {
                    return null;
                }
                throw e;
            }
        }

        private void skipRest(ZMQ.Socket s) {
            while (s.hasReceiveMore()) {
                if (s.recv(0) == null) {
                    return;
                }
            }
        }

        void close() {
            xsub.close();
            xpub.close();
            try {
                selector.close();
            } catch (IOException e) {
                // Nothing left to do.
            }
        }
    }

    private static String printable(byte[] b) {
        String s = new String(b, 0, Math.min(b.length, 80), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.append(b.length > 80 ? "...'" : "'").toString();
    }
}
