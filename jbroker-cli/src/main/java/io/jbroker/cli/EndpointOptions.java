package io.jbroker.cli;

import io.jbroker.endpoint.ConfigFileException;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.EndpointConfigFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Options every endpoint command shares: {@code --config FILE} and the TLS options. Builds the
 * {@link EndpointConfig} with command-line settings applied over the file.
 */
final class EndpointOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Configuration file of 'key = value' lines (see docs/configuration.md);"
                    + " command-line options override it.")
    Path config;

    @Mixin
    TlsOptions tls;

    /**
     * Reads the configuration file (if any), then applies {@code overrides} and the TLS options.
     *
     * @throws io.jbroker.endpoint.ConfigFileException if the file cannot be read or has a bad line
     * @throws IllegalArgumentException for contradicting options or invalid settings
     */
    EndpointConfig build(Consumer<EndpointConfig.Builder> overrides, Map<String, String> env) {
        EndpointConfigFile file = config != null ? EndpointConfigFile.read(config) : null;
        EndpointConfig.Builder builder = EndpointConfig.builder();
        if (file != null) {
            file.applyTo(builder);
        }
        overrides.accept(builder);
        tls.resolve(file, env).apply(builder);
        return builder.build();
    }

    /**
     * Like {@link #build}, but reports a bad configuration file on the command's standard error and
     * returns null; contradicting options become a usage error.
     */
    EndpointConfig buildOrReport(
            CommandSpec spec, Consumer<EndpointConfig.Builder> overrides, Map<String, String> env) {
        try {
            return build(overrides, env);
        } catch (ConfigFileException e) {
            spec.commandLine().getErr().println("jbroker " + spec.name() + ": " + e.getMessage());
            return null;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
