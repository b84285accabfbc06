package io.jbroker.prometheus.internal;

import io.jbroker.zeromq.ZeroMqProxy;
import io.jbroker.zeromq.ZeroMqProxyMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Objects;

/**
 * The counters of a {@link ZeroMqProxy}, read when scraped. Zeek's proxy metrics count frames (one
 * event is 4) on its frontend (the XSUB the publishers connect to) and backend (the XPUB the
 * subscribers connect to); jbroker's proxy relays every frame it receives from the frontend, so
 * {@code frontend_*_received} and {@code backend_*_sent} are the same figures. Subscription
 * traffic goes the other way (backend received, frontend sent) and is counted in messages only.
 * Thread-safe.
 */
public final class ZeroMqProxyCollector implements MultiCollector {
    /** Every family name as exposed. */
    public static final List<String> NAMES = List.of(
            "zeek_cluster_zeromq_proxy_frontend_messages_received_total",
            "zeek_cluster_zeromq_proxy_frontend_bytes_received_total",
            "zeek_cluster_zeromq_proxy_backend_messages_sent_total",
            "zeek_cluster_zeromq_proxy_backend_bytes_sent_total",
            "zeek_cluster_zeromq_proxy_backend_messages_received_total",
            "zeek_cluster_zeromq_proxy_frontend_messages_sent_total",
            "jbroker_zeromq_proxy_messages_relayed_total",
            "jbroker_zeromq_proxy_messages_relayed_lossy_total",
            "jbroker_zeromq_proxy_stalls_total",
            "jbroker_zeromq_proxy_subscriptions_rejected_total",
            "jbroker_zeromq_proxy_invalid_subscriber_messages_total",
            "jbroker_zeromq_proxy_curve_handshakes_total",
            "jbroker_zeromq_proxy_topics",
            "jbroker_zeromq_proxy_running");

    private final ZeroMqProxy proxy;

    public ZeroMqProxyCollector(ZeroMqProxy proxy) {
        this.proxy = Objects.requireNonNull(proxy, "proxy");
    }

    @Override
    public MetricSnapshots collect() {
        ZeroMqProxyMetrics m = proxy.metrics();
        Families f = new Families();
        long fromSubscribers = m.subscriptionsForwarded()
                + m.unsubscriptionsForwarded()
                + m.subscriptionsRejected()
                + m.invalidSubscriberMessages();
        f.counter("zeek_cluster_zeromq_proxy_frontend_messages_received", "Frames received from publishers.")
                .add(m.framesRelayed());
        f.counter("zeek_cluster_zeromq_proxy_frontend_bytes_received", "Bytes of the frames received from publishers.")
                .add(m.bytesRelayed());
        f.counter("zeek_cluster_zeromq_proxy_backend_messages_sent", "Frames sent to subscribers.")
                .add(m.framesRelayed());
        f.counter("zeek_cluster_zeromq_proxy_backend_bytes_sent", "Bytes of the frames sent to subscribers.")
                .add(m.bytesRelayed());
        f.counter(
                        "zeek_cluster_zeromq_proxy_backend_messages_received",
                        "Messages received from subscribers (subscriptions, unsubscriptions, invalid ones).")
                .add(fromSubscribers);
        f.counter("zeek_cluster_zeromq_proxy_frontend_messages_sent", "(Un)subscriptions passed on to publishers.")
                .add(m.subscriptionsForwarded() + m.unsubscriptionsForwarded());
        f.counter("jbroker_zeromq_proxy_messages_relayed", "Complete multipart messages relayed.")
                .add(m.messagesRelayed());
        f.counter(
                        "jbroker_zeromq_proxy_messages_relayed_lossy",
                        "Messages relayed while a subscriber was full (possibly missing there).")
                .add(m.messagesRelayedLossy());
        f.counter("jbroker_zeromq_proxy_stalls", "Times a full subscriber held the relay past the stall timeout.")
                .add(m.stalls());
        f.counter("jbroker_zeromq_proxy_subscriptions_rejected", "Subscriptions refused at the topic limit.")
                .add(m.subscriptionsRejected());
        f.counter("jbroker_zeromq_proxy_invalid_subscriber_messages", "Subscriber messages that were no subscription.")
                .add(m.invalidSubscriberMessages());
        Families.Counter curve = f.counter("jbroker_zeromq_proxy_curve_handshakes", "CURVE handshakes by outcome.");
        curve.add(io.prometheus.metrics.model.snapshots.Labels.of("outcome", "accepted"), m.curveAccepted());
        curve.add(io.prometheus.metrics.model.snapshots.Labels.of("outcome", "denied"), m.curveDenied());
        f.gauge("jbroker_zeromq_proxy_topics", "Distinct subscribed prefixes tracked.")
                .add(m.topics());
        f.gauge("jbroker_zeromq_proxy_running", "1 while the relay thread runs.")
                .add(m.running() ? 1 : 0);
        return new MetricSnapshots(f.build());
    }
}
