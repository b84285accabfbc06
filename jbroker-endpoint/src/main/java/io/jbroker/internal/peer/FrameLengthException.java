package io.jbroker.internal.peer;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * A frame whose 4-byte length prefix is unacceptable: zero, or above the configured maximum. Raised
 * by {@link FrameDecoder} as soon as the prefix is read, before any byte of the body is awaited or
 * allocated. The stream cannot be re-synchronised afterwards; the connection must be closed.
 */
public final class FrameLengthException extends CorruptedFrameException {
    private static final long serialVersionUID = 1L;

    private final long claimedLength;

    private FrameLengthException(long claimedLength, String message) {
        super(message);
        this.claimedLength = claimedLength;
    }

    static FrameLengthException empty() {
        return new FrameLengthException(0, "empty frame");
    }

    static FrameLengthException tooLong(long claimedLength, int maxFrameLength) {
        return new FrameLengthException(
                claimedLength, "frame of " + claimedLength + " bytes exceeds the limit of " + maxFrameLength);
    }

    /** The body length the prefix announced (unsigned 32-bit). */
    public long claimedLength() {
        return claimedLength;
    }

    /** Whether the prefix announced an empty frame (which Broker never sends). */
    public boolean isEmptyFrame() {
        return claimedLength == 0;
    }
}
