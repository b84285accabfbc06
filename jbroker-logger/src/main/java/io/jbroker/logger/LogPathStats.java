package io.jbroker.logger;

/**
 * Counters of one log path of a {@link LogDirectoryWriter} since it started ({@link
 * LogDirectoryWriter#pathStats()}), or of all paths together ({@link LogDirectoryWriter#stats()}).
 *
 * @param path the log path ({@code conn}); {@code "_other"} for paths past the writer's limit of
 *     counted paths and for batches whose path is no valid file name; empty for the totals
 * @param recordsAccepted records queued for writing
 * @param recordsWritten records written to a file (handed to the OS)
 * @param bytesWritten bytes handed to the OS (headers and footers included)
 * @param recordsDropped records lost to a stalled writer or a failed write
 * @param batchesRejected batches refused (bad path, schema change, values not fitting the schema)
 * @param recordsRejected the records in those batches
 * @param filesOpened files created
 * @param rotations files rotated
 */
public record LogPathStats(
        String path,
        long recordsAccepted,
        long recordsWritten,
        long bytesWritten,
        long recordsDropped,
        long batchesRejected,
        long recordsRejected,
        long filesOpened,
        long rotations) {}
