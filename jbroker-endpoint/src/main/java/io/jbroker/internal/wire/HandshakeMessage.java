package io.jbroker.internal.wire;

import io.netty.buffer.ByteBuf;

/**
 * A message of the handshake phases: the frame body starts with its {@link MessageType} tag. Each
 * record draws its byte layout in its Javadoc and validates itself on decode ({@link
 * HandshakeCodec}).
 */
public sealed interface HandshakeMessage
        permits Hello, Probe, VersionSelect, DropConn, OriginatorSyn, ResponderSynAck, OriginatorAck {

    MessageType type();

    /** Body size in bytes (without the 4-byte length prefix). */
    int size();

    /** Writes the body (tag first) without the length prefix. */
    void encodeBody(ByteBuf out);
}
