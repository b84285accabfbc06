package io.jbroker.store.internal;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;

/**
 * A command envelope payload that is not a valid {@code internal_command}: truncated, an unknown
 * content index, a malformed data value, an overlong count. Broker drops such envelopes; so does
 * jbroker, counting and reporting them. No stack trace (peers may send many).
 */
public final class CommandDecodeException extends BrokerException {
    private static final long serialVersionUID = 1L;

    public CommandDecodeException(String reason) {
        super(ErrorCode.INVALID_MESSAGE, reason);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
