package io.jbroker.cli;

import io.jbroker.data.Data;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jbroker store put}: writes one key through the master and waits until it is applied. */
@Command(
        name = "put",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Puts KEY = VALUE into store NAME and waits until the master's update comes back;" + " prints 'ok'.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:applied",
            "1:not confirmed in time, no master, cannot peer, or bad configuration",
            "2:usage error"
        })
final class StorePutCommand implements Callable<Integer> {
    private final Streams streams;

    @Mixin
    StoreClientOptions store;

    @Parameters(index = "0", paramLabel = "KEY", converter = StoreValues.Converter.class, description = "The key.")
    Data key;

    @Parameters(index = "1", paramLabel = "VALUE", converter = StoreValues.Converter.class, description = "The value.")
    Data value;

    @Option(
            names = "--expiry",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Let the master expire the entry after this long.")
    Duration expiry;

    StorePutCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        return StoreClient.run("put", store, streams, (clone, timeout) -> {
            clone.exists(key); // waits for the snapshot
            clone.putAsync(key, value, Optional.ofNullable(expiry)).join();
            StoreClient.await(
                    "put of " + StoreValues.json(key),
                    timeout,
                    () -> value.equals(clone.getAsync(key).handle((v, e) -> v).join()));
            return List.of("ok");
        });
    }
}
