package io.jbroker.logger.internal;

import io.jbroker.logger.LogPathStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters shared by a writer's threads: one {@link PathCounters} per log path, each also
 * adding to the writer's totals. At most {@link #MAX_PATHS} paths get counters of their own (paths
 * come from the network); further paths, and batches whose path is no valid file name, are counted
 * under {@link #OTHER_PATHS}. Thread-safe; a writer looks a path up once per batch or per open file,
 * never per record.
 */
public final class Counters {
    /** Paths counted one by one; the rest share {@link #OTHER_PATHS}. */
    public static final int MAX_PATHS = 1000;
    /** The path label of what is not counted under a path of its own. */
    public static final String OTHER_PATHS = "_other";

    private final PathCounters totals = new PathCounters("", null);
    private final PathCounters other = new PathCounters(OTHER_PATHS, totals);
    private final ConcurrentHashMap<String, PathCounters> paths = new ConcurrentHashMap<>();

    /** The writer's totals over every path. */
    public PathCounters totals() {
        return totals;
    }

    /** The counters of {@code path}, or of {@link #OTHER_PATHS} past {@link #MAX_PATHS}. */
    public PathCounters path(String path) {
        PathCounters c = paths.get(path);
        if (c != null) {
            return c;
        }
        if (paths.size() >= MAX_PATHS) {
            return other;
        }
        return paths.computeIfAbsent(path, p -> new PathCounters(p, totals));
    }

    /** The counters of batches refused before they had a valid path. */
    public PathCounters invalidPath() {
        return other;
    }

    /** A snapshot per path (the shared {@link #OTHER_PATHS} last, if it counted anything). */
    public List<LogPathStats> snapshot() {
        List<LogPathStats> out = new ArrayList<>(paths.size() + 1);
        paths.values().forEach(c -> out.add(c.snapshot()));
        out.sort((a, b) -> a.path().compareTo(b.path()));
        LogPathStats o = other.snapshot();
        if (o.recordsAccepted() + o.recordsRejected() + o.batchesRejected() + o.recordsDropped() > 0) {
            out.add(o);
        }
        return List.copyOf(out);
    }

    /** The counters of one path; every addition also goes to the totals. */
    public static final class PathCounters {
        private final String path;
        private final PathCounters totals;
        private final AtomicLong accepted = new AtomicLong();
        private final AtomicLong written = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();
        private final AtomicLong batchesRejected = new AtomicLong();
        private final AtomicLong recordsRejected = new AtomicLong();
        private final AtomicLong opened = new AtomicLong();
        private final AtomicLong rotations = new AtomicLong();

        PathCounters(String path, PathCounters totals) {
            this.path = path;
            this.totals = totals;
        }

        public void accepted(long records) {
            accepted.addAndGet(records);
            if (totals != null) {
                totals.accepted(records);
            }
        }

        /** Records and bytes handed to the OS. */
        public void written(long records, long byteCount) {
            written.addAndGet(records);
            bytes.addAndGet(byteCount);
            if (totals != null) {
                totals.written(records, byteCount);
            }
        }

        public void dropped(long records) {
            dropped.addAndGet(records);
            if (totals != null) {
                totals.dropped(records);
            }
        }

        /** One batch of {@code records} records refused. */
        public void rejected(long records) {
            batchesRejected.incrementAndGet();
            recordsRejected.addAndGet(records);
            if (totals != null) {
                totals.rejected(records);
            }
        }

        public void opened() {
            opened.incrementAndGet();
            if (totals != null) {
                totals.opened();
            }
        }

        public void rotated() {
            rotations.incrementAndGet();
            if (totals != null) {
                totals.rotated();
            }
        }

        public LogPathStats snapshot() {
            return new LogPathStats(
                    path,
                    accepted.get(),
                    written.get(),
                    bytes.get(),
                    dropped.get(),
                    batchesRejected.get(),
                    recordsRejected.get(),
                    opened.get(),
                    rotations.get());
        }
    }
}
