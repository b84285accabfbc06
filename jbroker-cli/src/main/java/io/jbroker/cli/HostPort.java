package io.jbroker.cli;

import java.util.Objects;
import picocli.CommandLine;

/**
 * A {@code HOST[:PORT]} argument; the port defaults to 9999 (Zeek's Broker port). IPv6 addresses
 * take brackets when a port follows: {@code [::1]:9999}.
 */
record HostPort(String host, int port) {
    static final int DEFAULT_PORT = 9999;

    HostPort {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Parses {@code HOST}, {@code HOST:PORT}, {@code [V6]} or {@code [V6]:PORT}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static HostPort parse(String text) {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in '" + text + "'");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':PORT' after ']' in '" + text + "'");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0 && text.indexOf(':') != colon) {
                // A bare IPv6 address: no port.
                host = text;
            } else if (colon >= 0) {
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
            } else {
                host = text;
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("missing host in '" + text + "'");
        }
        return new HostPort(host, port == null ? DEFAULT_PORT : parsePort(port, text));
    }

    private static int parsePort(String port, String text) {
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + text + "'");
        }
        if (p < 0 || p > 0xFFFF) {
            throw new IllegalArgumentException("port out of range in '" + text + "'");
        }
        return p;
    }

    HostPort withPort(int newPort) {
        return new HostPort(host, newPort);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** picocli converter for options that take {@code HOST[:PORT]}. */
    static final class Converter implements CommandLine.ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
