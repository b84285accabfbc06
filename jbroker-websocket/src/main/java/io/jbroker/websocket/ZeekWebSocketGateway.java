package io.jbroker.websocket;

import io.jbroker.endpoint.Endpoint;
import io.jbroker.websocket.internal.DaemonThreads;
import io.jbroker.websocket.internal.GatewayConnection;
import io.jbroker.websocket.internal.GatewayCounters;
import io.jbroker.websocket.internal.GatewaySettings;
import io.jbroker.websocket.internal.SharedEncodings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves Zeek's WebSocket API ({@code /v1/messages/json}) for a jbroker {@link Endpoint}, so the
 * clients written for Zeek (Go, Rust, Python, {@link ZeekWebSocketClient}) reach the endpoint's
 * Broker peers through it: the same handshake (subscription array, then {@code
 * {"type":"ack","endpoint":"<endpoint id>-websocket-<n>","version":...}}), the same data-message
 * and error objects, the same close codes (1008 for a bad path or application name, 1011 for a
 * failed subscription or a client that stopped answering pings or reading, 1001 at shutdown).
 *
 * <p>Each client gets its own {@link io.jbroker.endpoint.Subscriber} (the endpoint's queue bounds
 * and overflow policy) for its subscriptions, and publishes through the endpoint with
 * back-pressure: while its publications wait for room, its socket is not read. A client never
 * receives its own publications (as with Zeek). A slow client fills only its own subscriber
 * queue; one that does not read for the send timeout is dropped. Bad input gets Zeek's error
 * objects and leaves the connection up (a failed handshake leaves it dead, as Zeek does); frames
 * above the size limit close that connection with 1009.
 *
 * <p>Threads: two network threads and a worker pool that grows only with clients whose
 * publications or deliveries are waiting. Thread-safe; close to stop.
 */
public final class ZeekWebSocketGateway implements AutoCloseable {
    /** The version the ack reports. */
    public static final String VERSION = "jbroker-0.1.0";

