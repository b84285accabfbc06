package io.jbroker.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --duration DURATION}: how long a command that runs until a signal runs at most. */
final class StopOption {
    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop after this long (seconds, or with a unit) instead of waiting for a signal.")
    Duration duration;

    /** The time limit, or {@code null} to run until a signal. */
    Duration limit() {
        return duration;
    }
}
