package io.jbroker.internal.wire;

import io.jbroker.EndpointId;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * {@code hello}, sent first by the TCP connector (and by a responder answering one).
 *
 * <pre>
 * 0      1        5           21    22    23
 * | 0x06 | "ZEEK" | sender id | min | max |
 * </pre>
 */
public record Hello(EndpointId sender, int minVersion, int maxVersion) implements HandshakeMessage {
    static final int SIZE = 23;

    public Hello {
        Objects.requireNonNull(sender, "sender");
    }

    /** The hello jbroker sends: versions 1 to 1. */
    public static Hello of(EndpointId sender) {
        return new Hello(sender, WireFormat.PROTOCOL_VERSION, WireFormat.PROTOCOL_VERSION);
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO;
    }

    @Override
    public int size() {
        return SIZE;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        out.writeByte(MessageType.HELLO.code()).writeInt(WireFormat.MAGIC);
        HandshakeCodec.writeId(out, sender);
        out.writeByte(minVersion).writeByte(maxVersion);
    }
}
