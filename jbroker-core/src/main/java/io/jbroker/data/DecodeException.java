package io.jbroker.data;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;

/**
 * Malformed input rejected by a decoder: truncated data, an unknown tag, an over-long length, a
 * duplicate set element, invalid JSON and so on. Carries the byte (or character) offset at which
 * decoding failed and a reason, so operators can find the fault in captured bytes.
 */
public final class DecodeException extends BrokerException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String reason;

    public DecodeException(ErrorCode code, long offset, String reason) {
        super(code, "at offset " + offset + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    /** A binary decoding failure ({@link ErrorCode#DESERIALIZATION_FAILED}). */
    public static DecodeException binary(long offset, String reason) {
        return new DecodeException(ErrorCode.DESERIALIZATION_FAILED, offset, reason);
    }

    /** Offset into the input at which the problem was detected. */
    public long offset() {
        return offset;
    }

    /** The reason without the offset. */
    public String reason() {
        return reason;
    }
}
