package io.jbroker.internal.net;

import io.jbroker.internal.peer.HandshakeResult;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits behind the handshake handler until the handshake ends and hands the outcome to the
 * endpoint, which replaces this handler with a {@link PeerConnection} on success. Reports a
 * connection that closes before any outcome. Confined to the channel's event loop.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    /** Receives the outcome of one connection's handshake. */
    public interface Outcome {
        /** The handshake succeeded; install the operational handler in place of {@code handler}. */
        void succeeded(ChannelHandlerContext ctx, ConnectionHandler handler, HandshakeResult.Success result);

        /** The handshake failed (the channel is closing). */
        void failed(ChannelHandlerContext ctx, ConnectionHandler handler, HandshakeResult.Failure result);

        /** The channel closed before the handshake reported anything. */
        void closedEarly(ChannelHandlerContext ctx, ConnectionHandler handler);
    }

    private final Outcome outcome;
    private final Object attachment;
    private boolean reported;

    public ConnectionHandler(Outcome outcome, Object attachment) {
        this.outcome = outcome;
        this.attachment = attachment;
    }

    /** What the endpoint attached to this connection (its outbound peering, or null). */
    public Object attachment() {
        return attachment;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeResult && reported) {
            return; // only the first outcome counts (e.g. a TLS mismatch, then the handshake's close)
        }
        if (evt instanceof HandshakeResult.Success) {
            reported = true;
            outcome.succeeded(ctx, this, (HandshakeResult.Success) evt);
        } else if (evt instanceof HandshakeResult.Failure) {
            reported = true;
            outcome.failed(ctx, this, (HandshakeResult.Failure) evt);
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!reported) {
            reported = true;
            outcome.closedEarly(ctx, this);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
