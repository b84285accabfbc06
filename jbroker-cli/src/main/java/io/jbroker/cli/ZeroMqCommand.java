package io.jbroker.cli;

import picocli.CommandLine.Command;

/** {@code jbroker zeromq}: Zeek's ZeroMQ cluster backend (a plain group of subcommands). */
@Command(
        name = "zeromq",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Zeek's ZeroMQ cluster backend: the central XPUB/XSUB proxy.",
        subcommands = {ZeroMqProxyCommand.class})
final class ZeroMqCommand {}
