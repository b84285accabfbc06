package io.jbroker.websocket;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.data.DecodeException;
import io.jbroker.data.JsonFormat;
import io.jbroker.endpoint.OverflowPolicy;
import io.jbroker.internal.core.BoundedQueue;
import io.jbroker.internal.core.SubscriberQueue;
import io.jbroker.internal.wire.Filter;
import io.jbroker.websocket.internal.ClientTls;
import io.jbroker.websocket.internal.DaemonThreads;
import io.jbroker.websocket.internal.FastDataMessages;
import io.jbroker.websocket.internal.FrameWriter;
import io.jbroker.websocket.internal.SerialCallbacks;
import io.jbroker.websocket.internal.WireJson;
import io.jbroker.zeek.Event;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A client of Zeek's WebSocket API ({@code /v1/messages/json}, Zeek 7.2+, and jbroker's {@link
 * ZeekWebSocketGateway}): connects over {@code ws://} or {@code wss://}, sends its topic prefixes
 * as the subscription array, waits for the ack ({@link #ack()}), then publishes and receives Zeek
 * events and raw data messages in Broker's JSON v1 format.
 *
 * <pre>{@code
 * try (ZeekWebSocketClient zeek = ZeekWebSocketClient.connect("ws://127.0.0.1:27759/v1/messages/json", "/topic/")) {
 *     zeek.onEvent((topic, event) -> System.out.println(topic + ": " + event));
 *     zeek.publish("/topic/test", Event.of("Test::ping", Data.string("hi"), Data.count(1)));
 *     Thread.sleep(10_000);
 * }
 * }</pre>
 *
 * <p><b>Receiving</b>: messages wait in a queue bounded in messages and bytes. While it is full the
 * client stops reading the socket (so the server's buffers fill, not ours), for as long as the
 * consumer keeps taking; if it takes nothing for the stall timeout, the {@link OverflowPolicy}
 * applies, every drop is counted ({@link #droppedCount()}) and reported as a {@link
 * ClientStatus.Kind#MESSAGES_DROPPED} status. Read with {@link #receive(Duration)}, {@link
 * #poll()}, or asynchronously with {@link #onMessage}/{@link #onEvent}.
 *
 * <p><b>Publishing</b> ({@link #publish(String, Event)}) waits while the socket's send buffer is
 * above its high-water mark (back-pressure), up to the publish timeout; {@link #publishAsync}
 * returns a future instead. Zeek answers events it rejects with error objects, reported as {@link
 * ClientStatus.Kind#SERVER_ERROR} statuses ({@link #serverErrorCount()}).
 *
 * <p><b>Failures</b>: {@link ZeekWebSocketException} carries the server's error object and close
 * code with Zeek's names. After an acknowledged session breaks, the client reconnects with
 * exponential backoff and sends its subscriptions again (unless the server closed with 1008,
 * policy violation), reporting {@link ClientStatus} events; publishes wait for the new session.
 * Pings are answered automatically.
 *
 * <p>Thread-safe. One network thread per client; status callbacks and asynchronous handlers run
 * on their own threads, may block (delaying only later callbacks) and may throw (counted).
 */
public final class ZeekWebSocketClient implements AutoCloseable {
    /** Encoded frames that may wait for the network thread besides the socket's send buffer. */
    private static final long MAX_QUEUED_SEND_BYTES = 256 * 1024;
    /** At most this many received messages are queued in one step. */
    private static final int MAX_RECEIVE_BATCH = 256;
    /** zeekctl's default: the manager's WebSocket server. */
    public static final String DEFAULT_URL = "ws://127.0.0.1:27759/v1/messages/json";

    /** How long a refused handshake waits for the close frame that may follow the error object. */
    private static final long CLOSE_AFTER_ERROR_GRACE_MS = 300;

    private final Builder config;
    private final URI uri;
    private final String host;
    private final int port;
    private final ClientTls tls;
    private final EventLoopGroup group;
    private final SubscriberQueue queue;
    private final SerialCallbacks<ClientStatus> statusCallbacks;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    /** The acknowledged session's batching writer, or null (set and cleared with {@code channel}). */
    private volatile FrameWriter writer;

    private final ScheduledFuture<?> stallCheck;
    private volatile Channel channel; // the acknowledged session, or null
    private volatile Ack ack;
    private volatile ZeekError lastError;
    private volatile boolean gaveUp;
    private long reportedDrops; // network thread only
    private int attempt; // network thread only
    private final AtomicBoolean handlerSet = new AtomicBoolean();

    private ZeekWebSocketClient(Builder b, ClientTls tls) {
        this.config = b;
        this.uri = b.uri;
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : (isSecure(uri) ? 443 : 80);
        this.tls = tls;
        this.group = new NioEventLoopGroup(1, new DaemonThreads("jbroker-ws-client"));
        List<Topic> topics = new ArrayList<>();
        for (String t : b.topics) {
            topics.add(Topic.of(t));
        }
        this.queue = new SubscriberQueue(
                Filter.received(topics), b.queueSize, b.queueBytes, b.overflowPolicy, b.stallTimeout);
        this.queue.onOverflowDisconnect(
                () -> fail("receive queue full (policy disconnect, " + queue.droppedCount() + " dropped)"));
        this.statusCallbacks =
                b.statusListener == null ? null : new SerialCallbacks<>("jbroker-ws-status", b.statusListener, 4096);
        long period = Math.max(10, b.stallTimeout.toMillis() / 4);
        this.stallCheck = group.next().scheduleAtFixedRate(this::checkStall, period, period, TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------------------ creation

    /** Connects with default settings and waits for the ack (see {@link Builder#connect()}). */
    public static ZeekWebSocketClient connect(String url, String... topics) {
        return builder(url).topics(topics).connect();
    }

    /** A builder for a client of the server at {@code url} ({@code ws://} or {@code wss://}). */
    public static Builder builder(String url) {
        return new Builder(URI.create(url));
    }

    // ------------------------------------------------------------------------------ state

    /** The ack of the current (or last) session. */
    public Ack ack() {
        return ack;
    }

    /** The topic prefixes this client subscribes to. */
    public List<String> topics() {
        return config.topics;
    }

    /** Whether a session is acknowledged right now. */
    public boolean isConnected() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    public boolean isClosed() {
        return closed.get() || gaveUp;
    }

    /** The last error object the server sent, or null. */
    public ZeekError lastServerError() {
        return lastError;
    }

    // ------------------------------------------------------------------------------ publishing

    /** Publishes a Zeek event on {@code topic} (see {@link #publish(DataMessage)}). */
    public void publish(String topic, Event event) throws InterruptedException {
        publish(new DataMessage(Topic.of(topic), event.toData()));
    }

    /** Publishes a raw value on {@code topic} (see {@link #publish(DataMessage)}). */
    public void publish(String topic, Data value) throws InterruptedException {
        publish(new DataMessage(Topic.of(topic), value));
    }

    /**
     * Sends one data message, waiting up to the publish timeout while the socket's send buffer is
     * full or the client is between sessions.
     *
     * @throws ZeekWebSocketException if the client is closed or the wait timed out
     */
    public void publish(DataMessage message) throws InterruptedException {
        send(encode(message));
        published.incrementAndGet();
    }

    /**
     * Sends a text frame exactly as given (no validation): for testing servers and for JSON built
     * elsewhere. Waits like {@link #publish(DataMessage)}.
     */
    public void sendRaw(String text) throws InterruptedException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends one data message without blocking the caller: the future completes once the frame is
     * written to the socket, or fails with a {@link ZeekWebSocketException} after the publish
     * timeout or when the client closes.
     */
    public CompletableFuture<Void> publishAsync(String topic, Data value) {
        byte[] frame = encode(new DataMessage(Topic.of(topic), value));
        CompletableFuture<Void> f = new CompletableFuture<>();
        long deadline = System.nanoTime() + config.publishTimeout.toNanos();
        group.next().execute(() -> sendAsync(frame, deadline, f));
        return f;
    }

    private void sendAsync(byte[] frame, long deadline, CompletableFuture<Void> f) {
        if (isClosed()) {
            f.completeExceptionally(new ZeekWebSocketException("client is closed"));
            return;
        }
        Channel ch = channel;
        if (ch != null && ch.isActive() && ch.isWritable()) {
            ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)))
                    .addListener(w -> {
                        if (w.isSuccess()) {
                            published.incrementAndGet();
                            f.complete(null);
                        } else {
                            f.completeExceptionally(new ZeekWebSocketException("write failed", w.cause()));
                        }
                    });
            return;
        }
        if (System.nanoTime() - deadline >= 0) {
            f.completeExceptionally(new ZeekWebSocketException("no room to send within " + config.publishTimeout));
            return;
        }
        // Not writable or between sessions: look again shortly (on this client's network thread).
        group.next().schedule(() -> sendAsync(frame, deadline, f), 1, TimeUnit.MILLISECONDS);
    }

    private static byte[] encode(DataMessage message) {
        return JsonFormat.encodeMessage(message);
    }

    private void send(byte[] frame) throws InterruptedException {
        long deadline = System.nanoTime() + config.publishTimeout.toNanos();
        FrameWriter w = writer;
        if (w != null && w.hasRoom() && !isClosed()) {
            w.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)));
            return;
        }
        Channel ch;
        lock.lockInterruptibly();
        try {
            while (true) {
                if (isClosed()) {
                    throw new ZeekWebSocketException("client is closed");
                }
                ch = channel;
                w = writer;
                if (ch != null && w != null && ch.isActive() && w.hasRoom()) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ZeekWebSocketException((ch == null ? "not connected" : "no room in the send buffer")
                            + " within " + config.publishTimeout);
                }
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
        } finally {
            lock.unlock();
        }
        w.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)));
    }

    // ------------------------------------------------------------------------------ receiving

    /** Waits up to {@code timeout} for the next message; null on timeout or once closed and empty. */
    public DataMessage receive(Duration timeout) throws InterruptedException {
        return queue.take(timeout);
    }

    /** Waits up to {@code timeout} for at least one message, then takes up to {@code max}. */
    public List<DataMessage> receive(int max, Duration timeout) throws InterruptedException {
        return queue.take(max, timeout);
    }

    /** The next queued message, or null; never blocks. */
    public DataMessage poll() {
        return queue.poll();
    }

    /**
     * Waits up to {@code timeout} for the next message that is a valid Zeek event (others are
     * skipped).
     *
     * @return the event, or null on timeout
     */
    public ReceivedEvent receiveEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            DataMessage m = queue.take(Duration.ofNanos(Math.max(0, left)));
            if (m == null) {
                return null;
            }
            Event e = Event.from(m.data()).orElse(null);
            if (e != null) {
                return new ReceivedEvent(m.topic(), e);
            }
        }
    }

    /** A Zeek event and the topic it arrived on. */
    public record ReceivedEvent(Topic topic, Event event) {}

    /**
     * Delivers messages asynchronously on {@code executor}, one at a time and in order (messages
     * already queued first). Set once; afterwards the blocking receive methods find nothing. A
     * handler that throws is counted ({@link #handlerFailureCount()}) and the next message follows.
     */
    public void onMessage(Consumer<DataMessage> handler, Executor executor) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(executor, "executor");
        if (!handlerSet.compareAndSet(false, true)) {
            throw new IllegalStateException("a handler is already set");
        }
        AtomicBoolean draining = new AtomicBoolean();
        Runnable drain = new Runnable() {
            @Override
            public void run() {
                try {
                    List<DataMessage> batch;
                    while (!(batch = queue.drain(256)).isEmpty()) {
                        for (DataMessage m : batch) {
                            try {
                                handler.accept(m);
                            } catch (RuntimeException e) {
                                handlerFailures.incrementAndGet();
                            }
                        }
                    }
                } finally {
                    draining.set(false);
                }
                if (queue.available() > 0 && draining.compareAndSet(false, true)) {
                    executor.execute(this);
                }
            }
        };
        queue.onAvailable(() -> {
            if (draining.compareAndSet(false, true)) {
                executor.execute(drain);
            }
        });
        if (queue.available() > 0 && draining.compareAndSet(false, true)) {
            executor.execute(drain);
        }
    }

    private final AtomicLong handlerFailures = new AtomicLong();

    /**
     * Delivers every received Zeek event to {@code handler} on a thread of this client (messages
     * that are not events are skipped). See {@link #onMessage}.
     */
    public void onEvent(BiConsumer<Topic, Event> handler) {
        Objects.requireNonNull(handler, "handler");
        ExecutorService ex = Executors.newSingleThreadExecutor(new DaemonThreads("jbroker-ws-events"));
        eventExecutor = ex;
        onMessage(m -> Event.from(m.data()).ifPresent(e -> handler.accept(m.topic(), e)), ex);
    }

    private volatile ExecutorService eventExecutor;

    // ------------------------------------------------------------------------------ counters

    /** Messages that reached the receive queue. */
    public long receivedCount() {
        return queue.receivedCount();
    }

    /** Messages lost to the receive queue's overflow policy. */
    public long droppedCount() {
        return queue.droppedCount();
    }

    /** Messages queued for taking. */
    public int available() {
        return queue.available();
    }

    /** Data messages written by {@link #publish} and {@link #publishAsync}. */
    public long publishedCount() {
        return published.get();
    }

    /** Frames from the server that could not be decoded (skipped). */
    public long malformedCount() {
        return malformed.get();
    }

    /** Error objects received from the server. */
    public long serverErrorCount() {
        return serverErrors.get();
    }

    /** Sessions re-established after a break. */
    public long reconnectCount() {
        return reconnects.get();
    }

    /** Asynchronous handler invocations that threw. */
    public long handlerFailureCount() {
        return handlerFailures.get();
    }

    // ------------------------------------------------------------------------------ lifecycle

    /** Closes the session with 1000 and stops reconnecting. Idempotent. */
    @Override
    public void close() {
        close("closed by the application");
    }

    private void close(String why) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stallCheck.cancel(false);
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            try {
                // Behind every frame published before (a direct write could overtake those still
                // queued in the writer, and the server would drop them with the close).
                FrameWriter w = writer;
                CloseWebSocketFrame bye = new CloseWebSocketFrame(1000, "");
                (w != null ? w.writeLast(bye) : ch.writeAndFlush(bye)).await(1, TimeUnit.SECONDS);
                ch.closeFuture().await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ch.close();
        }
        signal();
        if (why != null) {
            status(ClientStatus.of(ClientStatus.Kind.CLOSED, why));
        }
        queue.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (statusCallbacks != null) {
            statusCallbacks.close();
        }
        ExecutorService ex = eventExecutor;
        if (ex != null) {
            ex.shutdown();
        }
    }

    private void fail(String reason) {
        gaveUp = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
        signal();
        status(ClientStatus.of(ClientStatus.Kind.CLOSED, reason));
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void status(ClientStatus s) {
        if (statusCallbacks != null) {
            statusCallbacks.deliver(s);
        }
    }

    private void checkStall() {
        queue.checkStall(System.nanoTime());
        long d = queue.droppedCount();
        if (d > reportedDrops) {
            status(ClientStatus.of(
                    ClientStatus.Kind.MESSAGES_DROPPED,
                    (d - reportedDrops) + " messages dropped by the receive queue (policy "
                            + config.overflowPolicy.name().toLowerCase(java.util.Locale.ROOT) + ", " + d + " in all)"));
            reportedDrops = d;
        }
    }

    // ------------------------------------------------------------------------------ sessions

    private static boolean isSecure(URI uri) {
        return "wss".equalsIgnoreCase(uri.getScheme());
    }

    /** Opens one session; the future completes with the ack or fails with a typed error. */
    private CompletableFuture<Ack> openSession() {
        CompletableFuture<Ack> acked = new CompletableFuture<>();
        HttpHeaders headers = new DefaultHttpHeaders();
        if (config.applicationName != null) {
            headers.set("X-Application-Name", config.applicationName);
        }
        WebSocketClientProtocolConfig wsConfig = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .customHeaders(headers)
                .maxFramePayloadLength(config.maxFrameBytes)
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .allowExtensions(false)
                .withUTF8Validator(false) // Zeek sends raw non-UTF-8 bytes in text frames
                .handshakeTimeoutMillis(config.connectTimeout.toMillis())
                .build();
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout.toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (tls != null) {
                            p.addLast(tls.newHandler(ch.alloc(), host, port));
                        }
                        p.addLast(new HttpClientCodec());
                        p.addLast(new HttpObjectAggregator(64 * 1024));
                        p.addLast(new WebSocketClientProtocolHandler(wsConfig));
                        p.addLast(new WebSocketFrameAggregator(config.maxFrameBytes));
                        p.addLast(new Session(acked));
                    }
                });
        ChannelFuture cf = b.connect(host, port);
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                acked.completeExceptionally(new ZeekWebSocketException(
                        "cannot connect to " + host + ":" + port + ": "
                                + f.cause().getMessage(),
                        f.cause()));
            }
        });
        return acked;
    }

    private void scheduleReconnect() {
        if (isClosed() || !config.reconnect) {
            return;
        }
        long delay =
                Math.min(config.reconnectMax.toMillis(), config.reconnectInitial.toMillis() << Math.min(attempt, 20));
        attempt++;
        status(ClientStatus.of(
                ClientStatus.Kind.RECONNECTING, "attempt " + attempt + " in " + delay + " ms to " + uri));
        group.next()
                .schedule(
                        () -> openSession().whenComplete((a, e) -> {
                            if (e != null) {
                                group.next().execute(this::scheduleReconnect);
                            } else {
                                reconnects.incrementAndGet();
                            }
                        }),
                        delay,
                        TimeUnit.MILLISECONDS);
    }

    /** The handler of one WebSocket session. Runs on the client's network thread. */
    private final class Session extends ChannelInboundHandlerAdapter implements BoundedQueue.Source {
        private final CompletableFuture<Ack> acked;
        private Channel ch;
        private FrameWriter out;
        /** Data messages read but not yet queued: offered together once per socket read. */
        private final List<DataMessage> batch = new ArrayList<>();

        private int[] batchSizes = new int[64];
        /** The topic of the last data message, reused while the next ones have the same. */
        private Topic lastTopic;

        private boolean isAcked;
        private ZeekError error;
        private int closeCode = -1;
        private String closeReason;
        private Throwable cause;

        Session(CompletableFuture<Ack> acked) {
            this.acked = acked;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ch = ctx.channel();
            out = new FrameWriter(ch, MAX_QUEUED_SEND_BYTES, ZeekWebSocketClient.this::signal);
        }

        @Override
        public void pause() {
            ch.config().setAutoRead(false);
        }

        @Override
        public void resume() {
            ch.config().setAutoRead(true);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                ctx.writeAndFlush(
                        new TextWebSocketFrame(Unpooled.wrappedBuffer(WireJson.subscriptions(config.topics))));
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                cause = new TimeoutException("WebSocket upgrade timed out");
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof WebSocketFrame frame)) {
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            try {
                if (frame instanceof CloseWebSocketFrame close) {
                    offerBatch();
                    closeCode = close.statusCode();
                    closeReason = close.reasonText();
                    ctx.writeAndFlush(new CloseWebSocketFrame(closeCode < 0 ? 1000 : closeCode, ""))
                            .addListener(f -> ctx.close());
                } else if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                    onFrame(ctx, ByteBufUtil.getBytes(frame.content()));
                }
            } finally {
                frame.release();
            }
        }

        private void onFrame(ChannelHandlerContext ctx, byte[] bytes) {
            if (isAcked && WireJson.looksLikeDataMessage(bytes)) {
                onDataMessage(bytes);
                return;
            }
            offerBatch(); // what came before this frame is queued before it is handled
            WireJson.Fields f = WireJson.fields(bytes);
            String type = f == null ? null : f.type();
            if ("error".equals(type)) {
                ZeekError e = ZeekError.parse(f.code() == null ? "" : f.code(), f.context() == null ? "" : f.context());
                serverErrors.incrementAndGet();
                lastError = e;
                status(new ClientStatus(ClientStatus.Kind.SERVER_ERROR, e.toString(), e, -1));
                if (!isAcked && error == null) {
                    error = e;
                    // Zeek follows some errors with a close (1008 for a bad path or application
                    // name); a failed handshake leaves its side dead instead. Wait briefly for the
                    // close so the failure carries both, then hang up.
                    ctx.executor()
                            .schedule(
                                    () -> {
                                        if (acked.completeExceptionally(new ZeekWebSocketException(e))) {
                                            ctx.writeAndFlush(new CloseWebSocketFrame(1000, ""))
                                                    .addListener(x -> ctx.close());
                                        }
                                    },
                                    CLOSE_AFTER_ERROR_GRACE_MS,
                                    TimeUnit.MILLISECONDS);
                }
            } else if (!isAcked && "ack".equals(type) && f.endpoint() != null && f.version() != null) {
                isAcked = true;
                Ack a = new Ack(f.endpoint(), f.version());
                ack = a;
                attempt = 0;
                writer = out;
                channel = ch;
                signal();
                status(ClientStatus.of(
                        ClientStatus.Kind.CONNECTED,
                        "subscribed to " + config.topics + " at " + uri + ": endpoint=" + a.endpoint() + " version="
                                + a.version()));
                acked.complete(a);
            } else if (isAcked && "data-message".equals(type)) {
                onDataMessage(bytes);
            } else {
                malformed.incrementAndGet();
                status(ClientStatus.of(
                        ClientStatus.Kind.MALFORMED,
                        "unexpected frame from the server" + (isAcked ? "" : " before the ack") + ": "
                                + preview(bytes)));
            }
        }

        private void onDataMessage(byte[] bytes) {
            DataMessage m;
            try {
                m = FastDataMessages.decode(bytes, 0, bytes.length, lastTopic);
            } catch (DecodeException e) {
                malformed.incrementAndGet();
                status(ClientStatus.of(ClientStatus.Kind.MALFORMED, "undecodable data message: " + e.getMessage()));
                return;
            }
            if (batch.size() == batchSizes.length) {
                batchSizes = java.util.Arrays.copyOf(batchSizes, batchSizes.length * 2);
            }
            batchSizes[batch.size()] = bytes.length;
            batch.add(m);
            lastTopic = m.topic();
            if (batch.size() >= MAX_RECEIVE_BATCH) {
                offerBatch();
            }
        }

        /** Queues the data messages read so far, in one step (one lock and one wake-up). */
        private void offerBatch() {
            if (!batch.isEmpty()) {
                queue.offerAll(batch, batchSizes, batch.size(), this);
                batch.clear();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
            offerBatch();
            super.channelReadComplete(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            signal();
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
            if (cause == null) {
                cause = t;
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            offerBatch();
            if (channel == ch) {
                channel = null;
                writer = null;
            }
            signal();
            int code = closeCode < 0 ? CloseCode.ABNORMAL.code() : closeCode;
            if (!isAcked) {
                ZeekWebSocketException e;
                if (closeCode >= 0) {
                    e = new ZeekWebSocketException(error, closeCode, closeReason == null ? "" : closeReason);
                } else if (cause != null) {
                    e = new ZeekWebSocketException("connection to " + uri + " failed: " + cause, cause);
                } else {
                    e = new ZeekWebSocketException("connection to " + uri + " closed before the ack");
                }
                acked.completeExceptionally(e);
            } else if (!closed.get()) {
                String why = closeCode < 0
                        ? "connection lost without a close frame (1006)" + (cause == null ? "" : ": " + cause)
                        : "closed by the server with " + closeCode + " " + CloseCode.of(closeCode) + " '" + closeReason
                                + "'";
                status(new ClientStatus(ClientStatus.Kind.DISCONNECTED, why, error, code));
                if (closeCode == CloseCode.POLICY_VIOLATION.code()) {
                    fail("not reconnecting after a policy violation (1008)");
                } else if (config.reconnect) {
                    scheduleReconnect();
                } else {
                    fail("connection ended; reconnect disabled");
                }
            }
            super.channelInactive(ctx);
        }
    }

    private static String preview(byte[] bytes) {
        String s = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8);
        return bytes.length > 200 ? s + "..." : s;
    }

    // ------------------------------------------------------------------------------ builder

    /** Settings of a client; {@link #connect()} opens it. Not thread-safe. */
    public static final class Builder {
        private final URI uri;
        private List<String> topics = List.of();
        private String applicationName;
        private Path caFile;
        private boolean insecure;
        private int queueSize = 8192;
        private long queueBytes = 64L * 1024 * 1024;
        private OverflowPolicy overflowPolicy = OverflowPolicy.DROP_OLDEST;
        private Duration stallTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration publishTimeout = Duration.ofSeconds(30);
        private boolean reconnect = true;
        private Duration reconnectInitial = Duration.ofMillis(100);
        private Duration reconnectMax = Duration.ofSeconds(10);
        private int maxFrameBytes = 16 * 1024 * 1024;
        private Consumer<ClientStatus> statusListener;

        private Builder(URI uri) {
            String scheme = uri.getScheme();
            if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("URL must start with ws:// or wss://: " + uri);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("URL has no host: " + uri);
            }
            this.uri = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? uri.resolve("/") : uri;
        }

        /** Topic prefixes to subscribe to (the subscription array); none: publish only. */
        public Builder topics(String... topics) {
            return topics(List.of(topics));
        }

        public Builder topics(List<String> topics) {
            this.topics = List.copyOf(topics);
            return this;
        }

        /** The {@code X-Application-Name} header (Zeek accepts {@code [-/_.=:*@a-zA-Z0-9]+}). */
        public Builder applicationName(String name) {
            this.applicationName = name;
            return this;
        }

        /** For {@code wss://}: trust only the CA certificates in this PEM file. */
        public Builder caFile(Path caFile) {
            this.caFile = caFile;
            return this;
        }

        /** For {@code wss://}: no certificate or hostname checks at all (self-signed test setups). */
        public Builder insecure() {
            this.insecure = true;
            return this;
        }

        /** The receive queue's bounds (default 8192 messages, 64 MiB). */
        public Builder queue(int messages, long bytes) {
            if (messages < 1 || bytes < 1) {
                throw new IllegalArgumentException("bounds must be positive");
            }
            this.queueSize = messages;
            this.queueBytes = bytes;
            return this;
        }

        /** What a stalled full receive queue does (default drop_oldest). */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.overflowPolicy = Objects.requireNonNull(policy);
            return this;
        }

        /** How long a full queue without progress holds the socket before the policy acts (10 s). */
        public Builder stallTimeout(Duration d) {
            this.stallTimeout = d;
            return this;
        }

        /** TCP connect, TLS and upgrade, and the wait for the ack (10 s). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /** The longest a publish waits for room or a session (30 s). */
        public Builder publishTimeout(Duration d) {
            this.publishTimeout = d;
            return this;
        }

        /** Reconnect after a broken session, waiting {@code initial}, doubling up to {@code max}. */
        public Builder reconnect(Duration initial, Duration max) {
            this.reconnect = true;
            this.reconnectInitial = initial;
            this.reconnectMax = max;
            return this;
        }

        /** Never reconnect: a broken session closes the client. */
        public Builder noReconnect() {
            this.reconnect = false;
            return this;
        }

        /** The largest frame accepted from the server (16 MiB). */
        public Builder maxFrameBytes(int n) {
            this.maxFrameBytes = n;
            return this;
        }

        /** Receives status events on a thread of the client; it may block or throw. */
        public Builder onStatus(Consumer<ClientStatus> listener) {
            this.statusListener = listener;
            return this;
        }

        /**
         * Connects, sends the subscriptions and waits for the ack (up to the connect timeout). The
         * first session is not retried: a failure is thrown.
         *
         * @throws ZeekWebSocketException with the server's error object and close code if it
         *     refused, else with the cause
         */
        public ZeekWebSocketClient connect() {
            try {
                return connectAsync().get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ZeekWebSocketException("interrupted while connecting", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ZeekWebSocketException z) {
                    throw z;
                }
                throw new ZeekWebSocketException("connect failed: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new ZeekWebSocketException("no ack within " + connectTimeout, e);
            }
        }

        /** {@link #connect()} without blocking; the client is closed if the first session fails. */
        public CompletableFuture<ZeekWebSocketClient> connectAsync() {
            ClientTls tls = null;
            if (isSecure(uri)) {
                try {
                    tls = ClientTls.create(caFile, insecure);
                } catch (IOException e) {
                    return CompletableFuture.failedFuture(new ZeekWebSocketException(e.getMessage(), e));
                }
            }
            ZeekWebSocketClient c = new ZeekWebSocketClient(this, tls);
            CompletableFuture<ZeekWebSocketClient> result = new CompletableFuture<>();
            c.openSession()
                    .orTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((a, e) -> {
                        if (e == null) {
                            result.complete(c);
                        } else {
                            c.close(null); // the caller gets the failure instead
                            Throwable t = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
                            result.completeExceptionally(
                                    t instanceof TimeoutException
                                            ? new ZeekWebSocketException("no ack within " + connectTimeout, t)
                                            : t);
                        }
                    });
            return result;
        }
    }
}
