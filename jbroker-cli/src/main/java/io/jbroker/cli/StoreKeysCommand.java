package io.jbroker.cli;

import io.jbroker.data.Data;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jbroker store keys}: prints every key, one JSON v1 value per line. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Prints every key of store NAME, one JSON v1 value per line in Broker's order.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:printed", "1:no master, cannot peer, or bad configuration", "2:usage error"})
final class StoreKeysCommand implements Callable<Integer> {
    private final Streams streams;

    @Mixin
    StoreClientOptions store;

    StoreKeysCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        return StoreClient.run("keys", store, streams, (clone, timeout) -> {
            List<String> lines = new ArrayList<>();
            for (Data k : clone.keys()) {
                lines.add(StoreValues.json(k));
            }
            return lines;
        });
    }
}
