package io.jbroker.zeek.log;

/**
 * Bytes that are not a valid {@code zeek-bin-serializer} log batch or serialized log record: a
 * truncation, a length or count larger than the bytes that remain, an unsupported type tag, bytes
 * left over. Carries the offset at which decoding stopped.
 */
public final class LogDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /** A failure at {@code offset} of the input. */
    public LogDecodeException(String reason, int offset) {
        super(reason + " at offset " + offset);
        this.offset = offset;
    }

    /** Where in the input decoding stopped. */
    public int offset() {
        return offset;
    }
}
