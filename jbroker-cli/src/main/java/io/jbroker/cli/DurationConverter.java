package io.jbroker.cli;

import io.jbroker.endpoint.EndpointConfigFile;
import java.time.Duration;
import picocli.CommandLine;

/**
 * picocli converter for durations: {@code 10s}, {@code 500ms}, {@code 2min} (the units of the
 * configuration file), or a plain number of seconds.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            if (!value.isEmpty() && value.chars().allMatch(Character::isDigit) && value.length() <= 18) {
                return Duration.ofSeconds(Long.parseLong(value));
            }
            return EndpointConfigFile.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
