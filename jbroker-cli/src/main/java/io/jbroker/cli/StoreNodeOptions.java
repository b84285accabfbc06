package io.jbroker.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options {@code jbroker store master} and {@code clone} share (a node's, plus the store name). */
final class StoreNodeOptions {
    @Option(names = "--name", paramLabel = "NAME", required = true, description = "The store's name.")
    String name;

    @Option(
            names = "--listen",
            paramLabel = "HOST[:PORT]",
            converter = HostPort.Converter.class,
            description = "Listen for peers here (port 9999 if left out; 0 picks a free port).")
    HostPort listen;

    @Option(
            names = "--peer",
            paramLabel = "HOST[:PORT]",
            converter = HostPort.Converter.class,
            description = "Peer with this node (port 9999 if left out); repeatable.")
    List<HostPort> peers = new ArrayList<>();

    @Mixin
    RetryOption retry;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop after this long (seconds, or with a unit) instead of waiting for a signal.")
    Duration duration;

    @Mixin
    EndpointOptions endpoint;
}
