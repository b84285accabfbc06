package io.jbroker.prometheus.internal;

import io.jbroker.logger.LogDirectoryWriter;
import io.jbroker.logger.LogWriterStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The counters of a {@link LogDirectoryWriter} ({@link LogDirectoryWriter#stats()}) and of its
 * receivers, read when scraped. Totals over every log path (the writer keeps no per-path counters).
 * Thread-safe.
 */
public final class LogWriterCollector implements MultiCollector {
    /** Every family name as exposed. */
    public static final List<String> NAMES = List.of(
            "jbroker_logger_records_accepted_total",
            "jbroker_logger_records_written_total",
            "jbroker_logger_records_dropped_total",
            "jbroker_logger_records_rejected_total",
            "jbroker_logger_batches_rejected_total",
            "jbroker_logger_malformed_total",
            "jbroker_logger_files_opened_total",
            "jbroker_logger_rotations_total",
            "jbroker_logger_queued_records");

    private final LogDirectoryWriter writer;
    private final LongSupplier malformedZeroMq;
    private final LongSupplier malformedBroker;

    /** A {@code null} receiver counter exports 0 for that transport. */
    public LogWriterCollector(LogDirectoryWriter writer, LongSupplier malformedZeroMq, LongSupplier malformedBroker) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.malformedZeroMq = malformedZeroMq == null ? () -> 0 : malformedZeroMq;
        this.malformedBroker = malformedBroker == null ? () -> 0 : malformedBroker;
    }

    @Override
    public MetricSnapshots collect() {
        LogWriterStats s = writer.stats();
        Families f = new Families();
        f.counter("jbroker_logger_records_accepted", "Log records queued for writing.")
                .add(s.recordsAccepted());
        f.counter("jbroker_logger_records_written", "Log records written (handed to the OS).")
                .add(s.recordsWritten());
        f.counter("jbroker_logger_records_dropped", "Log records lost to a stalled writer or a failed write.")
                .add(s.recordsDropped());
        f.counter("jbroker_logger_records_rejected", "Records in rejected batches.")
                .add(s.recordsRejected());
        f.counter("jbroker_logger_batches_rejected", "Batches refused (bad path, schema change, misfit values).")
                .add(s.batchesRejected());
        Families.Counter malformed =
                f.counter("jbroker_logger_malformed", "Messages that were no valid log batch, by transport.");
        malformed.add(Labels.of("transport", "zeromq"), malformedZeroMq.getAsLong());
        malformed.add(Labels.of("transport", "broker"), malformedBroker.getAsLong());
        f.counter("jbroker_logger_files_opened", "Log files created.").add(s.filesOpened());
        f.counter("jbroker_logger_rotations", "Log files rotated.").add(s.rotations());
        f.gauge("jbroker_logger_queued_records", "Records waiting for a writer thread.")
                .add(s.queuedRecords());
        return new MetricSnapshots(f.build());
    }
}
