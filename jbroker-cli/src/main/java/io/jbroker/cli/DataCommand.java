package io.jbroker.cli;

import picocli.CommandLine.Command;

/** {@code jbroker data}: converts Broker values between their encodings. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Convert Broker values between bin v1 (hex), text and JSON v1.",
        subcommands = {DataDecodeCommand.class, DataEncodeCommand.class})
final class DataCommand {}
