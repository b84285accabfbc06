package io.jbroker.cli;

import java.time.Duration;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --retry DURATION}: how long to wait before retrying a failed or lost outbound peering.
 * Zero by default (no retry); a command that retries by default names {@link RetryByDefault} as
 * its {@code defaultValueProvider}, which the help's {@code Default:} shows too.
 */
final class RetryOption {
    @Option(
            names = "--retry",
            paramLabel = "DURATION",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description = "Retry failed and lost peerings after this long (like 500ms, 10s; 0s: no retry)."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration retry;

    /** The retry interval; zero for none. */
    Duration interval() {
        return retry;
    }

    /** Default {@code --retry} of 10 s, for commands that keep their peerings up (the node). */
    static final class RetryByDefault implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            return arg instanceof OptionSpec && ((OptionSpec) arg).longestName().equals("--retry") ? "10s" : null;
        }
    }
}
