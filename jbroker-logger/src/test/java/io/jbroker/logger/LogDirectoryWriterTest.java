package io.jbroker.logger;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.zeek.LogField;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogBatchCodec;
import io.jbroker.zeek.log.LogCaptures;
import io.jbroker.zeek.log.LogHeader;
import io.jbroker.zeek.log.LogRecord;
import io.jbroker.zeek.log.LogValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDirectoryWriterTest {
    @TempDir
    Path dir;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    final LogEvents recording = new LogEvents() {
        @Override
        public void opened(String path, Path file) {
            events.add("opened " + file.getFileName());
        }

        @Override
        public void rotated(String path, Path file, Path rotatedTo) {
            events.add("rotated " + file.getFileName() + " " + rotatedTo.getFileName());
        }

        @Override
        public void closed(String path, Path file) {
            events.add("closed " + file.getFileName());
        }

        @Override
        public void rejected(String path, long records, String reason) {
            events.add("rejected " + path + " " + records + " " + reason);
        }

        @Override
        public void dropped(String path, long records, String reason) {
            events.add("dropped " + path + " " + records);
        }
    };

    LogWriterConfig config() {
        return LogWriterConfig.defaults(dir)
                .withAscii(io.jbroker.zeek.log.AsciiFormat.zeekDefaults().withZone(ZoneOffset.UTC));
    }

    @Test
    void capturedBatchesGiveZeeksFiles() throws Exception {
        try (LogDirectoryWriter w = new LogDirectoryWriter(config(), recording)) {
            for (LogCaptures.Captured c : Golden.interopAndTypes()) {
                assertThat(w.submit(LogBatchCodec.decode(c.payload()))).isEqualTo(LogDirectoryWriter.Result.QUEUED);
            }
        }
        assertThat(Golden.normalize(Golden.file(dir.resolve("interop.log"))))
                .isEqualTo(Golden.normalize(Golden.resource("/interop/zeek/zeromq-2/logger-output/interop.log")));
        assertThat(Golden.normalize(Golden.file(dir.resolve("jbroker_types.log"))))
                .isEqualTo(Golden.normalize(Golden.resource("/interop/zeek/zeromq/logger-output/jbroker_types.log")));
        assertThat(events)
                .containsExactlyInAnyOrder(
                        "opened interop.log",
                        "opened jbroker_types.log",
                        "closed interop.log",
                        "closed jbroker_types.log");
    }

    @Test
    void capturedBatchesGiveZeeksJsonFiles() throws Exception {
        try (LogDirectoryWriter w = new LogDirectoryWriter(config().withOutput(LogOutput.JSON), recording)) {
            for (LogCaptures.Captured c : Golden.interopAndTypes()) {
                w.submit(LogBatchCodec.decode(c.payload()));
            }
        }
        assertThat(Golden.file(dir.resolve("interop.log")))
                .isEqualTo(Golden.resource("/interop/zeek/zeromq-2/logger-output/json/interop.log"));
        assertThat(Golden.file(dir.resolve("jbroker_types.log")))
                .isEqualTo(Golden.resource("/interop/zeek/zeromq/logger-output/json/jbroker_types.log"));
    }

    static final LogHeader SEQ = LogHeader.of("Seq::LOG", "seq", List.of(new LogField("n", 3, 0, false)));

    static LogBatch seq(String path, long from, int count) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(LogRecord.of(LogValue.count(from + i)));
        }
        return new LogBatch(new LogHeader("Seq::LOG", "Log::WRITER_ASCII", "default", path, SEQ.fields()), records);
    }

    /** The numbers in the files of {@code path}: the rotated ones in rotation order, then the open one. */
    static List<Long> numbers(Path dir, String path, List<String> events) throws Exception {
        List<Path> files = new ArrayList<>();
        synchronized (events) {
            for (String e : events) {
                String[] parts = e.split(" ");
                if (parts[0].equals("rotated") && parts[1].equals(path + ".log")) {
                    files.add(dir.resolve(parts[2]));
                }
            }
        }
        if (Files.exists(dir.resolve(path + ".log"))) {
            files.add(dir.resolve(path + ".log"));
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith(path + ".")))
                    .hasSameSizeAs(files);
        }
        List<Long> out = new ArrayList<>();
        for (Path f : files) {
            String text = Golden.file(f);
            assertThat(text).as(f.toString()).startsWith("#separator").contains("\n#close\t");
            for (String line : text.split("\n")) {
                if (!line.startsWith("#")) {
                    out.add(Long.parseLong(line));
                }
            }
        }
        return out;
    }

    @Test
    void rotationOnDemandLosesAndRepeatsNothing() throws Exception {
        try (LogDirectoryWriter w = new LogDirectoryWriter(config(), recording)) {
            w.submit(seq("a", 0, 10));
            w.rotate().get(10, TimeUnit.SECONDS);
            w.submit(seq("a", 10, 10));
            w.rotate().get(10, TimeUnit.SECONDS);
            w.submit(seq("a", 20, 5));
        }
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 25; i++) {
            expected.add(i);
        }
        assertThat(numbers(dir, "a", events)).isEqualTo(expected);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .hasSize(3)
                    .allMatch(n -> n.equals("a.log")
                            || n.matches("a\\.\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d(-\\d+)?\\.log"));
        }
        assertThat(events.stream().filter(e -> e.startsWith("rotated"))).hasSize(2);
    }

    @Test
    void badBatchesAreRejectedCountedAndTheWriterGoesOn() throws Exception {
        LogDirectoryWriter w = new LogDirectoryWriter(config(), recording);
        try {
            assertThat(w.submit(seq("../escape", 0, 1))).isEqualTo(LogDirectoryWriter.Result.REJECTED);
            assertThat(w.submit(seq(".hidden", 0, 1))).isEqualTo(LogDirectoryWriter.Result.REJECTED);
            LogBatch wrongType = new LogBatch(
                    new LogHeader("Seq::LOG", "Log::WRITER_ASCII", "default", "b", SEQ.fields()),
                    List.of(LogRecord.of(LogValue.string("x"))));
            assertThat(w.submit(wrongType)).isEqualTo(LogDirectoryWriter.Result.REJECTED);
            w.submit(seq("b", 0, 2));
            // A schema change mid-stream: refused while b.log is open with the old schema.
            LogBatch changed = new LogBatch(
                    LogHeader.of(
                            "Seq::LOG", "b", List.of(new LogField("n", 3, 0, false), new LogField("m", 3, 0, false))),
                    List.of(LogRecord.of(LogValue.count(9), LogValue.count(9))));
            w.submit(changed);
            w.submit(seq("b", 2, 2));
            w.rotate().get(10, TimeUnit.SECONDS);
            // After a rotation the new schema opens a new file.
            assertThat(w.submit(changed)).isEqualTo(LogDirectoryWriter.Result.QUEUED);
        } finally {
            w.close();
        }
        LogWriterStats stats = w.stats();
        assertThat(stats.batchesRejected()).isEqualTo(4);
        assertThat(stats.recordsWritten()).isEqualTo(5);
        assertThat(stats.recordsDropped()).isZero();
        assertThat(events).anyMatch(e -> e.startsWith("rejected ../escape 1 log path"));
        assertThat(events)
                .anyMatch(e -> e.startsWith("rejected b 1 record 0 field n: a string value in a count field"));
        assertThat(events).anyMatch(e -> e.startsWith("rejected b 1 schema differs from the open file b.log"));
        assertThat(Golden.file(dir.resolve("b.log")))
                .contains("#fields\tn\tm\n")
                .contains("\n9\t9\n");
        assertThat(dir.getParent().resolve("escape.log")).doesNotExist();
    }

    /** A clock the test moves. */
    static final class TestClock extends java.time.Clock {
        final java.util.concurrent.atomic.AtomicLong millis;

        TestClock(java.time.Instant start) {
            millis = new java.util.concurrent.atomic.AtomicLong(start.toEpochMilli());
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void intervalRotationNamesFilesByTheirOpenTimeAsZeekDoes() throws Exception {
        TestClock clock = new TestClock(java.time.Instant.parse("2026-12-02T13:59:59.500Z"));
        LogWriterConfig c = config().withClock(clock).withRotationInterval(java.time.Duration.ofHours(1));
        try (LogDirectoryWriter w = new LogDirectoryWriter(c, recording)) {
            w.submit(seq("conn", 0, 3));
            Poll.until("conn.log opened", 10_000, () -> Files.exists(dir.resolve("conn.log")));
            clock.millis.set(java.time.Instant.parse("2026-12-02T14:00:00.000Z").toEpochMilli());
            Poll.until("the 14:00 rotation", 10_000, () -> Files.exists(dir.resolve("conn.2026-12-02-13-59-59.log")));
            w.submit(seq("conn", 3, 3));
            Poll.until("conn.log opened again", 10_000, () -> Files.exists(dir.resolve("conn.log")));
            clock.millis.set(java.time.Instant.parse("2026-12-02T15:00:00.250Z").toEpochMilli());
            try {
                Poll.until(
                        "the 15:00 rotation", 10_000, () -> Files.exists(dir.resolve("conn.2026-12-02-14-00-00.log")));
            } catch (AssertionError e) {
                try (Stream<Path> s = Files.list(dir)) {
                    throw new AssertionError(events + " " + s.toList() + " " + w.stats(), e);
                }
            }
        }
        assertThat(Golden.file(dir.resolve("conn.2026-12-02-13-59-59.log")))
                .contains("#open\t2026-12-02-13-59-59\n")
                .contains("\n0\n1\n2\n#close\t2026-12-02-14-00-00\n");
        assertThat(Golden.file(dir.resolve("conn.2026-12-02-14-00-00.log")))
                .contains("#open\t2026-12-02-14-00-00\n")
                .contains("\n3\n4\n5\n#close\t2026-12-02-15-00-00\n");
        assertThat(dir.resolve("conn.log")).doesNotExist();
    }

    @Test
    void rotatedNamesFollowAConfiguredPattern() throws Exception {
        TestClock clock = new TestClock(java.time.Instant.parse("2026-12-02T14:00:00Z"));
        LogWriterConfig c = config().withClock(clock).withRotationDatePattern("yyyyMMdd'T'HHmm");
        try (LogDirectoryWriter w = new LogDirectoryWriter(c, recording)) {
            w.submit(seq("dns", 0, 1));
            w.rotate().get(10, TimeUnit.SECONDS);
        }
        assertThat(dir.resolve("dns.20261202T1400.log")).exists();
    }

    @Test
    void aLeftoverFileIsMovedAsideNotOverwritten() throws Exception {
        Files.writeString(dir.resolve("old.log"), "from an earlier run\n");
        try (LogDirectoryWriter w = new LogDirectoryWriter(config(), recording)) {
            w.submit(seq("old", 0, 1));
        }
        assertThat(events).anyMatch(e -> e.startsWith("rotated old.log old."));
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("old."))
                            .map(Golden::file))
                    .anyMatch(t -> t.equals("from an earlier run\n"))
                    .anyMatch(t -> t.startsWith("#separator"));
        }
    }
}
