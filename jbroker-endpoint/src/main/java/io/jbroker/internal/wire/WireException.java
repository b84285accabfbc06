package io.jbroker.internal.wire;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;

/**
 * A frame that violates the wire protocol. The code and description are what jbroker puts into
 * the {@code drop_conn} it answers with (Broker's exact texts where Broker has one).
 */
public final class WireException extends BrokerException {
    private static final long serialVersionUID = 1L;

    public WireException(ErrorCode code, String description) {
        super(code, description);
    }

    /** The drop_conn description. */
    public String description() {
        return getMessage();
    }
}
