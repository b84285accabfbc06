package io.jbroker.internal.tls;

import io.jbroker.ErrorCode;
import io.jbroker.internal.peer.HandshakeResult;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * First handler of a plain (TLS off) connection: looks at the first two bytes the peer sends and,
 * if they start a TLS record (a handshake {@code 16 03} or an alert {@code 15 03}), reports the mode
 * mismatch as a {@link HandshakeResult.Failure} ({@link ErrorCode#INVALID_MESSAGE}, "TLS mode
 * mismatch: ...") and closes, instead of the less telling frame-length error Broker framing would
 * give. Such bytes could only be a Broker frame of more than 350 MB. Otherwise it removes itself and
 * passes the bytes on untouched. Confined to the channel's event loop.
 */
public final class PlainTextGuard extends ByteToMessageDecoder {
    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 2) {
            return;
        }
        int first = in.getUnsignedByte(in.readerIndex());
        int second = in.getUnsignedByte(in.readerIndex() + 1);
        if ((first == 0x16 || first == 0x15) && second == 0x03) {
            failed = true;
            in.skipBytes(in.readableBytes());
            String what = first == 0x16 ? "a TLS handshake" : "a TLS alert";
            ctx.fireUserEventTriggered(new HandshakeResult.Failure(
                    null,
                    ErrorCode.INVALID_MESSAGE,
                    "TLS mode mismatch: the peer sent " + what + " but TLS is off here",
                    false));
            ctx.close();
        } else {
            ctx.pipeline().remove(this);
        }
    }
}
