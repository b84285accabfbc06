package io.jbroker.cli;

import io.jbroker.endpoint.Endpoint;
import io.jbroker.prometheus.JbrokerCollectors;
import io.jbroker.prometheus.MetricsServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * {@code --metrics HOST:PORT} of the long-running commands: serves Prometheus metrics (the
 * command's collectors and the JVM's) at {@code http://HOST:PORT/metrics}. A command adds it with
 * {@code @Mixin MetricsOption metrics;} and, once it printed its first line, starts it with {@code
 * try (MetricsServer served = metrics.start(out, endpoint)) {...}} (or with its own collectors);
 * without the option nothing starts and {@code start} returns {@code null}, which
 * try-with-resources skips.
 */
final class MetricsOption {
    @Option(
            names = "--metrics",
            paramLabel = "HOST:PORT",
            converter = HostPort.Converter.class,
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics (0 picks a free port) and print"
                    + " 'metrics on http://HOST:PORT/metrics'. See docs/metrics.md.")
    HostPort address;

    /** Serves {@code endpoint}'s metrics if {@code --metrics} was given, else returns {@code null}. */
    MetricsServer start(LineOutput out, Endpoint endpoint) throws IOException {
        return start(out, registry -> JbrokerCollectors.register(endpoint, registry));
    }

    /**
     * Serves the JVM's metrics and those {@code collectors} registers if {@code --metrics} was
     * given, and prints the scrape address; else returns {@code null}.
     *
     * @throws IOException if the address cannot be bound (the command then exits with status 1)
     */
    MetricsServer start(LineOutput out, Consumer<PrometheusRegistry> collectors) throws IOException {
        if (address == null) {
            return null;
        }
        MetricsServer server;
        try {
            server = MetricsServer.start(address.host(), address.port());
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + address + ": " + e.getMessage(), e);
        }
        try {
            collectors.accept(server.registry());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        out.line("metrics on " + server.uri());
        return server;
    }
}
