package io.jbroker.endpoint;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A setting of {@link EndpointConfig.Builder} or {@link TlsConfig.Builder} is invalid, alone or
 * together with others. {@link #setting()} is the builder setting's name ({@code peerTimeout},
 * {@code certificateChain}, ...), {@link #related()} the other settings the rule involves, so a
 * caller that took the values from elsewhere (a configuration file, command-line options) can
 * report them under its own names with {@link #reason(UnaryOperator)}. The message is {@code
 * setting: reason}, as in {@code peerTimeout: must be zero (off) or longer than heartbeatInterval}.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String reason;
    private final List<String> related;

    /**
     * @param setting the builder setting that is invalid
     * @param reason why, naming each of {@code related} by its setting name
     * @param related the other settings {@code reason} names
     */
    public InvalidSettingException(String setting, String reason, List<String> related) {
        this(setting, reason, related, null);
    }

    /** Like the other constructor, with the failure that caused this one. */
    public InvalidSettingException(String setting, String reason, List<String> related, Throwable cause) {
        super(setting + ": " + reason, cause);
        this.setting = Objects.requireNonNull(setting, "setting");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.related = List.copyOf(related);
    }

    /** The builder setting that is invalid. */
    public String setting() {
        return setting;
    }

    /** The reason, with the settings named by their builder names. */
    public String reason() {
        return reason;
    }

    /** The other settings the violated rule involves (named in {@link #reason()}). */
    public List<String> related() {
        return related;
    }

    /** The reason with every related setting's name replaced by {@code naming}'s. */
    public String reason(UnaryOperator<String> naming) {
        String r = reason;
        for (String other : related) {
            r = r.replace(other, naming.apply(other));
        }
        return r;
    }
}
