package io.jbroker.internal.wire;

/** Constants of Broker's wire protocol version 1, in one place. */
public final class WireFormat {
    /** Magic number {@code "ZEEK"} in hello, probe, version_select and drop_conn. */
    public static final int MAGIC = 0x5A45454B;

    /** The only protocol version Broker and jbroker speak. */
    public static final int PROTOCOL_VERSION = 1;

    /** TTL Broker writes into every envelope. */
    public static final int DEFAULT_TTL = 16;

    /** Bytes of the length prefix in front of every frame. */
    public static final int LENGTH_PREFIX_SIZE = 4;

    /** Fixed part of an envelope: sender 16, receiver 16, type 1, ttl 2, topic length 2. */
    public static final int ENVELOPE_HEADER_SIZE = 37;

    /** Largest topic an envelope can carry (u16 length). */
    public static final int MAX_TOPIC_LENGTH = 0xFFFF;

    /** Topic of ping, pong and routing_update envelopes. */
    public static final String CONTROL_TOPIC = "<$>";

    private WireFormat() {}
}
