package io.jbroker.internal.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * {@code responder_syn_ack}: the responder's complete subscription filter.
 *
 * <pre>
 * 0      1
 * | 0x0b | varbyte N | N x (varbyte len, topic bytes) |
 * </pre>
 */
public record ResponderSynAck(Filter filter) implements HandshakeMessage {
    public ResponderSynAck {
        Objects.requireNonNull(filter, "filter");
    }

    @Override
    public MessageType type() {
        return MessageType.RESPONDER_SYN_ACK;
    }

    @Override
    public int size() {
        return 1 + filter.encodedSize();
    }

    @Override
    public void encodeBody(ByteBuf out) {
        out.writeByte(MessageType.RESPONDER_SYN_ACK.code());
        filter.encode(out);
    }
}
