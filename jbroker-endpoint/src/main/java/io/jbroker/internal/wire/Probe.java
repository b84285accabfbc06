package io.jbroker.internal.wire;

import io.netty.buffer.ByteBuf;

/**
 * {@code probe}, sent by the TCP acceptor right after accepting; ignored by the receiver.
 *
 * <pre>
 * 0      1        5
 * | 0x07 | "ZEEK" |
 * </pre>
 */
public record Probe() implements HandshakeMessage {
    static final int SIZE = 5;

    @Override
    public MessageType type() {
        return MessageType.PROBE;
    }

    @Override
    public int size() {
        return SIZE;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        out.writeByte(MessageType.PROBE.code()).writeInt(WireFormat.MAGIC);
    }
}
