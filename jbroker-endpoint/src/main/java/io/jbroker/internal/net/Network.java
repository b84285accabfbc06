package io.jbroker.internal.net;

import io.jbroker.EndpointId;
import io.jbroker.internal.peer.FrameDecoder;
import io.jbroker.internal.peer.HandshakeHandler;
import io.jbroker.internal.peer.PeerRegistry;
import io.jbroker.internal.peer.TcpRole;
import io.jbroker.internal.tls.PlainTextGuard;
import io.jbroker.internal.tls.TlsGate;
import io.jbroker.internal.tls.TlsRecordCheck;
import io.jbroker.internal.tls.TransportSecurity;
import io.jbroker.internal.wire.Filter;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Netty plumbing of an endpoint: one I/O event loop group (about one thread per core), the
 * listening sockets and outbound connections, and the per-connection pipeline. No thread per peer.
 * Uses Netty's Linux epoll transport where it is available (and allowed), else Java NIO. I/O threads
 * keep polling for a short window after activity before they sleep ({@link SpinThenSleep}); with
 * epoll they may instead busy-poll all the time.
 *
 * <p>Pipelines: with TLS off {@code plain guard -> frame decoder -> handshake -> connection handler};
 * with TLS {@code [record check on the acceptor] -> TLS handler -> TLS gate -> connection handler},
 * where the gate adds the frame
 * decoder and the handshake handler behind itself once the TLS handshake succeeded, so the Broker
 * handshake (hello or probe) starts only over an established TLS session. The TCP connector is the
 * TLS client and the acceptor the TLS server, whoever becomes the Broker originator.
 */
public final class Network implements AutoCloseable {
    private final EventLoopGroup group;
    private final boolean epoll;
    private final EndpointId self;
    private final Supplier<Filter> localFilter;
    private final PeerRegistry registry;
    private final int maxFrameLength;
    private final Duration handshakeTimeout;
    private final TransportSecurity tls;

    public Network(
            boolean nativeTransport,
            boolean busyPoll,
            java.time.Duration spin,
            int ioThreads,
            EndpointId self,
            Supplier<Filter> localFilter,
            PeerRegistry registry,
            int maxFrameLength,
            Duration handshakeTimeout,
            TransportSecurity tls) {
        this.tls = tls;
        this.epoll = nativeTransport && Epoll.isAvailable();
        ThreadFactory threads = IoThreads.factory("jbroker-io");
        SelectStrategyFactory strategy =
                spin.isZero() ? DefaultSelectStrategyFactory.INSTANCE : () -> new SpinThenSleep(spin.toNanos());
        if (!epoll) {
            this.group = new NioEventLoopGroup(ioThreads, threads, SelectorProvider.provider(), strategy);
        } else if (busyPoll) {
            SelectStrategy busy = (selectSupplier, hasTasks) -> SelectStrategy.BUSY_WAIT;
            this.group = new EpollEventLoopGroup(ioThreads, threads, () -> busy);
        } else {
            this.group = new EpollEventLoopGroup(ioThreads, threads, strategy);
        }
        this.self = self;
        this.localFilter = localFilter;
        this.registry = registry;
        this.maxFrameLength = maxFrameLength;
        this.handshakeTimeout = handshakeTimeout;
    }

    public EventLoopGroup group() {
        return group;
    }

    /** Whether the Linux epoll transport is in use (else Java NIO). */
    public boolean nativeTransport() {
        return epoll;
    }

    /** Binds a listening socket; {@code handlerFactory} makes the connection handler per channel. */
    public Channel listen(String host, int port, Function<Channel, ChannelHandler> handlerFactory)
            throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(initializer(TcpRole.ACCEPTOR, handlerFactory));
        return b.bind(new InetSocketAddress(host, port)).sync().channel();
    }

    /** Starts an outbound connection (1 s connect timeout, as Broker). */
    public ChannelFuture connect(String host, int port, Function<Channel, ChannelHandler> handlerFactory) {
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .handler(initializer(TcpRole.CONNECTOR, handlerFactory));
        return b.connect(host, port);
    }

    private ChannelInitializer<SocketChannel> initializer(
            TcpRole role, Function<Channel, ChannelHandler> handlerFactory) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ChannelPipeline p = ch.pipeline();
                ChannelHandler tlsHandler = tls.newHandler(ch, role);
                if (tlsHandler == null) {
                    p.addLast("plain-guard", new PlainTextGuard())
                            .addLast("frames", new FrameDecoder(maxFrameLength))
                            .addLast("handshake", newHandshakeHandler(role));
                } else {
                    if (role == TcpRole.ACCEPTOR) {
                        p.addLast("tls-record-check", new TlsRecordCheck());
                    }
                    p.addLast("tls", tlsHandler).addLast("tls-gate", new TlsGate(handshakeTimeout, gate -> {
                        gate.pipeline()
                                .addAfter(gate.name(), "frames", new FrameDecoder(maxFrameLength))
                                .addAfter("frames", "handshake", newHandshakeHandler(role));
                    }));
                }
                p.addLast("connection", handlerFactory.apply(ch));
            }
        };
    }

    private HandshakeHandler newHandshakeHandler(TcpRole role) {
        return new HandshakeHandler(self, role, localFilter, registry, handshakeTimeout);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