    private final Endpoint endpoint;
    private final Builder config;
    private final GatewayCounters counters = new GatewayCounters();
    private final SharedEncodings encodings = new SharedEncodings();
    private final EventLoopGroup group = new NioEventLoopGroup(2, new DaemonThreads("jbroker-ws-gateway"));
    private final ExecutorService workers = new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            new DaemonThreads("jbroker-ws-worker"));
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ZeekWebSocketGateway(Endpoint endpoint, Builder b, SslContext ssl, String host, int port) {
        this.endpoint = endpoint;
        this.config = b;
        GatewaySettings settings = new GatewaySettings(
                endpoint.id().toString(),
                b.version,
                b.maxFrameBytes,
                b.maxSubscriptions,
                b.maxPendingPublishes,
                b.publishTimeout,
                b.sendTimeout,
                b.pingInterval);
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .checkStartsWith(true) // every path upgrades; Zeek then answers invalid_uri
                .handleCloseFrames(false)
                .dropPongFrames(false)
                .allowExtensions(false)
                .withUTF8Validator(false)
                .maxFramePayloadLength(b.maxFrameBytes)
                .handshakeTimeoutMillis(10_000)
                .build();
        ServerBootstrap sb = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (channels.size() >= b.maxClients) {
                            counters.rejected.increment();
                            ch.close();
                            return;
                        }
                        channels.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            p.addLast(ssl.newHandler(ch.alloc()));
                        }
                        p.addLast(new HttpServerCodec(4096, 16 * 1024, 8192));
                        p.addLast(new HttpObjectAggregator(64 * 1024));
                        p.addLast(new WebSocketServerProtocolHandler(ws));
                        p.addLast(new WebSocketFrameAggregator(b.maxFrameBytes));
                        p.addLast(new GatewayConnection(endpoint, settings, counters, workers, encodings));
                        p.addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                });
        this.server = sb.bind(host, port).syncUninterruptibly().channel();
    }

    /** A builder for a gateway in front of {@code endpoint}. */
    public static Builder builder(Endpoint endpoint) {
        return new Builder(Objects.requireNonNull(endpoint, "endpoint"));
    }

    /** Serves plain {@code ws://} on {@code host:port} (0: any free port) with default settings. */
    public static ZeekWebSocketGateway start(Endpoint endpoint, String host, int port) {
        return builder(endpoint).start(host, port);
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The endpoint behind this gateway. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** Counters since the start. */
    public GatewayMetrics metrics() {
        GatewayCounters c = counters;
        return new GatewayMetrics(
                c.clients.get(),
                c.accepted.sum(),
                c.acknowledged.sum(),
                c.rejected.sum(),
                c.errorsSent.sum(),
                c.published.sum(),
                c.publishedNotLossless.sum(),
                c.delivered.sum(),
                c.echoesSuppressed.sum(),
                c.readPauses.sum(),
                c.disconnects.sum());
    }

    /**
     * Stops listening and closes every client with 1001 "Terminating". The endpoint stays open.
     * Closing twice is harmless.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close().syncUninterruptibly();
        for (Channel ch : channels) {
            GatewayConnection.terminate(ch);
        }
        channels.newCloseFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownNow();
    }

    @Override
    public String toString() {
        return "ZeekWebSocketGateway[" + (config.tls ? "wss" : "ws") + "://" + server.localAddress()
                + "/v1/messages/json]";
    }

    /** Settings of a gateway. Not thread-safe. */
    public static final class Builder {
        private final Endpoint endpoint;
        private Path certificateChain;
        private Path privateKey;
        private boolean tls;
        private int maxClients = 1000;
        private int maxFrameBytes = 1024 * 1024;
        private int maxSubscriptions = 1024;
        private int maxPendingPublishes = 256;
        private Duration publishTimeout = Duration.ofSeconds(30);
        private Duration sendTimeout = Duration.ofSeconds(10);
        private Duration pingInterval = Duration.ofSeconds(5);
        private String version = VERSION;

        private Builder(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        /** Serve {@code wss://} with this PEM certificate chain and PKCS#8 PEM key (TLS is off by default, as in Zeek). */
        public Builder tls(Path certificateChain, Path privateKey) {
            this.certificateChain = certificateChain;
            this.privateKey = privateKey;
            this.tls = true;
            return this;
        }

        /** Connections beyond this are closed at once (default 1000). */
        public Builder maxClients(int n) {
            this.maxClients = n;
            return this;
        }

        /** The largest message a client may send, after reassembly (1 MiB); larger: close 1009. */
        public Builder maxFrameBytes(int n) {
            this.maxFrameBytes = n;
            return this;
        }

        /** The most prefixes in a subscription array (1024). */
        public Builder maxSubscriptions(int n) {
            this.maxSubscriptions = n;
            return this;
        }

        /** A client's publications waiting for room before its socket reads pause (256). */
        public Builder maxPendingPublishes(int n) {
            this.maxPendingPublishes = Math.max(2, n);
            return this;
        }

        /** The longest one publication waits for room at the endpoint (30 s). */
        public Builder publishTimeout(Duration d) {
            this.publishTimeout = d;
            return this;
        }

        /** A client that leaves its socket full this long is dropped (10 s). */
        public Builder sendTimeout(Duration d) {
            this.sendTimeout = d;
            return this;
        }

        /** Heartbeat pings (5 s, Zeek's default); no pong by the next ping: close 1011. */
        public Builder pingInterval(Duration d) {
            this.pingInterval = d;
            return this;
        }

        /** The version string of the ack. */
        public Builder version(String v) {
            this.version = Objects.requireNonNull(v);
            return this;
        }

        /**
         * Binds and serves.
         *
         * @throws ZeekWebSocketException if the TLS files cannot be read
         */
        public ZeekWebSocketGateway start(String host, int port) {
            SslContext ssl = null;
            if (tls) {
                try {
                    ssl = SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile())
                            .build();
                } catch (IOException | IllegalArgumentException e) {
                    throw new ZeekWebSocketException("cannot load TLS certificate or key: " + e.getMessage(), e);
                }
            }
            return new ZeekWebSocketGateway(endpoint, this, ssl, host, port);
        }
    }
}
