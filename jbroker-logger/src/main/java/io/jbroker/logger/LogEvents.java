package io.jbroker.logger;

import java.nio.file.Path;

/**
 * What a {@link LogDirectoryWriter} reports: files opened, rotated and closed, batches rejected,
 * records dropped, I/O errors. Called on the writer's threads (and, for rejections and drops at
 * submission, on the submitting thread); implementations must be quick and thread-safe. An exception
 * thrown here is caught and ignored.
 */
public interface LogEvents {
    /** A log file was created, e.g. {@code conn.log}. */
    default void opened(String path, Path file) {}

    /** {@code file} got its footer and was renamed to {@code rotatedTo}. */
    default void rotated(String path, Path file, Path rotatedTo) {}

    /** {@code file} got its footer and was closed (at stop). */
    default void closed(String path, Path file) {}

    /** A batch was refused: bad path, schema change, values that do not fit the schema. */
    default void rejected(String path, long records, String reason) {}

    /** Records were lost: the writer made no progress for the stall timeout, or a write failed. */
    default void dropped(String path, long records, String reason) {}

    /** A message from {@code source} that is no valid log batch; it was counted and skipped. */
    default void malformed(String source, String reason) {}

    /** An I/O failure on {@code file}. */
    default void error(String path, Path file, Exception cause) {}

    /** Events that are not reported anywhere. */
    LogEvents NONE = new LogEvents() {};
}
