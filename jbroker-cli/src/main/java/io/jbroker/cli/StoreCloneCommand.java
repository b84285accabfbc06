package io.jbroker.cli;

import io.jbroker.store.StoreOptions;
import io.jbroker.store.Stores;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jbroker store clone}: runs a clone of a store and prints its store events. */
@Command(
        name = "clone",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Runs a clone of store NAME, peered with the master's node (--peer), until SIGINT/SIGTERM or --duration.",
            "Output: 'listening on HOST:PORT' (with --listen), 'attached clone NAME', then one line per store"
                    + " event ('insert KEY VALUE', 'update KEY OLD NEW', 'erase KEY', 'expire KEY', values in JSON v1)"
                    + " and per status or error event."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:stopped by --duration",
            "1:cannot listen or bad configuration",
            "2:usage error",
            ExitStatus.SIGINT,
            ExitStatus.SIGTERM
        })
final class StoreCloneCommand implements Callable<Integer> {
    private final Streams streams;

    @Spec
    CommandSpec spec;

    @Mixin
    StoreNodeOptions node;

    StoreCloneCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (node.listen == null && node.peers.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Give --peer (the master's node), --listen or both");
        }
        return StoreNode.run(
                "jbroker-store-clone",
                node,
                streams,
                "clone",
                (ep, listener) -> Stores.attachClone(ep, node.name, StoreOptions.defaults(), listener));
    }
}
