package io.jbroker.zeromq;

/** Why a {@link ZeroMqNode} rejected a message (each counted, each reported as an error event). */
public enum MalformedKind {
    /** An event message without exactly 4 frames. */
    FRAME_COUNT,
    /** Frame 3 names no known serializer. */
    UNKNOWN_FORMAT,
    /** The payload does not decode in the named format. */
    UNDECODABLE,
    /** A frame larger than {@link ZeroMqConfig#maxFrameBytes()}. */
    OVERSIZED,
    /** The topic is not acceptable (Broker's reserved {@code <$>} marker, or over 65535 bytes). */
    BAD_TOPIC,
    /** Something on the XPUB that is not a 1-frame {@code 0x00}/{@code 0x01} subscription. */
    BAD_SUBSCRIPTION
}
