package io.jbroker.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbroker.zeek.log.AsciiFormat;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogRecord;
import io.jbroker.zeek.log.ZeekType;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer stuck in a real blocking file system operation (opening a named pipe nobody reads) while
 * a sender pushes two million records: the queue stays bounded, the drops are counted and reported,
 * and a path on another writer thread keeps flowing. Once the pipe is read, everything queued is
 * written and the files get their footers.
 */
class OverloadTest {
    static final int QUEUE = 1000;

    @TempDir
    Path dir;

    /** A named pipe where the writer opens the stalled path: writes block until it is read. */
    private Path stalledFile() throws Exception {
        Path fifo = dir.resolve("stall.log");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString())
                .redirectErrorStream(true)
                .start();
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is not available");
        return fifo;
    }

    private static LogEvents countingDrops(AtomicLong dropped) {
        return new LogEvents() {
            @Override
            public void dropped(String path, long records, String reason) {
                dropped.addAndGet(records);
            }
        };
    }

    private LogWriterConfig stallConfig() {
        return LogWriterConfig.defaults(dir)
                .withAscii(AsciiFormat.zeekDefaults().withZone(ZoneOffset.UTC))
                .withQueue(QUEUE, Duration.ofMillis(300))
                .withThreads(2);
    }

    private static LogStream counted(String stream, String path) {
        return LogStream.builder(stream, path).field("n", ZeekType.COUNT).build();
    }

    @Test
    void stalledPathDropsCountedWhileOthersFlow() throws Exception {
        Path fifo = stalledFile();

        AtomicLong droppedReported = new AtomicLong();
        LogEvents events = countingDrops(droppedReported);
        LogWriterConfig config = stallConfig();
        String flowPath = otherShard("stall", 2);
        LogStream stall = counted("S::LOG", "stall");
        LogStream flow = counted("F::LOG", flowPath);
        List<LogRecord> thousand = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            thousand.add(stall.record(i));
        }
        LogBatch stallBatch = stall.batch(thousand);
        long pushed = 0;
        long maxQueued = 0;
        LogDirectoryWriter writer = new LogDirectoryWriter(config, events);
        try {
            for (int b = 0; b < 2000; b++) {
                writer.submit(stallBatch);
                pushed += 1000;
                if (b % 100 == 0) {
                    // The flowing path on the other thread is written meanwhile.
                    List<LogRecord> r = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        r.add(flow.record(b * 100L + i));
                    }
                    assertThat(writer.submit(flow.batch(r))).isEqualTo(LogDirectoryWriter.Result.QUEUED);
                }
                maxQueued = Math.max(maxQueued, writer.stats().queuedRecords());
            }
            Poll.until("the flowing path written", 20_000, () -> writer.stats().recordsWritten() == 2000);
            LogWriterStats s = writer.stats();
            assertThat(s.recordsAccepted() + s.recordsDropped()).isEqualTo(pushed + 2000);
            assertThat(s.recordsDropped()).isGreaterThanOrEqualTo(pushed - QUEUE);
            assertThat(droppedReported.get()).isEqualTo(s.recordsDropped());
            // Each of the two writer threads holds at most QUEUE records.
            assertThat(maxQueued).isLessThanOrEqualTo(2 * QUEUE);
            // Written records reach the file when the thread is idle (flushed).
            Poll.until("the flowing file flushed", 20_000, () -> Golden.file(dir.resolve(flowPath + ".log"))
                    .contains("\n190099\n"));
        } finally {
            // Unstick the writer: read the pipe to its end while the writer closes.
            AtomicLong lines = new AtomicLong();
            Thread reader = drain(fifo, lines);
            writer.close();
            reader.join(20_000);
            LogWriterStats s = writer.stats();
            // The header (8 lines), the queued records, the footer.
            assertThat(lines.get()).isEqualTo(8 + (s.recordsWritten() - 2000) + 1);
            assertThat(s.recordsWritten() - 2000 + s.recordsDropped()).isEqualTo(pushed);
        }
        assertThat(Golden.file(dir.resolve(flowPath + ".log"))).contains("\n#close\t");
    }

    /**
     * The same stall behind the ZeroMQ transport: a sender PUSHes 300 000 records to a stalled path
     * and a flowing one through the PULL socket; the queue bound holds, every record is accounted for
     * (written, or dropped and reported), and the flowing path gets all of its records.
     */
    @Test
    void stalledPathBehindZeroMqDropsCountedWhileOthersFlow() throws Exception {
        Path fifo = stalledFile();
        AtomicLong droppedReported = new AtomicLong();
        LogEvents events = countingDrops(droppedReported);
        LogWriterConfig config = stallConfig();
        String flowPath = otherShard("stall", 2);
        LogStream stall = counted("S::LOG", "stall");
        LogStream flow = counted("F::LOG", flowPath);
        int batches = 3000;
        int perBatch = 100;
        long flowRecords = 0;
        long maxQueued = 0;
        LogDirectoryWriter writer = new LogDirectoryWriter(config, events);
        ZmqLogReceiver pull = ZmqLogReceiver.bind(writer, events, "tcp://127.0.0.1:*");
        try {
            try (ZmqLogSender out = ZmqLogSender.connect(pull.endpoint(), "pusher")) {
                LogRecord[] stallRecords = new LogRecord[perBatch];
                for (int i = 0; i < perBatch; i++) {
                    stallRecords[i] = stall.record(i);
                }
                for (int b = 0; b < batches; b++) {
                    if (b % 30 == 0) {
                        out.write(flow, flow.record(flowRecords++));
                    } else {
                        out.write(stall, stallRecords);
                    }
                    if (b % 10 == 0) {
                        maxQueued = Math.max(maxQueued, writer.stats().queuedRecords());
                    }
                }
            }
            long pushed = (batches - flowRecords) * perBatch + flowRecords;
            long messages = batches;
            Poll.until("every message received", 30_000, () -> pull.receivedCount() == messages);
            Poll.until("every record accounted for", 30_000, () -> {
                LogWriterStats s = writer.stats();
                return s.recordsAccepted() + s.recordsDropped() == pushed;
            });
            long flowed = flowRecords;
            Poll.until("the flowing path written", 20_000, () -> writer.stats().recordsWritten() == flowed);
            LogWriterStats s = writer.stats();
            assertThat(s.recordsDropped()).isGreaterThan(0);
            assertThat(droppedReported.get()).isEqualTo(s.recordsDropped());
            assertThat(maxQueued).isLessThanOrEqualTo(2 * QUEUE);
            assertThat(s.queuedRecords()).isLessThanOrEqualTo(QUEUE);
            assertThat(pull.malformedCount()).isZero();
        } finally {
            pull.close();
            AtomicLong lines = new AtomicLong();
            Thread reader = drain(fifo, lines);
            writer.close();
            reader.join(20_000);
        }
        LogWriterStats s = writer.stats();
        assertThat(s.recordsWritten() + s.recordsDropped()).isEqualTo((batches - flowRecords) * perBatch + flowRecords);
        String flowText = Golden.file(dir.resolve(flowPath + ".log"));
        assertThat(flowText).contains("\n" + (flowRecords - 1) + "\n#close\t");
    }

    /**
     * A disk that fails every write ({@code full.log} is /dev/full: ENOSPC, as a full disk): the
     * records are dropped, counted and reported, including those still buffered when the write
     * failed, and a path on the same writer thread and one on another keep flowing.
     */
    @Test
    void failingDiskDropsCountedWhileOthersFlow() throws Exception {
        Path devFull = Path.of("/dev/full");
        assumeTrue(Files.isWritable(devFull), "/dev/full is not available");
        Files.createSymbolicLink(dir.resolve("full.log"), devFull);
        AtomicLong droppedReported = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        LogEvents events = new LogEvents() {
            @Override
            public void dropped(String path, long records, String reason) {
                assertThat(path).isEqualTo("full");
                droppedReported.addAndGet(records);
            }

            @Override
            public void error(String path, Path file, Exception cause) {
                errors.incrementAndGet();
            }
        };
        LogWriterConfig config = LogWriterConfig.defaults(dir)
                .withAscii(AsciiFormat.zeekDefaults().withZone(ZoneOffset.UTC))
                .withQueue(QUEUE, Duration.ofSeconds(10))
                .withThreads(2);
        String other = otherShard("full", 2);
        String same = sameShard("full", 2);
        LogStream full =
                LogStream.builder("D::LOG", "full").field("n", ZeekType.COUNT).build();
        LogStream a =
                LogStream.builder("A::LOG", other).field("n", ZeekType.COUNT).build();
        LogStream b =
                LogStream.builder("B::LOG", same).field("n", ZeekType.COUNT).build();
        long pushed = 0;
        try (LogDirectoryWriter writer = new LogDirectoryWriter(config, events)) {
            for (int i = 0; i < 2000; i++) {
                List<LogRecord> r = new ArrayList<>();
                for (int k = 0; k < 100; k++) {
                    r.add(full.record(i * 100L + k));
                }
                assertThat(writer.submit(full.batch(r))).isEqualTo(LogDirectoryWriter.Result.QUEUED);
                pushed += 100;
                if (i % 100 == 0) {
                    writer.submit(a.batch(List.of(a.record(i))));
                    writer.submit(b.batch(List.of(b.record(i))));
                }
            }
            Poll.until("every record accounted for", 30_000, () -> {
                LogWriterStats s = writer.stats();
                return s.queuedRecords() == 0 && s.recordsWritten() + s.recordsDropped() == s.recordsAccepted();
            });
            LogWriterStats s = writer.stats();
            assertThat(s.recordsAccepted()).isEqualTo(pushed + 40);
            assertThat(s.recordsDropped()).isEqualTo(pushed);
            assertThat(s.recordsWritten()).isEqualTo(40);
            assertThat(droppedReported.get()).isEqualTo(pushed);
            assertThat(errors.get()).isGreaterThan(0);
        }
        assertThat(Golden.file(dir.resolve(other + ".log"))).contains("\n1900\n#close\t");
        assertThat(Golden.file(dir.resolve(same + ".log"))).contains("\n1900\n#close\t");
    }

    /** Reads the pipe to its end on a new thread, counting lines. */
    static Thread drain(Path fifo, AtomicLong lines) {
        Thread reader = new Thread(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                byte[] buf = new byte[65536];
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines.incrementAndGet();
                        }
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        return reader;
    }

    /** A path name that the writer puts on the same thread as {@code path}. */
    static String sameShard(String path, int threads) {
        for (int i = 0; ; i++) {
            String candidate = "same" + i;
            if (Math.floorMod(candidate.hashCode(), threads) == Math.floorMod(path.hashCode(), threads)) {
                return candidate;
            }
        }
    }

    /** A path name that the writer puts on another thread than {@code path}. */
    static String otherShard(String path, int threads) {
        for (int i = 0; ; i++) {
            String candidate = "flow" + i;
            if (Math.floorMod(candidate.hashCode(), threads) != Math.floorMod(path.hashCode(), threads)) {
                return candidate;
            }
        }
    }
}
