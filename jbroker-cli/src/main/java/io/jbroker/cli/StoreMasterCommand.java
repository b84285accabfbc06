package io.jbroker.cli;

import io.jbroker.store.Backend;
import io.jbroker.store.MemoryBackend;
import io.jbroker.store.SqliteBackend;
import io.jbroker.store.Store;
import io.jbroker.store.StoreOptions;
import io.jbroker.store.Stores;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jbroker store master}: runs the master of a store and prints its store events. */
@Command(
        name = "master",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Runs the master of store NAME on a node that listens and/or peers, until SIGINT/SIGTERM or --duration.",
            "Output: 'listening on HOST:PORT' (with --listen), 'attached master NAME', then one line per store"
                    + " event ('insert KEY VALUE', 'update KEY OLD NEW', 'erase KEY', 'expire KEY', values in JSON v1)"
                    + " and per status or error event."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:stopped by --duration",
            "1:cannot listen, cannot open the backend, a master exists, or bad configuration",
            "2:usage error",
            ExitStatus.SIGINT,
            ExitStatus.SIGTERM
        })
final class StoreMasterCommand implements Callable<Integer> {
    private final Streams streams;

    @Spec
    CommandSpec spec;

    @Mixin
    StoreNodeOptions node;

    @Option(
            names = "--backend",
            paramLabel = "memory|sqlite:FILE",
            defaultValue = "memory",
            description = "Where the master keeps the content. Default: ${DEFAULT-VALUE}.")
    String backend;

    StoreMasterCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (node.listen == null && node.peers.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Give --listen, --peer or both");
        }
        Backend b = backend(backend);
        AtomicBoolean attached = new AtomicBoolean();
        try {
            return StoreNode.run("jbroker-store-master", node, streams, "master", (ep, listener) -> {
                Store s = Stores.attachMaster(ep, node.name, b, StoreOptions.defaults(), listener);
                attached.set(true); // the store closes the backend from now on
                return s;
            });
        } finally {
            if (!attached.get()) {
                b.close();
            }
        }
    }

    private Backend backend(String spec) {
        if (spec.equals("memory")) {
            return new MemoryBackend();
        }
        if (spec.startsWith("sqlite:") && spec.length() > "sqlite:".length()) {
            try {
                return SqliteBackend.open(Path.of(spec.substring("sqlite:".length())));
            } catch (RuntimeException e) {
                throw new ParameterException(this.spec.commandLine(), "--backend " + spec + ": " + e.getMessage());
            }
        }
        throw new ParameterException(
                this.spec.commandLine(), "--backend must be 'memory' or 'sqlite:FILE', not '" + spec + "'");
    }
}
