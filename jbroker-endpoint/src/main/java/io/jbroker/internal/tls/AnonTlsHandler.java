package io.jbroker.internal.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.bouncycastle.tls.TlsProtocol;

/**
 * Netty handler that runs {@link AnonymousTls} on a channel: decrypts inbound bytes into plaintext
 * {@link ByteBuf}s and encrypts outbound ones. Writes made before the handshake completes are held
 * back and sent, in order, right after it.
 *
 * <p>Reports the handshake like Netty's {@code SslHandler}: a {@link SslHandshakeCompletionEvent}
 * user event, {@code SUCCESS} before any plaintext is passed on, or one carrying an {@link
 * SSLHandshakeException} (the local or received alert) after which the channel is closed. A
 * failure after the handshake goes to {@code exceptionCaught} and closes the channel. A received
 * close_notify closes the channel. Confined to the channel's event loop.
 */
public final class AnonTlsHandler extends ByteToMessageDecoder implements ChannelOutboundHandler {
    private final AnonymousTls.Engine engine;
    private final TlsProtocol protocol;
    private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>();
    private boolean started;
    private boolean handshakeDone;
    private boolean completionReported;
    private boolean failed;
    private boolean inputSeen;

    public AnonTlsHandler(AnonymousTls tls, boolean client) {
        this.engine = tls.newEngine(client, () -> handshakeDone = true);
        this.protocol = engine.protocol();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        try {
            engine.start();
            flushEngineOutput(ctx);
        } catch (IOException e) {
            fail(ctx, e);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!inputSeen && in.isReadable()) {
            inputSeen = true;
            int type = in.getUnsignedByte(in.readerIndex());
            if (type < 20 || type > 23) {
                // Not a TLS record (change_cipher_spec, alert, handshake, application_data): a peer
                // with TLS off, answering in plain Broker frames. Say so instead of a parse error.
                in.skipBytes(in.readableBytes());
                fail(ctx, new IOException("not TLS", new NotSslRecordException("the peer's first byte is " + type)));
                return;
            }
        }
        byte[] bytes = ByteBufUtil.getBytes(in);
        in.skipBytes(bytes.length);
        try {
            protocol.offerInput(bytes);
        } catch (IOException e) {
            fail(ctx, e);
            return;
        }
        flushEngineOutput(ctx);
        if (handshakeDone && !completionReported) {
            completionReported = true;
            ctx.fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
            writePending(ctx);
        }
        int available = protocol.getAvailableInputBytes();
        if (available > 0) {
            ByteBuf plain = ctx.alloc().heapBuffer(available);
            int n = protocol.readInput(plain.array(), plain.arrayOffset() + plain.writerIndex(), available);
            plain.writerIndex(plain.writerIndex() + n);
            out.add(plain);
        }
        if (protocol.isClosed()) {
            ctx.close();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf)) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalArgumentException("only ByteBuf can be written: " + msg.getClass()));
            return;
        }
        if (failed) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new ClosedChannelException());
        } else {
            pending.add(new PendingWrite((ByteBuf) msg, promise));
        }
    }

    /**
     * Encrypts everything written since the last flush in one go (so small frames share records)
     * and completes their promises with the outcome of the encrypted write.
     */
    private void writePending(ChannelHandlerContext ctx) {
        if (pending.isEmpty()) {
            ctx.flush();
            return;
        }
        List<ChannelPromise> promises = new java.util.ArrayList<>(pending.size());
        int total = 0;
        for (PendingWrite w : pending) {
            total += w.msg.readableBytes();
        }
        byte[] plain = new byte[total];
        int at = 0;
        PendingWrite w;
        while ((w = pending.poll()) != null) {
            int n = w.msg.readableBytes();
            w.msg.readBytes(plain, at, n);
            at += n;
            w.msg.release();
            promises.add(w.promise);
        }
        try {
            if (total > 0) {
                protocol.writeApplicationData(plain, 0, total);
            }
        } catch (IOException e) {
            promises.forEach(p -> p.tryFailure(e));
            ctx.fireExceptionCaught(e);
            ctx.close();
            return;
        }
        ByteBuf records = engineOutput(ctx);
        if (records == null) {
            promises.forEach(ChannelPromise::trySuccess);
        } else {
            ctx.write(records).addListener(f -> {
                for (ChannelPromise p : promises) {
                    if (f.isSuccess()) {
                        p.trySuccess();
                    } else {
                        p.tryFailure(f.cause());
                    }
                }
            });
        }
        ctx.flush();
    }

    private ByteBuf engineOutput(ChannelHandlerContext ctx) {
        int available = protocol.getAvailableOutputBytes();
        if (available == 0) {
            return null;
        }
        ByteBuf buf = ctx.alloc().heapBuffer(available);
        int n = protocol.readOutput(buf.array(), buf.arrayOffset() + buf.writerIndex(), available);
        buf.writerIndex(buf.writerIndex() + n);
        return buf;
    }

    private void flushEngineOutput(ChannelHandlerContext ctx) {
        ByteBuf out = engineOutput(ctx);
        if (out != null) {
            ctx.writeAndFlush(out);
        }
    }

    /** Sends the alert the engine queued (if any), reports the failure and closes. */
    private void fail(ChannelHandlerContext ctx, IOException cause) {
        if (failed) {
            return;
        }
        failed = true;
        ByteBuf alert = engineOutput(ctx);
        if (alert != null) {
            // Before reporting: whoever handles the report may close the channel at once.
            ctx.writeAndFlush(alert).addListener(f -> ctx.close());
        }
        failPending(cause);
        if (!completionReported) {
            completionReported = true;
            SSLHandshakeException e = new SSLHandshakeException(String.valueOf(cause.getMessage()));
            e.initCause(cause);
            ctx.fireUserEventTriggered(new SslHandshakeCompletionEvent(e));
        } else {
            ctx.fireExceptionCaught(cause);
        }
        if (alert == null) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!completionReported) {
            completionReported = true;
            failed = true;
            SSLHandshakeException e = new SSLHandshakeException("connection closed during the TLS handshake");
            failPending(e);
            ctx.fireUserEventTriggered(new SslHandshakeCompletionEvent(e));
        }
        failPending(new ClosedChannelException());
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        failPending(new ClosedChannelException());
    }

    private void failPending(Throwable cause) {
        PendingWrite w;
        while ((w = pending.poll()) != null) {
            w.msg.release();
            w.promise.tryFailure(cause);
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (completionReported
                && !failed
                && !protocol.isClosed()
                && ctx.channel().isActive()) {
            writePending(ctx);
            try {
                protocol.close(); // queues close_notify
            } catch (IOException ignored) {
                // closing anyway
            }
            ByteBuf closeNotify = engineOutput(ctx);
            if (closeNotify != null) {
                ctx.writeAndFlush(closeNotify);
            }
        }
        ctx.close(promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (completionReported && !failed) {
            writePending(ctx);
        } else {
            ctx.flush();
        }
    }

    @Override
    public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
        ctx.bind(localAddress, promise);
    }

    @Override
    public void connect(
            ChannelHandlerContext ctx,
            SocketAddress remoteAddress,
            SocketAddress localAddress,
            ChannelPromise promise) {
        ctx.connect(remoteAddress, localAddress, promise);
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.disconnect(promise);
    }

    @Override
    public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.deregister(promise);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        ctx.read();
    }

    private static final class PendingWrite {
        final ByteBuf msg;
        final ChannelPromise promise;

        PendingWrite(ByteBuf msg, ChannelPromise promise) {
            this.msg = msg;
            this.promise = promise;
        }
    }
}
