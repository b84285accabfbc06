package io.jbroker.internal.wire;

import io.jbroker.EndpointId;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * {@code version_select}, sent by the originator (the smaller endpoint ID).
 *
 * <pre>
 * 0      1        5           21        22
 * | 0x08 | "ZEEK" | sender id | version |
 * </pre>
 */
public record VersionSelect(EndpointId sender, int version) implements HandshakeMessage {
    static final int SIZE = 22;

    public VersionSelect {
        Objects.requireNonNull(sender, "sender");
    }

    public static VersionSelect of(EndpointId sender) {
        return new VersionSelect(sender, WireFormat.PROTOCOL_VERSION);
    }

    @Override
    public MessageType type() {
        return MessageType.VERSION_SELECT;
    }

    @Override
    public int size() {
        return SIZE;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        out.writeByte(MessageType.VERSION_SELECT.code()).writeInt(WireFormat.MAGIC);
        HandshakeCodec.writeId(out, sender);
        out.writeByte(version);
    }
}
