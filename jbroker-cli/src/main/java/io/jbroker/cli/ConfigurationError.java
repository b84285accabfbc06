package io.jbroker.cli;

/**
 * A bad configuration value, from the configuration file or the command line: exit status 1 and
 * one line, {@code FILE:LINE: key: reason} or {@code --option: reason}, without the usage text.
 */
final class ConfigurationError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ConfigurationError(String message) {
        super(message);
    }
}
