package io.jbroker.internal.wire;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Decodes and validates handshake frame bodies exactly as Broker's connector does, and writes
 * framed handshake messages. A failed check raises a {@link WireException} whose code and
 * description are the ones Broker puts into its {@code drop_conn} for the same fault. Bytes after
 * a message's last field are ignored, as in Broker.
 */
public final class HandshakeCodec {
    private HandshakeCodec() {}

    /** Writes {@code msg} as one frame (length prefix and body). */
    public static ByteBuf encode(HandshakeMessage msg, ByteBufAllocator alloc) {
        int size = msg.size();
        ByteBuf out = alloc.buffer(WireFormat.LENGTH_PREFIX_SIZE + size);
        out.writeInt(size);
        msg.encodeBody(out);
        return out;
    }

    /**
     * Decodes one handshake frame body (without length prefix). Does not release {@code body}.
     *
     * @throws WireException if the tag, length, magic or versions are invalid
     */
    public static HandshakeMessage decode(ByteBuf body) {
        if (!body.isReadable()) {
            throw new WireException(ErrorCode.INVALID_MESSAGE, "invalid message type tag");
        }
        int tag = body.readUnsignedByte();
        MessageType type = MessageType.fromCode(tag);
        if (type == null || type.isEnvelope()) {
            throw new WireException(ErrorCode.INVALID_MESSAGE, "invalid message type tag");
        }
        switch (type) {
            case HELLO: {
                need(body, Hello.SIZE - 1, "hello_msg");
                checkMagic(body);
                EndpointId sender = readId(body);
                int min = body.readUnsignedByte();
                int max = body.readUnsignedByte();
                if (min > WireFormat.PROTOCOL_VERSION || max < WireFormat.PROTOCOL_VERSION) {
                    throw new WireException(ErrorCode.PEER_INCOMPATIBLE, "unsupported versions offered");
                }
                return new Hello(sender, min, max);
            }
            case PROBE:
                need(body, Probe.SIZE - 1, "probe_msg");
                checkMagic(body);
                return new Probe();
            case VERSION_SELECT: {
                need(body, VersionSelect.SIZE - 1, "version_select_msg");
                checkMagic(body);
                EndpointId sender = readId(body);
                int version = body.readUnsignedByte();
                if (version != WireFormat.PROTOCOL_VERSION) {
                    throw new WireException(ErrorCode.PEER_INCOMPATIBLE, "unsupported version selected");
                }
                return new VersionSelect(sender, version);
            }
            case DROP_CONN:
                return decodeDropConn(body);
            case ORIGINATOR_SYN: {
                Filter f = Filter.decode(body);
                if (f == null) {
                    throw parseFailure("v1::originator_syn_msg");
                }
                return new OriginatorSyn(f);
            }
            case RESPONDER_SYN_ACK: {
                Filter f = Filter.decode(body);
                if (f == null) {
                    throw parseFailure("v1::responder_syn_ack_msg");
                }
                return new ResponderSynAck(f);
            }
            case ORIGINATOR_ACK:
                return new OriginatorAck();
            default:
                throw new WireException(ErrorCode.INVALID_MESSAGE, "invalid message type tag");
        }
    }

    private static DropConn decodeDropConn(ByteBuf body) {
        need(body, 21, "drop_conn_msg");
        checkMagic(body);
        EndpointId sender = readId(body);
        int code = body.readUnsignedByte();
        int len = Varbyte.readBounded(body);
        if (len < 0) {
            throw parseFailure("drop_conn_msg");
        }
        String text = body.readCharSequence(len, StandardCharsets.UTF_8).toString();
        if (code >= ErrorCode.INVALID_JSON.code()) {
            // Broker echoes descriptions of codes it cannot name with code 1 (unspecified).
            throw new WireException(ErrorCode.UNSPECIFIED, text);
        }
        return new DropConn(sender, code, text);
    }

    private static void need(ByteBuf body, int bytes, String what) {
        if (body.readableBytes() < bytes) {
            throw parseFailure(what);
        }
    }

    private static WireException parseFailure(String what) {
        return new WireException(ErrorCode.INVALID_MESSAGE, "failed to parse " + what);
    }

    private static void checkMagic(ByteBuf body) {
        if (body.readInt() != WireFormat.MAGIC) {
            throw new WireException(ErrorCode.WRONG_MAGIC_NUMBER, "wrong magic number");
        }
    }

    static EndpointId readId(ByteBuf in) {
        return EndpointId.of(in.readLong(), in.readLong());
    }

    static void writeId(ByteBuf out, EndpointId id) {
        out.writeLong(id.high()).writeLong(id.low());
    }
}
