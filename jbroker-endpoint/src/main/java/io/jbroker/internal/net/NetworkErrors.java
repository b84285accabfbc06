package io.jbroker.internal.net;

import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Network failures and addresses in the words of error events and messages: what happened
 * ("connection refused", "host not found", "connection reset by peer"), without system call names
 * ({@code recvAddress(..) failed:}), Java class names or the address annotations Netty appends; and
 * {@code HOST:PORT} with brackets around IPv6 addresses. Stateless and thread-safe.
 */
public final class NetworkErrors {
    /** Netty's native transport prefixes messages with the failed system call. */
    private static final Pattern SYSCALL = Pattern.compile("^\\w+\\(\\.\\.\\) failed: ");

    /** Netty appends the remote address to connect failures: {@code : /127.0.0.1:9999}. */
    private static final Pattern ADDRESS_SUFFIX = Pattern.compile(": [^ ]*/[^ ]*$");

    private NetworkErrors() {}

    /** What {@code cause} (a network I/O failure, possibly wrapped) means, in lower-case words. */
    public static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "host not found";
            }
        }
        if (cause instanceof ClosedChannelException) {
            return "connection closed";
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getCause() != null
                    ? describe(cause.getCause())
                    : "I/O error (" + cause.getClass().getSimpleName() + ")";
        }
        String m = SYSCALL.matcher(message).replaceFirst("");
        m = ADDRESS_SUFFIX.matcher(m).replaceFirst("");
        if (m.equals("Connection reset")) {
            m = "Connection reset by peer";
        }
        return m.isEmpty() ? m : m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
    }

    /** {@code host:port}, as {@code [host]:port} when the host is an IPv6 address. */
    public static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
