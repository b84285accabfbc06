package io.jbroker.kafka;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Prometheus metrics of Kafka sinks, read from {@link KafkaSinkStats} at scrape time (nothing is
 * counted per record for them), labelled {@code sink} (e.g. {@code logs}, {@code events}). Register
 * once per registry with every sink: {@code KafkaMetrics.register(registry, Map.of("logs",
 * sink::stats))}. Thread-safe.
 */
public final class KafkaMetrics implements MultiCollector {
    /** Every family name as exposed (counters with {@code _total}). */
    public static final List<String> NAMES = List.of(
            "jbroker_kafka_records_accepted_total",
            "jbroker_kafka_records_sent_total",
            "jbroker_kafka_records_acknowledged_total",
            "jbroker_kafka_records_failed_total",
            "jbroker_kafka_records_dropped_total",
            "jbroker_kafka_records_rejected_total",
            "jbroker_kafka_queued_records",
            "jbroker_kafka_in_flight_records",
            "jbroker_kafka_in_flight_bytes");

    private final Map<String, Supplier<KafkaSinkStats>> sinks;

    private KafkaMetrics(Map<String, Supplier<KafkaSinkStats>> sinks) {
        this.sinks = Map.copyOf(sinks);
    }

    /** Registers the metrics of {@code sinks} (label value to stats) in {@code registry}; returns the collector. */
    public static KafkaMetrics register(PrometheusRegistry registry, Map<String, Supplier<KafkaSinkStats>> sinks) {
        KafkaMetrics m = new KafkaMetrics(sinks);
        Objects.requireNonNull(registry, "registry").register(m);
        return m;
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder accepted = counter("jbroker_kafka_records_accepted", "Records queued for Kafka.");
        CounterSnapshot.Builder sent = counter("jbroker_kafka_records_sent", "Records handed to the Kafka producer.");
        CounterSnapshot.Builder acked =
                counter("jbroker_kafka_records_acknowledged", "Records Kafka acknowledged (acks=all by default).");
        CounterSnapshot.Builder failed =
                counter("jbroker_kafka_records_failed", "Records sent that Kafka did not acknowledge (each reported).");
        CounterSnapshot.Builder dropped = counter(
                "jbroker_kafka_records_dropped",
                "Records lost before sending: Kafka stalled past the timeout, or a stop.");
        CounterSnapshot.Builder rejected =
                counter("jbroker_kafka_records_rejected", "Records refused as invalid (bad path, topic or values).");
        GaugeSnapshot.Builder queued = gauge("jbroker_kafka_queued_records", "Records waiting for the sink's thread.");
        GaugeSnapshot.Builder inFlight =
                gauge("jbroker_kafka_in_flight_records", "Records sent and not yet acknowledged or failed.");
        GaugeSnapshot.Builder inFlightBytes = gauge("jbroker_kafka_in_flight_bytes", "Bytes of those records.");
        sinks.forEach((name, stats) -> {
            KafkaSinkStats s = stats.get();
            Labels l = Labels.of("sink", name);
            add(accepted, l, s.recordsAccepted());
            add(sent, l, s.recordsSent());
            add(acked, l, s.recordsAcknowledged());
            add(failed, l, s.recordsFailed());
            add(dropped, l, s.recordsDropped());
            add(rejected, l, s.recordsRejected());
            add(queued, l, s.queuedRecords());
            add(inFlight, l, s.inFlightRecords());
            add(inFlightBytes, l, s.inFlightBytes());
        });
        return MetricSnapshots.of(
                accepted.build(),
                sent.build(),
                acked.build(),
                failed.build(),
                dropped.build(),
                rejected.build(),
                queued.build(),
                inFlight.build(),
                inFlightBytes.build());
    }

    private static CounterSnapshot.Builder counter(String name, String help) {
        return CounterSnapshot.builder().name(name).help(help);
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    private static void add(CounterSnapshot.Builder b, Labels l, long v) {
        b.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(v).build());
    }

    private static void add(GaugeSnapshot.Builder b, Labels l, long v) {
        b.dataPoint(GaugeDataPointSnapshot.builder().labels(l).value(v).build());
    }
}
