package io.jbroker.internal.tls;

import io.jbroker.ErrorCode;
import io.jbroker.internal.peer.HandshakeResult;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * Holds the Broker handshake back until TLS is up. Sits right behind the TLS handler; when that
 * reports success it lets {@code installBroker} add the frame decoder and handshake handler behind
 * itself (the handshake starts as soon as it is added) and removes itself.
 *
 * <p>When TLS fails, the peer closes, or the TLS handshake takes longer than the timeout, it fires
 * one {@link HandshakeResult.Failure} (described as {@code "TLS handshake failed: <why>"}; code
 * {@link ErrorCode#PEER_TIMEOUT} for the timeout, else {@link
 * ErrorCode#PEER_DISCONNECT_DURING_HANDSHAKE}) to the connection handler and closes the channel.
 * Confined to the channel's event loop.
 */
public final class TlsGate extends ChannelInboundHandlerAdapter {
    private final Duration timeout;
    private final Consumer<ChannelHandlerContext> installBroker;
    private final java.util.ArrayDeque<Object> early = new java.util.ArrayDeque<>();
    private ScheduledFuture<?> timeoutTask;
    private boolean over;

    public TlsGate(Duration timeout, Consumer<ChannelHandlerContext> installBroker) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.installBroker = Objects.requireNonNull(installBroker, "installBroker");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startTimer(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startTimer(ctx);
        ctx.fireChannelActive();
    }

    private void startTimer(ChannelHandlerContext ctx) {
        if (timeoutTask == null && !over) {
            timeoutTask = ctx.executor()
                    .schedule(
                            () -> fail(
                                    ctx,
                                    ErrorCode.PEER_TIMEOUT,
                                    "no TLS handshake within " + timeout.toMillis() + " ms"),
                            timeout.toNanos(),
                            TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof SslHandshakeCompletionEvent)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        SslHandshakeCompletionEvent completion = (SslHandshakeCompletionEvent) evt;
        if (over) {
            return;
        }
        if (completion.isSuccess()) {
            over = true;
            cancelTimer();
            installBroker.accept(ctx);
            Object msg;
            while ((msg = early.poll()) != null) {
                ctx.fireChannelRead(msg);
            }
            ctx.fireChannelReadComplete();
            ctx.pipeline().remove(this);
        } else {
            fail(ctx, ErrorCode.PEER_DISCONNECT_DURING_HANDSHAKE, describe(completion.cause()));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (over) {
            ctx.fireExceptionCaught(cause);
        } else {
            fail(ctx, ErrorCode.PEER_DISCONNECT_DURING_HANDSHAKE, describe(cause));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, ErrorCode.PEER_DISCONNECT_DURING_HANDSHAKE, "connection closed during the TLS handshake");
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (over) {
            ctx.fireChannelRead(msg);
        } else {
            // Plaintext decoded together with the last handshake record: hold it for the Broker handlers.
            early.add(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (over) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
        Object msg;
        while ((msg = early.poll()) != null) {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    private void fail(ChannelHandlerContext ctx, ErrorCode code, String why) {
        if (over) {
            return;
        }
        over = true;
        cancelTimer();
        ctx.fireUserEventTriggered(new HandshakeResult.Failure(null, code, "TLS handshake failed: " + why, false));
        ctx.close();
    }

    private void cancelTimer() {
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
            timeoutTask = null;
        }
    }

    /** A short reason from a TLS exception chain (alert names, verification errors); no key bytes. */
    static String describe(Throwable cause) {
        Throwable t = cause;
        while (t != null) {
            if (t instanceof NotSslRecordException) {
                return "the peer did not send TLS records (is TLS off on the peer?)";
            }
            t = t.getCause();
        }
        String best = null;
        t = cause;
        while (t != null) {
            if (t.getMessage() != null && (best == null || t instanceof SSLException)) {
                best = t.getMessage();
                if (t instanceof SSLException) {
                    break;
                }
            }
            t = t.getCause();
        }
        if (best == null) {
            best = cause.getClass().getSimpleName();
        }
        return best.length() > 300 ? best.substring(0, 300) + "..." : best;
    }
}
