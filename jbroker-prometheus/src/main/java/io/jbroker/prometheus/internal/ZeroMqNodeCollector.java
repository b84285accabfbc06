package io.jbroker.prometheus.internal;

import io.jbroker.zeromq.MalformedKind;
import io.jbroker.zeromq.ZeroMqNode;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The counters of one {@link ZeroMqNode}, read when scraped (nothing is counted per message here).
 * Zeek's own name where Zeek has one ({@code zeek_cluster_zeromq_msg_errors_total}, with a {@code
 * kind} label jbroker adds), else {@code jbroker_zeromq_*}; every family has the label {@code
 * node_id}. The node's link into the hub (buffer, drops, back-pressure) is part of the endpoint's
 * per-peer metrics. Thread-safe.
 */
public final class ZeroMqNodeCollector implements MultiCollector {
    /** Every family name as exposed. */
    public static final List<String> NAMES = List.of(
            "zeek_cluster_zeromq_msg_errors_total",
            "jbroker_zeromq_received_total",
            "jbroker_zeromq_sent_total",
            "jbroker_zeromq_own_echoes_total",
            "jbroker_zeromq_unwanted_total",
            "jbroker_zeromq_send_waits_total",
            "jbroker_zeromq_lost_resumes_total",
            "jbroker_zeromq_loop_errors_total",
            "jbroker_zeromq_subscription_messages_total",
            "jbroker_zeromq_cluster_subscriptions",
            "jbroker_zeromq_ready");

    private final ZeroMqNode node;

    public ZeroMqNodeCollector(ZeroMqNode node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    @Override
    public MetricSnapshots collect() {
        Families f = new Families();
        Labels id = Labels.of("node_id", node.nodeId());
        Families.Counter errors = f.counter(
                "zeek_cluster_zeromq_msg_errors", "Malformed messages received and dropped, by what was wrong.");
        for (MalformedKind k : MalformedKind.values()) {
            errors.add(id.add("kind", k.name().toLowerCase(Locale.ROOT)), node.malformedCount(k));
        }
        f.counter("jbroker_zeromq_received", "Event messages accepted from the XSUB.")
                .add(id, node.receivedCount());
        f.counter("jbroker_zeromq_sent", "Event messages handed to the XPUB.").add(id, node.sentCount());
        f.counter("jbroker_zeromq_own_echoes", "Own messages that came back and were dropped.")
                .add(id, node.ownEchoCount());
        f.counter("jbroker_zeromq_unwanted", "Messages queued before ready-to-publish that no subscription wanted.")
                .add(id, node.unwantedCount());
        f.counter(
                        "jbroker_zeromq_send_waits",
                        "Times a send found the XPUB at its high-water mark and waited (Zeek would drop).")
                .add(id, node.sendWaitCount());
        f.counter("jbroker_zeromq_lost_resumes", "Times the node was found paused after the hub had resumed it.")
                .add(id, node.lostResumeCount());
        f.counter("jbroker_zeromq_loop_errors", "Errors caught in the node's I/O loop (the loop went on).")
                .add(id, node.loopErrorCount());
        f.counter("jbroker_zeromq_subscription_messages", "Subscription and unsubscription messages read.")
                .add(id, node.subscriptionMessageCount());
        f.gauge("jbroker_zeromq_cluster_subscriptions", "Prefixes the cluster subscribes to, as learned.")
                .add(id, node.clusterTopics().size());
        f.gauge("jbroker_zeromq_ready", "1 once the node is ready to publish, else 0.")
                .add(id, node.isReady() ? 1 : 0);
        return new MetricSnapshots(f.build());
    }
}
