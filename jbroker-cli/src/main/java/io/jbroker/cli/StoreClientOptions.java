package io.jbroker.cli;

import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of {@code jbroker store get|put|erase|keys}: the store and the node to reach it by. */
final class StoreClientOptions {
    @Option(names = "--name", paramLabel = "NAME", required = true, description = "The store's name.")
    String name;

    @Option(
            names = "--peer",
            paramLabel = "HOST[:PORT]",
            required = true,
            converter = HostPort.Converter.class,
            description = "A node with the master (or a node peered with it; port 9999 if left out).")
    HostPort peer;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Give up after this long (peering, snapshot, confirmation). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Mixin
    EndpointOptions endpoint;
}
