package io.jbroker.cli;

import io.jbroker.data.Data;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jbroker store erase}: removes one key through the master and waits until it is gone. */
@Command(
        name = "erase",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Erases KEY from store NAME (a missing key is no error) and waits until the clone no longer"
                + " has it; prints 'ok'.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:erased",
            "1:not confirmed in time, no master, cannot peer, or bad configuration",
            "2:usage error"
        })
final class StoreEraseCommand implements Callable<Integer> {
    private final Streams streams;

    @Mixin
    StoreClientOptions store;

    @Parameters(index = "0", paramLabel = "KEY", converter = StoreValues.Converter.class, description = "The key.")
    Data key;

    StoreEraseCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        return StoreClient.run("erase", store, streams, (clone, timeout) -> {
            clone.exists(key); // waits for the snapshot
            clone.erase(key);
            StoreClient.await("erase of " + StoreValues.json(key), timeout, () -> !clone.exists(key));
            return List.of("ok");
        });
    }
}
