package io.jbroker.logger.internal;

import io.jbroker.logger.LogOutput;
import io.jbroker.logger.LogWriterConfig;
import io.jbroker.zeek.LogField;
import io.jbroker.zeek.log.AsciiFormat;
import io.jbroker.zeek.log.ByteSink;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer thread and its bounded queue: the files of the paths assigned to it, written in the
 * order their batches were queued. Submitters wait while the queue is full and the thread makes
 * progress; after the stall timeout without progress the batch is dropped.
 */
public final class WriterShard implements Runnable {
    private sealed interface Command permits Write, Rotate, Stop {}

    private record Write(LogBatch batch) implements Command {}

    private record Rotate(CompletableFuture<Void> done) implements Command {}

    private record Stop() implements Command {}

    private static final class OpenLog {
        final String path;
        final Path file;
        final List<LogField> fields;
        final Instant opened;
        final OutputStream out;
        final boolean special;
        final Counters.PathCounters counters;
        /** Bytes in {@link #out}'s buffer. */
        int buffered;
        /** Records in {@link #out}'s buffer: written once flushed, dropped if the flush fails. */
        long unflushed;

        OpenLog(
                String path,
                Path file,
                List<LogField> fields,
                Instant opened,
                OutputStream out,
                boolean special,
                Counters.PathCounters counters) {
            this.path = path;
            this.counters = counters;
            this.file = file;
            this.fields = fields;
            this.opened = opened;
            this.out = out;
            this.special = special;
        }
    }

    private static final int BUFFER_BYTES = 1 << 16;

    private final LogWriterConfig config;
    private final SafeEvents events;
    private final Counters counters;
    private final DateTimeFormatter rotationStamp;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Command> queue = new ArrayDeque<>();
    private final Map<String, OpenLog> open = new LinkedHashMap<>();
    private final ByteSink line = new ByteSink(4096);
    private final AsciiFormat.Printer printer;
    private final Thread thread;
    private long queuedRecords;
    private long progress;
    /** The progress count at which a submitter last timed out, -1 if none. */
    private long stalledAt = -1;

    private boolean stopping;
    private long nextRotationMillis;

