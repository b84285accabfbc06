package io.jbroker.internal.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.NotSslRecordException;
import java.util.List;

/**
 * First handler of a TLS server connection: if the client's first byte does not start a TLS
 * handshake record (22), it answers with a fatal {@code unexpected_message} alert record, so that a
 * plain-TCP peer can tell it met a TLS server (its {@link PlainTextGuard} reports the mismatch),
 * and raises a {@link NotSslRecordException} for the TLS gate. Otherwise it removes itself and
 * passes every byte on. Confined to the channel's event loop.
 */
public final class TlsRecordCheck extends ByteToMessageDecoder {
    /** TLS 1.2 record: alert, version 3.3, length 2, fatal (2), unexpected_message (10). */
    private static final byte[] UNEXPECTED_MESSAGE_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a};

    private boolean rejected;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!in.isReadable()) {
            return;
        }
        if (in.getUnsignedByte(in.readerIndex()) == 22) {
            ctx.pipeline().remove(this);
            return;
        }
        rejected = true;
        in.skipBytes(in.readableBytes());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(UNEXPECTED_MESSAGE_ALERT));
        ctx.fireExceptionCaught(new NotSslRecordException("the first bytes are not a TLS handshake record"));
    }
}
