package io.jbroker.internal.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * {@code originator_syn}: the originator's complete subscription filter.
 *
 * <pre>
 * 0      1
 * | 0x0a | varbyte N | N x (varbyte len, topic bytes) |
 * </pre>
 */
public record OriginatorSyn(Filter filter) implements HandshakeMessage {
    public OriginatorSyn {
        Objects.requireNonNull(filter, "filter");
    }

    @Override
    public MessageType type() {
        return MessageType.ORIGINATOR_SYN;
    }

    @Override
    public int size() {
        return 1 + filter.encodedSize();
    }

    @Override
    public void encodeBody(ByteBuf out) {
        out.writeByte(MessageType.ORIGINATOR_SYN.code());
        filter.encode(out);
    }
}