    public WriterShard(LogWriterConfig config, SafeEvents events, Counters counters, String name) {
        this.config = config;
        this.events = events;
        this.counters = counters;
        this.rotationStamp = DateTimeFormatter.ofPattern(config.rotationDatePattern());
        this.printer = config.ascii().printer();
        this.nextRotationMillis = nextRotation(config.clock().millis());
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Records waiting. */
    public long queuedRecords() {
        lock.lock();
        try {
            return queuedRecords;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues {@code batch}, waiting while the queue is full and the thread progresses.
     *
     * @return false if the batch was not queued (stalled writer or stopping)
     */
    public boolean submit(LogBatch batch) throws InterruptedException {
        long n = batch.records().size();
        long stallNanos = config.stallTimeout().toNanos();
        lock.lockInterruptibly();
        try {
            long seen = progress;
            long waitNanos = stallNanos;
            while (!stopping && queuedRecords > 0 && queuedRecords + n > config.maxQueuedRecords()) {
                if (stalledAt == progress) {
                    // Known to be stuck since the last timeout: drop at once instead of waiting again.
                    return false;
                }
                if (waitNanos <= 0) {
                    if (progress == seen) {
                        stalledAt = progress;
                        return false;
                    }
                    seen = progress;
                    waitNanos = stallNanos;
                }
                waitNanos = notFull.awaitNanos(waitNanos);
            }
            if (stopping) {
                return false;
            }
            queue.add(new Write(batch));
            queuedRecords += n;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Queues a rotation of every open file; completes once done. */
    public CompletableFuture<Void> rotate() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (stopping) {
                done.complete(null);
            } else {
                queue.add(new Rotate(done));
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        return done;
    }

    /** Asks the thread to write what is queued, close every file with its footer and end. */
    public void stop() {
        lock.lock();
        try {
            if (!stopping) {
                stopping = true;
                queue.add(new Stop());
                notEmpty.signal();
                notFull.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the thread to end. */
    public boolean join(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    public void run() {
        try {
            while (true) {
                Command c = take();
                if (c == null) {
                    rotateIfDue();
                    continue;
                }
                try {
                    if (c instanceof Write w) {
                        write(w.batch());
                    } else if (c instanceof Rotate r) {
                        rotateAll();
                        r.done().complete(null);
                    } else if (c instanceof Stop) {
                        closeAll();
                        return;
                    }
                    rotateIfDue();
                } catch (RuntimeException e) {
                    // Never let one command end the thread: its queue would never drain again.
                    events.error("", config.directory(), e);
                    if (c instanceof Rotate r) {
                        r.done().complete(null);
                    }
                }
                boolean idle;
                lock.lock();
                try {
                    progress++;
                    if (c instanceof Write w) {
                        queuedRecords -= w.batch().records().size();
                    }
                    notFull.signalAll();
                    idle = queue.isEmpty();
                } finally {
                    lock.unlock();
                }
                if (idle) {
                    flushAll();
                }
            }
        } catch (InterruptedException e) {
            closeAll();
        }
    }

    /** The next command, or null when a rotation is due first. */
    private Command take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                if (nextRotationMillis == Long.MAX_VALUE) {
                    notEmpty.await();
                } else {
                    long wait = nextRotationMillis - config.clock().millis();
                    if (wait <= 0) {
                        return null;
                    }
                    notEmpty.await(Math.min(wait, 1000), TimeUnit.MILLISECONDS);
                }
            }
            return queue.poll();
        } finally {
            lock.unlock();
        }
    }

    private long nextRotation(long nowMillis) {
        long interval = config.rotationInterval().toMillis();
        if (interval <= 0) {
            return Long.MAX_VALUE;
        }
        return (Math.floorDiv(nowMillis, interval) + 1) * interval;
    }

    private void rotateIfDue() {
        long now = config.clock().millis();
        if (now >= nextRotationMillis) {
            rotateAll();
            nextRotationMillis = nextRotation(now);
        }
    }

    private void write(LogBatch batch) {
        String path = batch.header().path();
        OpenLog log = open.get(path);
        if (log != null && !log.fields.equals(batch.header().fields())) {
            log.counters.rejected(batch.records().size());
            events.rejected(
                    path, batch.records().size(), "schema differs from the open file " + log.file.getFileName());
            return;
        }
        int done = 0;
        try {
            if (log == null) {
                log = openLog(path, batch.header().fields());
            }
            for (LogRecord r : batch.records()) {
                line.reset();
                if (config.output() == LogOutput.TSV) {
                    printer.record(line, r);
                } else {
                    config.json().record(line, log.fields, r);
                }
                append(log);
                log.unflushed++;
                done++;
            }
        } catch (IOException | RuntimeException e) {
            // What is still buffered is lost with the file, as is the rest of the batch.
            long lost = (log == null ? 0 : log.unflushed) + batch.records().size() - done;
            counters.path(path).dropped(lost);
            events.dropped(path, lost, "write failed: " + e);
            if (log != null) {
                log.unflushed = 0;
                events.error(path, log.file, e instanceof IOException io ? io : new IOException(e));
                abandon(log);
            }
        }
    }

    private OpenLog openLog(String path, List<LogField> fields) throws IOException {
        Path file = config.directory().resolve(path + ".log");
        Counters.PathCounters pathCounters = counters.path(path);
        Instant now = config.clock().instant();
        boolean special = Files.exists(file) && !Files.isRegularFile(file);
        if (!special && Files.exists(file)) {
            // A file left by an earlier run: moved aside under its modification time, never overwritten.
            Path aside = rotatedName(path, Files.getLastModifiedTime(file).toInstant());
            Files.move(file, aside);
            pathCounters.rotated();
            events.rotated(path, file, aside);
        }
        // A special file (a named pipe to a shipper, a device) is written as it is and never rotated.
        OutputStream out = new BufferedOutputStream(
                special
                        ? Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                        : Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                BUFFER_BYTES);
        OpenLog log = new OpenLog(path, file, fields, now, out, special, pathCounters);
        if (config.output() == LogOutput.TSV) {
            line.reset();
            config.ascii().header(line, path, fields, now);
            append(log);
        }
        open.put(path, log);
        pathCounters.opened();
        events.opened(path, file);
        return log;
    }

    private Path rotatedName(String path, Instant opened) {
        String stamp = rotationStamp.format(opened.atZone(config.ascii().zone()));
        Path target = config.directory().resolve(path + "." + stamp + ".log");
        for (int i = 1; Files.exists(target); i++) {
            target = config.directory().resolve(path + "." + stamp + "-" + i + ".log");
        }
        return target;
    }

    /**
     * Appends {@link #line} to the file's buffer, handing the buffer to the OS first if the line does
     * not fit: the buffer is only ever written out here and in {@link #flush}, so {@code unflushed}
     * counts exactly the records a failure loses.
     */
    private void append(OpenLog log) throws IOException {
        if (log.buffered > 0 && log.buffered + line.size() > BUFFER_BYTES) {
            flush(log);
        }
        line.writeTo(log.out);
        log.buffered += line.size();
    }

    private void flush(OpenLog log) throws IOException {
        log.out.flush();
        log.counters.written(log.unflushed, log.buffered);
        log.buffered = 0;
        log.unflushed = 0;
    }

    /** Counts the records still buffered in {@code log} as dropped, after a failure. */
    private void lose(OpenLog log, String reason) {
        if (log.unflushed > 0) {
            log.counters.dropped(log.unflushed);
            events.dropped(log.path, log.unflushed, reason);
            log.unflushed = 0;
        }
    }

    private boolean finish(OpenLog log) {
        try {
            if (config.output() == LogOutput.TSV) {
                line.reset();
                config.ascii().footer(line, config.clock().instant());
                append(log);
            }
            flush(log);
            log.out.close();
            return true;
        } catch (IOException e) {
            lose(log, "write failed: " + e);
            events.error(log.path, log.file, e);
            try {
                log.out.close();
            } catch (IOException ignored) {
                // reported above
            }
            return false;
        }
    }

    private void abandon(OpenLog log) {
        open.remove(log.path);
        try {
            log.out.close();
        } catch (IOException ignored) {
            // already reported
        }
    }

    private void rotateAll() {
        for (OpenLog log : List.copyOf(open.values())) {
            if (log.special) {
                continue;
            }
            open.remove(log.path);
            finish(log);
            try {
                Path target = rotatedName(log.path, log.opened);
                Files.move(log.file, target);
                log.counters.rotated();
                events.rotated(log.path, log.file, target);
            } catch (IOException e) {
                events.error(log.path, log.file, e);
            }
        }
    }

    private void flushAll() {
        for (OpenLog log : List.copyOf(open.values())) {
            try {
                flush(log);
            } catch (IOException e) {
                lose(log, "write failed: " + e);
                events.error(log.path, log.file, e);
                abandon(log);
            }
        }
    }

    private void closeAll() {
        for (OpenLog log : List.copyOf(open.values())) {
            open.remove(log.path);
            if (finish(log)) {
                events.closed(log.path, log.file);
            }
        }
    }
}
