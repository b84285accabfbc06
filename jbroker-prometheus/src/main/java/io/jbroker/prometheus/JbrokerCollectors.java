package io.jbroker.prometheus;

import io.jbroker.endpoint.Endpoint;
import io.jbroker.logger.LogDirectoryWriter;
import io.jbroker.prometheus.internal.EndpointCollector;
import io.jbroker.prometheus.internal.LogWriterCollector;
import io.jbroker.prometheus.internal.WebSocketGatewayCollector;
import io.jbroker.prometheus.internal.ZeroMqNodeCollector;
import io.jbroker.prometheus.internal.ZeroMqProxyCollector;
import io.jbroker.websocket.ZeekWebSocketGateway;
import io.jbroker.zeromq.ZeroMqNode;
import io.jbroker.zeromq.ZeroMqProxy;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.IntSupplier;

/**
 * Registers an endpoint's metrics in a {@link PrometheusRegistry}, the application's own or the one
 * of a {@link MetricsServer}. The collectors read {@link Endpoint#metrics()} when scraped, so
 * nothing is added to the work per message; a scrape costs one metrics snapshot. The metric names
 * are listed in {@link #METRIC_NAMES} and in {@code docs/metrics.md}.
 *
 * <p>One endpoint per registry (the names would clash): a second registration in the same registry
 * fails with {@link IllegalArgumentException}. {@link #unregister} removes the collector, e.g.
 * when the endpoint closes before the registry. Thread-safe.
 */
public final class JbrokerCollectors {
    /** Every metric family the endpoint collectors export, as named in the exposition. */
    public static final List<String> METRIC_NAMES = EndpointCollector.NAMES;

    /** Every metric family of {@link #registerZeroMqNode}. */
    public static final List<String> ZEROMQ_NODE_METRIC_NAMES = ZeroMqNodeCollector.NAMES;

    /** Every metric family of {@link #registerLogWriter}. */
    public static final List<String> LOG_WRITER_METRIC_NAMES = LogWriterCollector.NAMES;

    /** Every metric family of {@link #registerWebSocketGateway}. */
    public static final List<String> WEBSOCKET_GATEWAY_METRIC_NAMES = WebSocketGatewayCollector.NAMES;

    /** Every metric family of {@link #registerZeroMqProxy}. */
    public static final List<String> ZEROMQ_PROXY_METRIC_NAMES = ZeroMqProxyCollector.NAMES;

    private static final Map<PrometheusRegistry, MultiCollector> REGISTERED =
            Collections.synchronizedMap(new WeakHashMap<>());

    private JbrokerCollectors() {}

    /** Registers {@code endpoint}'s metrics; returns the collector (to unregister it). */
    public static MultiCollector register(Endpoint endpoint, PrometheusRegistry registry) {
        return register(endpoint, registry, () -> 0);
    }

    /**
     * Registers {@code endpoint}'s metrics, with {@code webSocketConnections} (called at each scrape)
     * as upstream's {@code broker_connections{type="web-socket"}}.
     */
    public static MultiCollector register(
            Endpoint endpoint, PrometheusRegistry registry, IntSupplier webSocketConnections) {
        Objects.requireNonNull(registry, "registry");
        MultiCollector c = new EndpointCollector(endpoint, webSocketConnections);
        if (REGISTERED.putIfAbsent(registry, c) != null) {
            throw new IllegalArgumentException("this registry already has a jbroker endpoint's collectors");
        }
        try {
            registry.register(c);
        } catch (RuntimeException e) {
            REGISTERED.remove(registry, c);
            throw e;
        }
        return c;
    }

    /**
     * Registers a ZeroMQ node's own counters (Zeek's {@code zeek_cluster_zeromq_msg_errors_total},
     * {@code jbroker_zeromq_*}, labelled by node id); its endpoint's metrics come from {@link
     * #register}. One node per registry (the names would clash at a scrape).
     */
    public static MultiCollector registerZeroMqNode(ZeroMqNode node, PrometheusRegistry registry) {
        MultiCollector c = new ZeroMqNodeCollector(node);
        Objects.requireNonNull(registry, "registry").register(c);
        return c;
    }

    /**
     * Registers a ZeroMQ proxy's counters (Zeek's {@code zeek_cluster_zeromq_proxy_*} and {@code
     * jbroker_zeromq_proxy_*}). One proxy per registry.
     */
    public static MultiCollector registerZeroMqProxy(ZeroMqProxy proxy, PrometheusRegistry registry) {
        MultiCollector c = new ZeroMqProxyCollector(proxy);
        Objects.requireNonNull(registry, "registry").register(c);
        return c;
    }

    /**
     * Registers a WebSocket gateway's counters ({@code jbroker_websocket_*}). Its endpoint's
     * collectors should count its clients: {@code register(endpoint, registry, () ->
     * gateway.metrics().clients())}. One gateway per registry.
     */
    public static MultiCollector registerWebSocketGateway(ZeekWebSocketGateway gateway, PrometheusRegistry registry) {
        MultiCollector c = new WebSocketGatewayCollector(gateway);
        Objects.requireNonNull(registry, "registry").register(c);
        return c;
    }

    /**
     * Registers a log writer's counters ({@code jbroker_logger_*}: records accepted, written,
     * dropped and rejected, bytes, files, rotations, queued; totals and per log path) and, when
     * given (else {@code null}), the malformed messages its ZeroMQ and Broker receivers counted.
     * One writer per registry.
     */
    public static MultiCollector registerLogWriter(
            LogDirectoryWriter writer,
            java.util.function.LongSupplier malformedZeroMq,
            java.util.function.LongSupplier malformedBroker,
            PrometheusRegistry registry) {
        MultiCollector c = new LogWriterCollector(writer, malformedZeroMq, malformedBroker);
        Objects.requireNonNull(registry, "registry").register(c);
        return c;
    }

    /** Removes a collector {@link #register} returned; a second call does nothing. */
    public static void unregister(PrometheusRegistry registry, MultiCollector collector) {
        if (REGISTERED.remove(registry, collector)) {
            registry.unregister(collector);
        }
    }

    /**
     * Registers the Prometheus client's JVM metrics (memory, GC, threads, class loading, CPU,
     * {@code jvm_runtime_info}); a second call for the same registry does nothing.
     */
    public static void registerJvm(PrometheusRegistry registry) {
        JvmMetrics.builder().register(Objects.requireNonNull(registry, "registry"));
    }
}
