package io.jbroker.endpoint;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;
import java.util.Objects;

/**
 * A configuration file could not be read or has a bad line. The message names the file, the line
 * and the key, as in {@code node.conf:7: broker.peer-buffer-size: not an integer: "lots"}.
 */
public final class ConfigFileException extends BrokerException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    ConfigFileException(String source, int line, String message) {
        super(ErrorCode.INVALID_DATA, source + (line > 0 ? ":" + line : "") + ": " + message);
        this.source = Objects.requireNonNull(source, "source");
        this.line = line;
    }

    ConfigFileException(String source, String message, Throwable cause) {
        super(ErrorCode.CANNOT_OPEN_FILE, source + ": " + message, cause);
        this.source = Objects.requireNonNull(source, "source");
        this.line = 0;
    }

    /** The file (or other source) name. */
    public String source() {
        return source;
    }

    /** The 1-based line number, or 0 when the error is not about one line. */
    public int line() {
        return line;
    }
}
