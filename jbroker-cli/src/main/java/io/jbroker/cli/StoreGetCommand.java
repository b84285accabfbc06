package io.jbroker.cli;

import io.jbroker.data.Data;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jbroker store get}: prints the value of one key. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Prints the value of KEY in store NAME as one JSON v1 line ('no such key' on stderr, status 1).",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:printed", "1:no such key, no master, cannot peer, or bad configuration", "2:usage error"})
final class StoreGetCommand implements Callable<Integer> {
    private final Streams streams;

    @Mixin
    StoreClientOptions store;

    @Parameters(index = "0", paramLabel = "KEY", converter = StoreValues.Converter.class, description = "The key.")
    Data key;

    StoreGetCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        return StoreClient.run("get", store, streams, (clone, timeout) -> List.of(StoreValues.json(clone.get(key))));
    }
}
