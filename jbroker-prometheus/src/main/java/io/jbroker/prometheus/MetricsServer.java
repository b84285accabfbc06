package io.jbroker.prometheus;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serves a registry at {@code http://HOST:PORT/metrics} in the Prometheus text format (and
 * OpenMetrics or protobuf when a scraper asks for them), with the Prometheus client's HTTP server
 * on one daemon thread. Register collectors in {@link #registry()}, e.g. with {@link
 * JbrokerCollectors#register}; they are read at each scrape.
 *
 * <p>{@link #start(String, int)} makes a fresh registry with the JVM metrics in it. Closing stops
 * the server and its thread; closing twice is harmless. Thread-safe.
 */
public final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;
    private final ExecutorService executor;
    private final PrometheusRegistry registry;
    private final String host;

    private MetricsServer(HTTPServer server, ExecutorService executor, PrometheusRegistry registry, String host) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
        this.host = host;
    }

    /**
     * Listens on {@code host:port} (port 0 picks a free one) with a new registry holding the JVM
     * metrics.
     *
     * @throws IOException if the address cannot be bound
     */
    public static MetricsServer start(String host, int port) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        JbrokerCollectors.registerJvm(registry);
        return start(host, port, registry);
    }

    /**
     * Listens on {@code host:port} (port 0 picks a free one), serving {@code registry} as it is.
     *
     * @throws IOException if the address cannot be bound
     */
    public static MetricsServer start(String host, int port, PrometheusRegistry registry) throws IOException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(registry, "registry");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jbroker-metrics-http");
            t.setDaemon(true);
            return t;
        });
        try {
            HTTPServer server = HTTPServer.builder()
                    .hostname(host)
                    .port(port)
                    .registry(registry)
                    .executorService(executor)
                    .buildAndStart();
            return new MetricsServer(server, executor, registry, host);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    /** The registry this server exposes. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** The bound port (the actual one after port 0). */
    public int port() {
        return server.getPort();
    }

    /** The scrape address, {@code http://HOST:PORT/metrics}. */
    public URI uri() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + "/metrics");
    }

    @Override
    public void close() {
        server.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
