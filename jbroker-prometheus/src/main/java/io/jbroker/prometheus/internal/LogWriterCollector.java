package io.jbroker.prometheus.internal;

import io.jbroker.logger.LogDirectoryWriter;
import io.jbroker.logger.LogPathStats;
import io.jbroker.logger.LogWriterStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The counters of a {@link LogDirectoryWriter} ({@link LogDirectoryWriter#stats()}) and of its
 * receivers, read when scraped: totals over every log path, and the same per path in the {@code
 * jbroker_logger_path_*} families (label {@code path}; at most the writer's limit of counted paths,
 * the rest under {@code path="_other"}). Thread-safe.
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
            "jbroker_logger_queued_records",
            "jbroker_logger_bytes_written_total",
            "jbroker_logger_path_records_accepted_total",
            "jbroker_logger_path_records_written_total",
            "jbroker_logger_path_bytes_written_total",
            "jbroker_logger_path_records_dropped_total",
            "jbroker_logger_path_records_rejected_total",
            "jbroker_logger_path_rotations_total");

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
        f.counter("jbroker_logger_bytes_written", "Bytes written to log files (handed to the OS).")
                .add(s.bytesWritten());
        Families.Counter accepted =
                f.counter("jbroker_logger_path_records_accepted", "Log records queued for writing, by path.");
        Families.Counter written =
                f.counter("jbroker_logger_path_records_written", "Log records written (handed to the OS), by path.");
        Families.Counter bytes = f.counter("jbroker_logger_path_bytes_written", "Bytes written to log files, by path.");
        Families.Counter dropped = f.counter(
                "jbroker_logger_path_records_dropped",
                "Log records lost to a stalled writer or a failed write, by path.");
        Families.Counter rejected =
                f.counter("jbroker_logger_path_records_rejected", "Records in rejected batches, by path.");
        Families.Counter rotations = f.counter("jbroker_logger_path_rotations", "Log files rotated, by path.");
        for (LogPathStats p : writer.pathStats()) {
            Labels l = Labels.of("path", p.path());
            accepted.add(l, p.recordsAccepted());
            written.add(l, p.recordsWritten());
            bytes.add(l, p.bytesWritten());
            dropped.add(l, p.recordsDropped());
            rejected.add(l, p.recordsRejected());
            rotations.add(l, p.rotations());
        }
        return new MetricSnapshots(f.build());
    }
}
