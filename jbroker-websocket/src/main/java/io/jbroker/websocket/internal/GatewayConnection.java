package io.jbroker.websocket.internal;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.data.DecodeException;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.zeek.Event;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * One WebSocket client of the gateway, after the HTTP upgrade: Zeek's checks (path, application
 * name), the subscription handshake, the ack, then data messages both ways.
 *
 * <p>Threads: frames are read on the connection's event loop; publications into the endpoint run
 * on the gateway's worker pool (a {@link io.jbroker.endpoint.Publisher} may wait for room), one
 * task per client at a time, and the socket reads pause while {@code maxPendingPublishes} wait;
 * messages for the client are taken from its {@link Subscriber} on the worker pool too, encoded
 * there (once for all clients, {@link SharedEncodings}) and handed to the event loop in batches ({@link FrameWriter}, one flush per batch); the
 * taker waits while the socket's send buffer (or that batch queue) is full, so a slow client fills its own subscriber
 * queue (whose policy applies once it stalls) and never holds up anyone else. A client that leaves
 * its socket full for the send timeout, or leaves a ping unanswered while it neither sends nor reads
 * anything for the send timeout (at least one ping interval), is dropped.
 *
 * <p>Order: everything for the client (ack, error objects, close frames) goes through its {@link
 * FrameWriter} behind the frames queued before it, so a close at shutdown or after a failed handshake
 * never overtakes them; only pings and the closes that drop a stuck client are written directly.
 */
public final class GatewayConnection extends ChannelInboundHandlerAdapter {
    public static final String PATH = "/v1/messages/json";
    private static final Pattern APP_NAME = Pattern.compile("[-/_.=:*@a-zA-Z0-9]+");
    /** Encoded frames that may wait for the event loop besides the socket's send buffer. */
    private static final long MAX_QUEUED_BYTES = 256 * 1024;

    private enum State {
        UPGRADING,
        AWAIT_SUBSCRIPTIONS,
        OPEN,
        /** A failed handshake: like Zeek, later frames are ignored. */
        DEAD
    }

    private final Endpoint endpoint;
    private final GatewaySettings settings;
    private final GatewayCounters counters;
    private final ExecutorService workers;
    private final SharedEncodings encodings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writable = lock.newCondition();
    private final ConcurrentLinkedQueue<DataMessage> toPublish = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingPublishes = new AtomicInteger();
    private final AtomicBoolean publishing = new AtomicBoolean();
    private final AtomicBoolean disconnectCounted = new AtomicBoolean();
    /** The client's own publications that its subscriber will see, oldest first (identity). */
    private final ArrayDeque<Data> ownInFlight = new ArrayDeque<>();

    private Channel ch;
    private State state = State.UPGRADING;
    private volatile Subscriber subscriber;
    private List<Topic> topics = List.of();
    private volatile boolean readPaused;
    private volatile boolean closed;
    private ScheduledFuture<?> pinger;
    private long pingsSent;
    private volatile long pongsReceived;
    private long framesRead; // event loop only
    private long batchesAtLastPing; // event loop only
    /** Room in the channel's outbound buffer after the last ping: it changes as the socket takes bytes. */
    private long roomAfterLastPing = -1; // event loop only
    /** When the last ping saw the client read or send anything, or our writes move. */
    private long lastProgressNanos = System.nanoTime(); // event loop only
    /** The topic of the client's last publication, reused while the next ones have the same. */
    private Topic lastTopic; // event loop only

    private long framesAtLastPing; // event loop only
    private volatile boolean pausedSinceLastPing;
    /** Frames for the client, written on the event loop in batches. */
    private FrameWriter writer;
    /** Whether a check to resume reads is queued on the event loop (one at a time). */
    private final AtomicBoolean resumeScheduled = new AtomicBoolean();

    private final Runnable resumeCheck = this::resumeIfDrained;
    private boolean counted;

