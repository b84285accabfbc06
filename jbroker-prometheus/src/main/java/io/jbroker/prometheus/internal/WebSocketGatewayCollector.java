package io.jbroker.prometheus.internal;

import io.jbroker.websocket.GatewayMetrics;
import io.jbroker.websocket.ZeekWebSocketGateway;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Objects;

/**
 * The counters of a {@link ZeekWebSocketGateway} ({@link ZeekWebSocketGateway#metrics()}), read when
 * scraped. Each client's own queue is one of the endpoint's subscribers, exported per subscriber by
 * the endpoint's collectors. Thread-safe.
 */
public final class WebSocketGatewayCollector implements MultiCollector {
    /** Every family name as exposed. */
    public static final List<String> NAMES = List.of(
            "jbroker_websocket_clients",
            "jbroker_websocket_accepted_total",
            "jbroker_websocket_acknowledged_total",
            "jbroker_websocket_rejected_total",
            "jbroker_websocket_errors_sent_total",
            "jbroker_websocket_published_total",
            "jbroker_websocket_published_not_lossless_total",
            "jbroker_websocket_delivered_total",
            "jbroker_websocket_echoes_suppressed_total",
            "jbroker_websocket_read_pauses_total",
            "jbroker_websocket_disconnects_total");

    private final ZeekWebSocketGateway gateway;

    public WebSocketGatewayCollector(ZeekWebSocketGateway gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    @Override
    public MetricSnapshots collect() {
        GatewayMetrics m = gateway.metrics();
        Families f = new Families();
        f.gauge("jbroker_websocket_clients", "WebSocket clients connected now.").add(m.clients());
        f.counter("jbroker_websocket_accepted", "WebSocket connections accepted.")
                .add(m.accepted());
        f.counter("jbroker_websocket_acknowledged", "Clients that completed the subscription handshake.")
                .add(m.acknowledged());
        f.counter("jbroker_websocket_rejected", "Connections refused (limit, path, application name, handshake).")
                .add(m.rejected());
        f.counter("jbroker_websocket_errors_sent", "Error objects sent to clients.")
                .add(m.errorsSent());
        f.counter("jbroker_websocket_published", "Data messages clients published.")
                .add(m.published());
        f.counter(
                        "jbroker_websocket_published_not_lossless",
                        "Publications during which a receiver's overflow policy acted.")
                .add(m.publishedNotLossless());
        f.counter("jbroker_websocket_delivered", "Data messages sent to clients.")
                .add(m.delivered());
        f.counter("jbroker_websocket_echoes_suppressed", "A client's own publications not sent back to it.")
                .add(m.echoesSuppressed());
        f.counter("jbroker_websocket_read_pauses", "Times a publishing client's reads were paused (back-pressure).")
                .add(m.readPauses());
        f.counter(
                        "jbroker_websocket_disconnects",
                        "Connections the gateway ended (timeouts, protocol errors, shutdown).")
                .add(m.disconnects());
        return new MetricSnapshots(f.build());
    }
}
