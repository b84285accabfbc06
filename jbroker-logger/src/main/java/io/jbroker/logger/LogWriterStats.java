package io.jbroker.logger;

/**
 * Counters of a {@link LogDirectoryWriter} since it started, over every path ({@link
 * LogDirectoryWriter#pathStats()} has them per path).
 *
 * @param recordsAccepted records queued for writing
 * @param recordsWritten records written to a file (handed to the OS)
 * @param recordsDropped records lost to a stalled writer or a failed write
 * @param batchesRejected batches refused (bad path, schema change, values not fitting the schema)
 * @param recordsRejected the records in those batches
 * @param filesOpened files created
 * @param rotations files rotated
 * @param queuedRecords records waiting for a writer thread now
 * @param bytesWritten bytes handed to the OS (headers and footers included)
 */
public record LogWriterStats(
        long recordsAccepted,
        long recordsWritten,
        long recordsDropped,
        long batchesRejected,
        long recordsRejected,
        long filesOpened,
        long rotations,
        long queuedRecords,
        long bytesWritten) {
    /** All zero: a writer that has not started. */
    public static final LogWriterStats NONE = new LogWriterStats(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