    public GatewayConnection(
            Endpoint endpoint,
            GatewaySettings settings,
            GatewayCounters counters,
            ExecutorService workers,
            SharedEncodings encodings) {
        this.endpoint = endpoint;
        this.encodings = encodings;
        this.settings = settings;
        this.counters = counters;
        this.workers = workers;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ch = ctx.channel();
        writer = new FrameWriter(ch, MAX_QUEUED_BYTES, this::signal);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
            counters.accepted.increment();
            counters.clients.incrementAndGet();
            counted = true;
            long ms = settings.pingInterval().toMillis();
            pinger = ctx.executor().scheduleAtFixedRate(this::ping, 0, ms, TimeUnit.MILLISECONDS);
            String app = hc.requestHeaders().get("X-Application-Name");
            if (!hc.requestUri().equals(PATH)) {
                reject("invalid_uri", "Invalid URI - use " + PATH);
            } else if (app != null && !app.isEmpty() && !APP_NAME.matcher(app).matches()) {
                reject("invalid_application_name", "Invalid X-Application-Name");
            } else {
                state = State.AWAIT_SUBSCRIPTIONS;
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void reject(String code, String context) {
        counters.rejected.increment();
        state = State.DEAD;
        sendError(code, context);
        closeAfterQueued(new CloseWebSocketFrame(1008, context));
    }

    private void ping() {
        if (!ch.isActive()) {
            return;
        }
        // A client whose reads we paused cannot have its pong read, and a ping stuck behind a full
        // send buffer cannot arrive (the send timeout covers that): no ping timeout then.
        // Any frame read since the last ping also shows the client is alive: under load its pong
        // waits behind its own publications.
        // Likewise a client that reads what we send: its pong waits behind the frames sent before
        // the ping, megabytes in the socket buffers for a client that reads slowly. Progress of our
        // writes (a batch reached the socket, the outbound buffer changed) shows it reads; it may
        // be invisible for a while (TCP opens the window in steps, the kernel's buffers hide what
        // the client reads), so only no progress for the send timeout (at least one interval)
        // makes an unanswered ping a timeout: as long as a client that stops reading is given.
        long written = writer.batchesWritten();
        long room = ch.bytesBeforeUnwritable();
        long now = System.nanoTime();
        if (framesRead != framesAtLastPing
                || written != batchesAtLastPing
                || room != roomAfterLastPing
                || pausedSinceLastPing) {
            lastProgressNanos = now;
        }
        framesAtLastPing = framesRead;
        batchesAtLastPing = written;
        pausedSinceLastPing = readPaused;
        long grace = Math.max(
                settings.pingInterval().toNanos(), settings.sendTimeout().toNanos());
        if (pingsSent > pongsReceived && now - lastProgressNanos >= grace && !readPaused && ch.isWritable()) {
            countDisconnect();
            if (Boolean.getBoolean("jbroker.websocket.debug")) {
                System.err.println("gateway connection " + ch + ": ping timeout");
            }
            // Direct, not behind the queued frames: the channel closes at once (the client answers
            // nothing), and a close frame behind them would never be written.
            ch.writeAndFlush(new CloseWebSocketFrame(1011, "Ping timeout"));
            ch.close();
            return;
        }
        pongsReceived = Math.min(pongsReceived, pingsSent);
        String payload = "jbroker::heartbeat::" + settings.pingInterval().toSeconds() + "s::" + pingsSent;
        pingsSent++;
        ch.writeAndFlush(new PingWebSocketFrame(Unpooled.copiedBuffer(payload, StandardCharsets.US_ASCII)));
        roomAfterLastPing = ch.bytesBeforeUnwritable();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        framesRead++;
        try {
            if (frame instanceof PongWebSocketFrame) {
                pongsReceived++;
            } else if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                // Zeek reads a frame's payload whatever its opcode (captured: binary frames work).
                onFrame(ByteBufUtil.getBytes(frame.content()));
            } else if (frame instanceof CloseWebSocketFrame close) {
                closed = true; // no data after our close
                signal();
                closeAfterQueued(new CloseWebSocketFrame(
                        close.statusCode() < 0 ? 1000 : close.statusCode(), close.reasonText()));
            }
        } finally {
            frame.release();
        }
    }

    private void onFrame(byte[] bytes) {
        switch (state) {
            case AWAIT_SUBSCRIPTIONS -> subscribe(bytes);
            case OPEN -> publishFrame(bytes);
            default -> {} // UPGRADING cannot happen; DEAD ignores, as Zeek does
        }
    }

    private void subscribe(byte[] bytes) {
        List<String> names;
        try {
            names = WireJson.parseSubscriptions(bytes, settings.maxSubscriptions());
        } catch (WireJson.BadSubscriptions e) {
            counters.rejected.increment();
            state = State.DEAD;
            sendError("deserialization_failed", e.getMessage());
            return;
        }
        List<Topic> parsed = new ArrayList<>();
        try {
            for (String n : names) {
                Topic t = Topic.of(n);
                if (t.isReserved()) {
                    throw new IllegalArgumentException("reserved topic " + n);
                }
                parsed.add(t);
            }
            if (!parsed.isEmpty()) {
                Subscriber s = endpoint.subscribe(names);
                subscriber = s;
            }
        } catch (RuntimeException e) {
            counters.rejected.increment();
            state = State.DEAD;
            closeAfterQueued(new CloseWebSocketFrame(1011, "Could not subscribe. Something bad happened!"));
            return;
        }
        topics = List.copyOf(parsed);
        state = State.OPEN;
        counters.acknowledged.increment();
        String id = settings.endpointPrefix() + "-websocket-" + counters.nextClientId.getAndIncrement();
        send(new TextWebSocketFrame(Unpooled.wrappedBuffer(WireJson.ack(id, settings.version()))));
        Subscriber s = subscriber;
        if (s != null) {
            s.onMessage(this::deliver, workers);
        }
    }

    // ------------------------------------------------------------------------------ client -> endpoint

    private void publishFrame(byte[] bytes) {
        DataMessage m;
        try {
            m = FastDataMessages.decode(bytes, 0, bytes.length, lastTopic);
        } catch (DecodeException e) {
            String reason = e.reason() == null ? "" : e.reason();
            sendError(
                    "deserialization_failed",
                    reason.startsWith("topic") ? "no topic in top-level JSON object" : "failed to decode JSON object");
            return;
        }
        if (!Event.isValid(m.data()) || m.topic().isReserved()) {
            sendError("deserialization_failed", "failed to create Zeek event");
            return;
        }
        lastTopic = m.topic();
        toPublish.add(m);
        if (pendingPublishes.incrementAndGet() >= settings.maxPendingPublishes() && !readPaused) {
            // Only the event loop pauses and resumes reads. The worker's decrement either happened
            // before the pause (then the check below sees it) or sees readPaused and asks the loop.
            readPaused = true;
            pausedSinceLastPing = true;
            ch.config().setAutoRead(false);
            counters.readPauses.increment();
            resumeIfDrained();
        }
        if (publishing.compareAndSet(false, true)) {
            workers.execute(this::publishPending);
        }
    }

    /** Runs on a worker: publishes what the client sent, in order, waiting for room. */
    private void publishPending() {
        try {
            DataMessage m;
            while ((m = toPublish.poll()) != null) {
                publishOne(m);
                int left = pendingPublishes.decrementAndGet();
                if (readPaused
                        && left <= settings.maxPendingPublishes() / 2
                        && resumeScheduled.compareAndSet(false, true)) {
                    ch.eventLoop().execute(resumeCheck);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            publishing.set(false);
        }
        if (!toPublish.isEmpty() && publishing.compareAndSet(false, true)) {
            workers.execute(this::publishPending);
        }
    }

    /** On the event loop: resumes the paused reads once at most half the limit waits. */
    private void resumeIfDrained() {
        resumeScheduled.set(false);
        if (readPaused && pendingPublishes.get() <= settings.maxPendingPublishes() / 2) {
            readPaused = false;
            ch.config().setAutoRead(true);
        }
    }

    private void publishOne(DataMessage m) throws InterruptedException {
        boolean own = matchesOwnSubscription(m.topic());
        if (own) {
            synchronized (ownInFlight) {
                ownInFlight.addLast(m.data());
                if (ownInFlight.size() > 65_536) {
                    ownInFlight.removeFirst(); // dropped by the subscriber's policy long ago
                }
            }
        }
        try {
            boolean lossless = endpoint.publisher(m.topic().toString(), settings.publishTimeout())
                    .publish(m.data(), settings.publishTimeout());
            counters.published.increment();
            if (!lossless) {
                counters.publishedNotLossless.increment();
            }
        } catch (RuntimeException e) {
            // The endpoint is closing; the message is lost with it.
            counters.publishedNotLossless.increment();
        }
    }

    private boolean matchesOwnSubscription(Topic t) {
        if (subscriber == null) {
            return false;
        }
        for (Topic p : topics) {
            if (t.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code value} is this client's own publication coming back (then forgotten). */
    private boolean isOwnEcho(Data value) {
        synchronized (ownInFlight) {
            if (ownInFlight.isEmpty()) {
                return false;
            }
            int i = 0;
            for (Iterator<Data> it = ownInFlight.iterator(); it.hasNext(); i++) {
                if (it.next() == value) {
                    // Everything before it was dropped by the subscriber's policy.
                    for (int k = 0; k <= i; k++) {
                        ownInFlight.removeFirst();
                    }
                    return true;
                }
            }
            return false;
        }
    }

    // ------------------------------------------------------------------------------ endpoint -> client

    /** Runs on a worker, one message at a time: waits while the client's socket is full. */
    private void deliver(DataMessage m) {
        if (closed || !ch.isActive()) {
            return;
        }
        if (isOwnEcho(m.data())) {
            counters.echoesSuppressed.increment();
            return;
        }
        if (!writer.hasRoom()) {
            long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
            lock.lock();
            try {
                while (!writer.hasRoom() && !closed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    writable.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            if (closed) {
                return;
            }
            if (!writer.hasRoom()) {
                // Like Zeek's "Send timeout": the client has not read for the send timeout.
                // Direct, not behind the queued frames: they wait because the client does not
                // read, so a close behind them would wait as long; the channel closes at once.
                countDisconnect();
                ch.writeAndFlush(new CloseWebSocketFrame(1011, "Send timeout"));
                ch.close();
                closed = true;
                return;
            }
        }
        writer.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(encodings.encode(m))));
        counters.delivered.increment(); // once queued: a terminate from now on goes behind it
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        signal();
        super.channelWritabilityChanged(ctx);
    }

    private void signal() {
        lock.lock();
        try {
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void sendError(String code, String context) {
        counters.errorsSent.increment();
        send(new TextWebSocketFrame(Unpooled.wrappedBuffer(WireJson.error(code, context))));
    }

    /**
     * Writes {@code frame} behind every frame queued for the client, so that replies keep the
     * connection's order (directly on the channel while there is no writer yet).
     */
    private void send(WebSocketFrame frame) {
        FrameWriter w = writer;
        if (w == null) {
            ch.writeAndFlush(frame);
        } else {
            w.write(frame);
        }
    }

    /** Writes the close frame behind every frame queued for the client, then closes the channel. */
    private void closeAfterQueued(CloseWebSocketFrame close) {
        FrameWriter w = writer;
        ChannelFuture written = w == null ? ch.writeAndFlush(close) : w.writeLast(close);
        written.addListener(ChannelFutureListener.CLOSE);
    }

    /** Counts a disconnect by the gateway, once per connection. */
    private boolean countDisconnect() {
        if (disconnectCounted.compareAndSet(false, true)) {
            counters.disconnects.increment();
            return true;
        }
        return false;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (Boolean.getBoolean("jbroker.websocket.debug")) {
            System.err.println("gateway connection " + ctx.channel() + ": " + cause);
        }
        // Protocol violations (a frame too large, bad framing) are answered with a close;
        // anything else (including writes failing after a close) ends this connection only.
        if (!ctx.channel().isActive() || closed) {
            ctx.close();
            return;
        }
        countDisconnect();
        if (cause instanceof io.netty.handler.codec.TooLongFrameException
                || cause instanceof io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException) {
            if (ctx.channel().isActive()) {
                closeAfterQueued(new CloseWebSocketFrame(1009, "Message too big"));
            }
            return;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed = true;
        if (counted) {
            counters.clients.decrementAndGet();
        }
        if (pinger != null) {
            pinger.cancel(false);
        }
        Subscriber s = subscriber;
        if (s != null) {
            s.close();
        }
        synchronized (ownInFlight) {
            ownInFlight.clear();
        }
        signal();
        super.channelInactive(ctx);
    }

    /**
     * Sends 1001 "Terminating", as Zeek does at shutdown, to the client on {@code ch}: behind every
     * frame already queued for it (every message counted as delivered), then closes the channel.
     * Messages not yet taken from the client's subscriber are not sent. Any thread.
     */
    public static void terminate(Channel ch) {
        GatewayConnection c = ch.pipeline().get(GatewayConnection.class);
        if (c == null) {
            ch.close(); // still being set up: no WebSocket yet to close
            return;
        }
        ch.eventLoop().execute(c::terminate);
    }

    /** On the event loop: stops delivering and closes behind what is queued. */
    private void terminate() {
        closed = true;
        signal();
        if (state == State.UPGRADING) {
            ch.close(); // no WebSocket yet to close
        } else if (ch.isActive()) {
            closeAfterQueued(new CloseWebSocketFrame(1001, "Terminating"));
        }
    }
}
