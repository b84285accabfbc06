package io.jbroker.internal.wire;

import io.netty.buffer.ByteBuf;

/**
 * {@code originator_ack}: completes the handshake; operational frames may follow at once.
 *
 * <pre>
 * 0      1
 * | 0x0c |
 * </pre>
 */
public record OriginatorAck() implements HandshakeMessage {
    @Override
    public MessageType type() {
        return MessageType.ORIGINATOR_ACK;
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        out.writeByte(MessageType.ORIGINATOR_ACK.code());
    }
}
