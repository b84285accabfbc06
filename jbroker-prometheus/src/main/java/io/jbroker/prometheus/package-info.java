/**
 * Prometheus metrics of a jbroker endpoint, on the official Prometheus Java client: {@link
 * io.jbroker.prometheus.JbrokerCollectors} registers collectors that read the endpoint's counters
 * when scraped, {@link io.jbroker.prometheus.MetricsServer} serves {@code /metrics} over HTTP.
 */
package io.jbroker.prometheus;
