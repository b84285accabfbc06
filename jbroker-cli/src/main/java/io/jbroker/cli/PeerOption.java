package io.jbroker.cli;

import picocli.CommandLine.Option;

/** {@code --peer HOST[:PORT]}, once and required: the one node a command peers with. */
final class PeerOption {
    @Option(
            names = "--peer",
            required = true,
            paramLabel = "HOST[:PORT]",
            converter = HostPort.Converter.class,
            description = "The node to peer with (port 9999 if left out; IPv6 as [ADDRESS]:PORT).")
    HostPort peer;

    /** The node to peer with. */
    HostPort hostPort() {
        return peer;
    }
}
