package io.jbroker.cli;

import picocli.CommandLine.Command;

/** {@code jbroker store}: runs a Broker data store master or clone, or reads and writes one. */
@Command(
        name = "store",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Broker data stores (see docs/stores.md): run a master or a clone that prints store events, or"
                    + " get/put/erase/keys on a running store through a short-lived clone.",
            "Keys and values: an argument starting with '{' is a JSON v1 value"
                    + " ({\"@data-type\":\"count\",\"data\":1}); any other argument is a Broker string."
                    + " Output values are JSON v1."
        },
        subcommands = {
            StoreMasterCommand.class,
            StoreCloneCommand.class,
            StoreGetCommand.class,
            StorePutCommand.class,
            StoreEraseCommand.class,
            StoreKeysCommand.class
        })
final class StoreCommand {}
