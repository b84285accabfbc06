package io.jbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.logger.LogStream;
import io.jbroker.logger.ZmqLogSender;
import io.jbroker.zeek.log.LogRecord;
import io.jbroker.zeek.log.ZeekType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to {@code jbroker logger} in its own JVM right after senders delivered their batches:
 * every record that reached the logger is in its file, every file ends with its {@code #close}
 * footer, and the logger exits with 143.
 */
class LoggerSigtermTest {
    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    Path dir;

    private final List<JbrokerProcess> processes = new ArrayList<>();

    @AfterEach
    void killEverything() {
        processes.forEach(JbrokerProcess::close);
    }

    @Test
    void sigtermWritesEverythingReceivedAndClosesEveryFile() throws Exception {
        JbrokerProcess logger = JbrokerProcess.start(
                "logger", "logger", "--pull", "tcp://127.0.0.1:*", "--dir", dir.toString(), "--queue", "2000");
        processes.add(logger);
        logger.out().awaitStartingWith("logging to ", WAIT);
        String url = logger.out().awaitStartingWith("pulling on ", WAIT).substring("pulling on ".length());

        int paths = 3;
        int batches = 200;
        int perBatch = 100;
        List<LogStream> streams = new ArrayList<>();
        for (int p = 0; p < paths; p++) {
            streams.add(LogStream.builder("Seq::LOG", "seq" + p)
                    .field("n", ZeekType.COUNT)
                    .build());
        }
        // close() returns once the batches left the sender (else it throws): all reached the logger.
        try (ZmqLogSender out = ZmqLogSender.connect(url, "worker")) {
            long[] next = new long[paths];
            for (int b = 0; b < batches; b++) {
                int p = b % paths;
                LogRecord[] records = new LogRecord[perBatch];
                for (int i = 0; i < perBatch; i++) {
                    records[i] = streams.get(p).record(next[p]++);
                }
                out.write(streams.get(p), records);
            }
        }

        logger.signal("TERM");

        assertThat(logger.awaitExit(WAIT)).as(logger.describe()).isEqualTo(143);
        long total = (long) batches * perBatch;
        List<String> closed = new ArrayList<>();
        for (int p = 0; p < paths; p++) {
            closed.add(logger.out().awaitStartingWith("closed ", WAIT));
        }
        assertThat(closed)
                .containsExactlyInAnyOrder(
                        "closed " + dir.resolve("seq0.log"),
                        "closed " + dir.resolve("seq1.log"),
                        "closed " + dir.resolve("seq2.log"));
        logger.out().awaitStartingWith("stopped: written=" + total + " dropped=0 ", WAIT);
        long lines = 0;
        for (int p = 0; p < paths; p++) {
            Path file = dir.resolve("seq" + p + ".log");
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(text).startsWith("#separator").contains("\n#close\t").endsWith("\n");
            long n = 0;
            for (String line : text.split("\n")) {
                if (!line.startsWith("#")) {
                    assertThat(Long.parseLong(line)).as("seq%d", p).isEqualTo(n++);
                }
            }
            lines += n;
        }
        assertThat(lines).isEqualTo(total);
    }
}
