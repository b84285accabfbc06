package io.jbroker.cli;

import picocli.CommandLine.Command;

/** {@code jbroker pipe}: connects standard input or output to a topic of a peer, as broker-pipe does. */
@Command(
        name = "pipe",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Publish standard input lines to a Broker peer, or print what a peer publishes.",
        subcommands = {PipePublishCommand.class, PipeSubscribeCommand.class})
final class PipeCommand {}
