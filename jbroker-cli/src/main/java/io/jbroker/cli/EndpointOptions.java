package io.jbroker.cli;

import io.jbroker.endpoint.ConfigFileException;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.EndpointConfigFile;
import io.jbroker.endpoint.InvalidSettingException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Options every endpoint command shares: {@code --config FILE}, the TLS options and the
 * environment they read. Builds the {@link EndpointConfig} with command-line settings applied over
 * the file, and reports a bad configuration as the command's one error line (exit status 1).
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

    /** The command these options belong to: error messages name it. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Where {@code JBROKER_TLS_PASSPHRASE} is read; tests replace it. */
    Map<String, String> env = System.getenv();

    /**
     * Reads the configuration file (if any), then applies {@code overrides} and the TLS options.
     *
     * @throws ConfigFileException if the file cannot be read or has a bad line
     * @throws ConfigurationError for a bad value, named by its file line and key or its option
     * @throws IllegalArgumentException for contradicting options
     */
    EndpointConfig build(Consumer<EndpointConfig.Builder> overrides, Map<String, String> env) {
        EndpointConfigFile file = config != null ? EndpointConfigFile.read(config) : null;
        EndpointConfig.Builder builder = EndpointConfig.builder();
        if (file != null) {
            file.applyExceptTls(builder);
        }
        overrides.accept(builder);
        tls.apply(tls.resolve(file, env), file, builder);
        try {
            return builder.build();
        } catch (InvalidSettingException e) {
            // The file alone was valid (checked when read): an override made it invalid.
            throw new ConfigurationError(
                    file == null
                            ? e.getMessage()
                            : file.locate(e).map(Exception::getMessage).orElse(e.getMessage()));
        }
    }

    /** {@link #buildOrReport(Consumer)} without overrides. */
    EndpointConfig buildOrReport() {
        return buildOrReport(b -> {});
    }

    /**
     * {@link #buildOrReport(CommandSpec, Consumer, Map)} for the command these options belong to,
     * with the process environment ({@link #env}).
     */
    EndpointConfig buildOrReport(Consumer<EndpointConfig.Builder> overrides) {
        return buildOrReport(command, overrides, env);
    }

    /**
     * Like {@link #build}, but reports a bad configuration (file or values) on the command's
     * standard error and returns null (the command then exits with status 1); contradicting
     * options become a usage error (status 2).
     */
    EndpointConfig buildOrReport(
            CommandSpec spec, Consumer<EndpointConfig.Builder> overrides, Map<String, String> env) {
        try {
            return build(overrides, env);
        } catch (ConfigFileException | ConfigurationError e) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
            return null;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
