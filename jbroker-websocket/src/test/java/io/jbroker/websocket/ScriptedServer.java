package io.jbroker.websocket;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A WebSocket server for tests (Netty, any path accepted) whose every connection is handed to a
 * {@link Script} running on its own thread: it reads the client's frames from queues and writes
 * frames as Zeek would.
 */
final class ScriptedServer implements AutoCloseable {
    /** One connection, seen from the script. */
    static final class Conn {
        final Channel channel;
        final String path;
        final HttpHeaders headers;
        final BlockingQueue<Frame> data = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
        final BlockingQueue<Frame> closes = new LinkedBlockingQueue<>();
        volatile boolean inactive;

        Conn(Channel channel, String path, HttpHeaders headers) {
            this.channel = channel;
            this.path = path;
            this.headers = headers;
        }

        /** The next text or binary frame, or null if none came within the timeout or the client left. */
        Frame nextData(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (System.nanoTime() < deadline) {
                Frame f = data.poll(20, TimeUnit.MILLISECONDS);
                if (f != null) {
                    return f;
                }
                if (inactive || !closes.isEmpty()) {
                    return data.poll();
                }
            }
            return null;
        }

        void sendText(byte[] bytes) {
            channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
        }

        void sendText(String s) {
            sendText(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        void ping(byte[] payload) {
            channel.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(payload)));
        }

        void close(int code, String reason) {
            channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
        }

        void abort() {
            channel.close();
        }
    }

    /** A frame from the client. */
    record Frame(boolean binary, byte[] bytes, int closeCode, String closeReason) {
        String text() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    interface Script {
        void run(Conn conn) throws Exception;
    }

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

    ScriptedServer(SslContext ssl, Script script) throws InterruptedException {
        WebSocketServerProtocolConfig cfg = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .checkStartsWith(true)
                .handleCloseFrames(false)
                .dropPongFrames(false)
                .withUTF8Validator(false)
                .maxFramePayloadLength(64 * 1024 * 1024)
                .build();
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536));
                        ch.pipeline().addLast(new WebSocketServerProtocolHandler(cfg));
                        ch.pipeline().addLast(new Handler(script, failures::add));
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    String url(String path) {
        return "ws://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static final class Handler extends ChannelInboundHandlerAdapter {
        private final Script script;
        private final Consumer<Throwable> onFailure;
        private Conn conn;

        Handler(Script script, Consumer<Throwable> onFailure) {
            this.script = script;
            this.onFailure = onFailure;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
                conn = new Conn(ctx.channel(), hc.requestUri(), hc.requestHeaders());
                Conn c = conn;
                Thread t = new Thread(
                        () -> {
                            try {
                                script.run(c);
                            } catch (Throwable e) {
                                onFailure.accept(e);
                            }
                        },
                        "scripted-ws-server");
                t.setDaemon(true);
                t.start();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            WebSocketFrame f = (WebSocketFrame) msg;
            try {
                byte[] bytes = ByteBufUtil.getBytes(f.content());
                if (f instanceof TextWebSocketFrame || f instanceof BinaryWebSocketFrame) {
                    conn.data.add(new Frame(f instanceof BinaryWebSocketFrame, bytes, -1, null));
                } else if (f instanceof PongWebSocketFrame) {
                    conn.pongs.add(bytes);
                } else if (f instanceof CloseWebSocketFrame c) {
                    conn.closes.add(new Frame(false, bytes, c.statusCode(), c.reasonText()));
                } else if (f instanceof PingWebSocketFrame) {
                    ctx.writeAndFlush(new PongWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
                }
            } finally {
                f.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (conn != null) {
                conn.inactive = true;
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
