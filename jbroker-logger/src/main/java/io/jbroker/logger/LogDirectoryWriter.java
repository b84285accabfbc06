package io.jbroker.logger;

import io.jbroker.logger.internal.Counters;
import io.jbroker.logger.internal.SafeEvents;
import io.jbroker.logger.internal.WriterShard;
import io.jbroker.zeek.log.LogBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Writes Zeek log files into a directory, as Zeek's logger does: a file per path ({@code conn.log}),
 * created on the path's first write with the ASCII header (TSV) and closed with its {@code #close}
 * footer; rotated by interval or on demand into {@code conn.<open time>.log}.
 *
 * <p>Threading: {@link #submit} may be called from any thread; disk I/O happens only on the
 * writer's own threads (paths are spread over them by name). Per path, batches are written in the
 * order they were submitted; a rotation happens between two batches, so no record is lost or
 * written twice across it.
 *
 * <p>Overload: each writer thread queues at most {@link LogWriterConfig#maxQueuedRecords()} records.
 * A submitter waits while the queue is full and the thread keeps making progress (this is the
 * back-pressure a ZeroMQ PULL or a Broker peer feels). If the thread makes no progress for {@link
 * LogWriterConfig#stallTimeout()} (a stuck disk), the batch is dropped: counted in {@link
 * #stats()} and reported to {@link LogEvents#dropped}; further batches for that thread are then
 * dropped at once (no new wait) until it makes progress again. Memory stays bounded by the queue. Batches that cannot be written correctly
 * (a path that is not a plain file name, a schema that differs from the open file's, values that
 * do not fit the schema) are rejected, counted and reported; the writer keeps running.
 *
 * <p>{@link #close()} writes everything queued, then closes every file with its footer.
 */
public final class LogDirectoryWriter implements LogSink {
    /** What became of a submitted batch. */
    public enum Result {
        /** Queued; it will be written. */
        QUEUED,
        /** Refused as invalid (see {@link LogEvents#rejected}). */
        REJECTED,
        /** Lost to a stalled writer or a stop (see {@link LogEvents#dropped}). */
        DROPPED
    }

    private final LogWriterConfig config;
    private final SafeEvents events;
    private final Counters counters = new Counters();
    private final List<WriterShard> shards = new ArrayList<>();
    private volatile boolean closed;

    /**
     * A writer into {@code config.directory()}, created if missing; its threads start at once.
     *
     * @throws IOException if the directory cannot be created
     */
    public LogDirectoryWriter(LogWriterConfig config, LogEvents events) throws IOException {
        this.config = config;
        this.events = new SafeEvents(events);
        Files.createDirectories(config.directory());
        for (int i = 0; i < config.threads(); i++) {
            WriterShard s = new WriterShard(config, this.events, counters, "jbroker-log-writer-" + i);
            shards.add(s);
        }
        shards.forEach(WriterShard::start);
    }

    /** The settings. */
    public LogWriterConfig config() {
        return config;
    }

    /**
     * Queues {@code batch} for writing, waiting while the writer is busy but progressing.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public Result submit(LogBatch batch) throws InterruptedException {
        String path = batch.header().path();
        long n = batch.records().size();
        Optional<String> badPath = pathProblem(path);
        Optional<String> problem = badPath.or(batch::typeProblem);
        if (problem.isPresent()) {
            (badPath.isPresent() ? counters.invalidPath() : counters.path(path)).rejected(n);
            events.rejected(path, n, problem.get());
            return Result.REJECTED;
        }
        if (n == 0) {
            return Result.QUEUED;
        }
        Counters.PathCounters pc = counters.path(path);
        if (closed || !shardOf(path).submit(batch)) {
            pc.dropped(n);
            events.dropped(path, n, closed ? "writer stopped" : "writer made no progress for " + config.stallTimeout());
            return Result.DROPPED;
        }
        pc.accepted(n);
        return Result.QUEUED;
    }

    /** {@link #submit}, for the {@link LogSink} contract. */
    @Override
    public void write(LogBatch batch) throws InterruptedException {
        submit(batch);
    }

    /** Rotates every open file after what is queued now; completes when all are rotated. */
    public CompletableFuture<Void> rotate() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        shards.forEach(s -> all.add(s.rotate()));
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** The counters now. */
    public LogWriterStats stats() {
        long queued = 0;
        for (WriterShard s : shards) {
            queued += s.queuedRecords();
        }
        LogPathStats t = counters.totals().snapshot();
        return new LogWriterStats(
                t.recordsAccepted(),
                t.recordsWritten(),
                t.recordsDropped(),
                t.batchesRejected(),
                t.recordsRejected(),
                t.filesOpened(),
                t.rotations(),
                queued,
                t.bytesWritten());
    }

    /**
     * The counters per log path, sorted by path. At most {@value Counters#MAX_PATHS} paths are
     * counted one by one (paths come from the network); the rest, and batches whose path is no
     * valid file name, are counted together under {@code "_other"}.
     */
    public List<LogPathStats> pathStats() {
        return counters.snapshot();
    }

    /** Why {@code path} cannot name a log file in the directory, if it cannot. */
    static Optional<String> pathProblem(String path) {
        if (path.isEmpty() || path.startsWith(".") || path.length() > 200) {
            return Optional.of("log path \"" + path + "\" is not a plain file name");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                return Optional.of("log path \"" + path + "\" is not a plain file name");
            }
        }
        return Optional.empty();
    }

    private WriterShard shardOf(String path) {
        return shards.get(Math.floorMod(path.hashCode(), shards.size()));
    }

    /**
     * Writes what is queued, closes every file with its footer and ends the threads (waiting up to
     * 30 s for a stuck disk).
     */
    @Override
    public void close() {
        closed = true;
        shards.forEach(WriterShard::stop);
        try {
            for (WriterShard s : shards) {
                s.join(30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
