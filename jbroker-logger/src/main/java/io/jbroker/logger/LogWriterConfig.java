package io.jbroker.logger;

import io.jbroker.zeek.log.AsciiFormat;
import io.jbroker.zeek.log.JsonFormat;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings of a {@link LogDirectoryWriter}.
 *
 * @param directory where the log files go
 * @param output TSV or JSON
 * @param ascii the ASCII format settings (separators, time zone of stamps)
 * @param json the JSON format settings (timestamps)
 * @param rotationInterval rotate every file at multiples of this since the epoch; zero for never
 * @param rotationDatePattern the {@link DateTimeFormatter} pattern of a rotated file's open time:
 *     {@code conn.<stamp>.log}; Zeek's default is {@code yyyy-MM-dd-HH-mm-ss}
 * @param maxQueuedRecords records buffered per writer thread before submitters wait
 * @param stallTimeout how long a submitter waits for a writer thread that makes no progress before
 *     the batch is dropped (counted and reported)
 * @param threads writer threads; paths are spread over them by name, so a stalled path holds back
 *     only the paths of its thread
 * @param clock the time of {@code #open}/{@code #close} stamps and rotations
 */
public record LogWriterConfig(
        Path directory,
        LogOutput output,
        AsciiFormat ascii,
        JsonFormat json,
        Duration rotationInterval,
        String rotationDatePattern,
        int maxQueuedRecords,
        Duration stallTimeout,
        int threads,
        Clock clock) {
    /** Zeek's rotation stamp pattern ({@code Log::default_rotation_date_format}). */
    public static final String ZEEK_DATE_PATTERN = "yyyy-MM-dd-HH-mm-ss";

    public LogWriterConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(ascii, "ascii");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(rotationInterval, "rotationInterval");
        if (rotationInterval.isNegative()) {
            throw new IllegalArgumentException("negative rotation interval");
        }
        DateTimeFormatter.ofPattern(rotationDatePattern);
        if (maxQueuedRecords < 1 || threads < 1) {
            throw new IllegalArgumentException("maxQueuedRecords and threads must be positive");
        }
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(clock, "clock");
    }

    /** Zeek's defaults: TSV, no rotation, 100 000 queued records, 10 s stall timeout, 2 threads. */
    public static LogWriterConfig defaults(Path directory) {
        return new LogWriterConfig(
                directory,
                LogOutput.TSV,
                AsciiFormat.zeekDefaults(),
                JsonFormat.zeekDefaults(),
                Duration.ZERO,
                ZEEK_DATE_PATTERN,
                100_000,
                Duration.ofSeconds(10),
                2,
                Clock.systemDefaultZone());
    }

    public LogWriterConfig withOutput(LogOutput output) {
        return with(f -> f.output = output);
    }

    public LogWriterConfig withRotationInterval(Duration rotationInterval) {
        return with(f -> f.rotationInterval = rotationInterval);
    }

    public LogWriterConfig withQueue(int maxQueuedRecords, Duration stallTimeout) {
        return with(f -> {
            f.maxQueuedRecords = maxQueuedRecords;
            f.stallTimeout = stallTimeout;
        });
    }

    public LogWriterConfig withThreads(int threads) {
        return with(f -> f.threads = threads);
    }

    public LogWriterConfig withAscii(AsciiFormat ascii) {
        return with(f -> f.ascii = ascii);
    }

    public LogWriterConfig withJson(JsonFormat json) {
        return with(f -> f.json = json);
    }

    public LogWriterConfig withRotationDatePattern(String pattern) {
        return with(f -> f.rotationDatePattern = pattern);
    }

    public LogWriterConfig withClock(Clock clock) {
        return with(f -> f.clock = clock);
    }

    /** A copy with {@code change} applied to its fields (validated by the constructor). */
    private LogWriterConfig with(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new LogWriterConfig(
                f.directory,
                f.output,
                f.ascii,
                f.json,
                f.rotationInterval,
                f.rotationDatePattern,
                f.maxQueuedRecords,
                f.stallTimeout,
                f.threads,
                f.clock);
    }

    /** The record's fields, mutable, for {@link #with}. */
    private static final class Fields {
        Path directory;
        LogOutput output;
        AsciiFormat ascii;
        JsonFormat json;
        Duration rotationInterval;
        String rotationDatePattern;
        int maxQueuedRecords;
        Duration stallTimeout;
        int threads;
        Clock clock;

        Fields(LogWriterConfig c) {
            directory = c.directory;
            output = c.output;
            ascii = c.ascii;
            json = c.json;
            rotationInterval = c.rotationInterval;
            rotationDatePattern = c.rotationDatePattern;
            maxQueuedRecords = c.maxQueuedRecords;
            stallTimeout = c.stallTimeout;
            threads = c.threads;
            clock = c.clock;
        }
    }
}
