package io.jbroker;

import java.util.Objects;

/**
 * The one exception type jbroker throws for protocol, data and control-plane failures. It carries a
 * Broker {@link ErrorCode} so callers can react to the failure the way upstream peers would.
 */
public class BrokerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public BrokerException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public BrokerException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The Broker error code describing this failure. */
    public ErrorCode code() {
        return code;
    }
}
