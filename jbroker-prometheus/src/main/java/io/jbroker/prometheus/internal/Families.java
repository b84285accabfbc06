package io.jbroker.prometheus.internal;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the metric families of one scrape: each family is declared once with its name (counters
 * without the {@code _total} the exposition adds), help and type, then gets its data points.
 * Confined to the scraping thread.
 */
final class Families {
    private final List<CounterSnapshot.Builder> counters = new ArrayList<>();
    private final List<GaugeSnapshot.Builder> gauges = new ArrayList<>();

    /** A counter family; {@code name} without {@code _total}. */
    Counter counter(String name, String help) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        counters.add(b);
        return (labels, value) -> b.dataPoint(
                CounterDataPointSnapshot.builder().labels(labels).value(value).build());
    }

    Gauge gauge(String name, String help) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        gauges.add(b);
        return (labels, value) -> b.dataPoint(
                GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
    }

    List<MetricSnapshot> build() {
        List<MetricSnapshot> out = new ArrayList<>(counters.size() + gauges.size());
        for (CounterSnapshot.Builder b : counters) {
            out.add(b.build());
        }
        for (GaugeSnapshot.Builder b : gauges) {
            out.add(b.build());
        }
        return out;
    }

    /** Adds data points to a counter family. */
    @FunctionalInterface
    interface Counter {
        void add(Labels labels, double value);

        default void add(double value) {
            add(Labels.EMPTY, value);
        }
    }

    /** Adds data points to a gauge family. */
    @FunctionalInterface
    interface Gauge {
        void add(Labels labels, double value);

        default void add(double value) {
            add(Labels.EMPTY, value);
        }
    }
}
