package io.jbroker.cli;

import picocli.CommandLine.Command;

/** {@code jbroker zeromq}: Zeek's ZeroMQ cluster backend (a node; the central proxy). */
@Command(
        name = "zeromq",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Take part in a Zeek cluster that runs the ZeroMQ backend (Zeek 8.1+ default): a node, or"
                + " the central XPUB/XSUB proxy.",
        subcommands = {ZeroMqNodeCommand.class, ZeroMqProxyCommand.class})
final class ZeroMqCommand {}
