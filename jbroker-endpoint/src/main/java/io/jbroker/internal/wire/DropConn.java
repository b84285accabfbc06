package io.jbroker.internal.wire;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code drop_conn}: ends a handshake with an error code ({@code ec} number) and a description.
 *
 * <pre>
 * 0      1        5           21     22                 22+n
 * | 0x09 | "ZEEK" | sender id | code | varbyte n | text |
 * </pre>
 */
public record DropConn(EndpointId sender, int code, String description) implements HandshakeMessage {
    public DropConn {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(description, "description");
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("code out of range: " + code);
        }
    }

    public static DropConn of(EndpointId sender, ErrorCode code, String description) {
        return new DropConn(sender, code.code(), description);
    }

    /** The error code, {@link ErrorCode#UNSPECIFIED} for codes Broker does not know. */
    public ErrorCode errorCode() {
        return ErrorCode.fromWire(code);
    }

    private byte[] text() {
        return description.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public MessageType type() {
        return MessageType.DROP_CONN;
    }

    @Override
    public int size() {
        int n = text().length;
        return 22 + Varbyte.size(n) + n;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        byte[] text = text();
        out.writeByte(MessageType.DROP_CONN.code()).writeInt(WireFormat.MAGIC);
        HandshakeCodec.writeId(out, sender);
        out.writeByte(code);
        Varbyte.write(out, text.length);
        out.writeBytes(text);
    }
}
