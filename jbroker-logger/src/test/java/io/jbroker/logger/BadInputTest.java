package io.jbroker.logger;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.zeek.LogField;
import io.jbroker.zeek.log.AsciiFormat;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogBatchCodec;
import io.jbroker.zeek.log.LogHeader;
import io.jbroker.zeek.log.LogRecord;
import io.jbroker.zeek.log.LogValue;
import io.jbroker.zeek.log.ZeekType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed batches, unknown types, huge counts, a schema change mid-stream and values that do not
 * fit their schema, sent over ZeroMQ between good batches: each is a typed error, counted and
 * reported; the logger keeps writing the good ones.
 */
class BadInputTest {
    @TempDir
    Path dir;

    final List<String> reports = Collections.synchronizedList(new ArrayList<>());

    @Test
    void badBatchesAreCountedAndTheLoggerKeepsRunning() throws Exception {
        LogEvents events = new LogEvents() {
            @Override
            public void malformed(String source, String reason) {
                reports.add("malformed " + reason);
            }

            @Override
            public void rejected(String path, long records, String reason) {
                reports.add("rejected " + reason);
            }
        };
        LogStream good =
                LogStream.builder("G::LOG", "good").field("n", ZeekType.COUNT).build();
        byte[] goodBytes = LogBatchCodec.encode(good.batch(List.of(good.record(1))));
        // The count field's value claims to be a pattern (type 8).
        byte[] pattern = goodBytes.clone();
        pattern[pattern.length - 17 + 3] = 8;
        // An unknown type tag 99.
        byte[] unknown = goodBytes.clone();
        unknown[unknown.length - 17 + 3] = 99;
        // A record count of 2^32-1 after the header.
        byte[] huge = goodBytes.clone();
        ByteBuffer.wrap(huge).putInt(huge.length - 17 - 4, -1);
        // A vector claiming 2^62 elements.
        LogStream vec = LogStream.builder("V::LOG", "vec")
                .vectorField("v", ZeekType.COUNT)
                .build();
        byte[] vecBytes = LogBatchCodec.encode(vec.batch(List.of(vec.record(List.of()))));
        ByteBuffer.wrap(vecBytes).putLong(vecBytes.length - 8, 1L << 62);
        byte[] truncated = Arrays.copyOf(goodBytes, goodBytes.length - 3);
        // The same path with another schema while good.log is open.
        LogBatch changed = new LogBatch(
                LogHeader.of("G::LOG", "good", List.of(new LogField("n", 7, 0, false))),
                List.of(LogRecord.of(LogValue.string("x"))));
        // A value that does not fit its field's type.
        LogBatch misfit = new LogBatch(good.header(), List.of(LogRecord.of(LogValue.string("x"))));

        LogWriterConfig config = LogWriterConfig.defaults(dir)
                .withAscii(AsciiFormat.zeekDefaults().withZone(ZoneOffset.UTC));
        try (LogDirectoryWriter writer = new LogDirectoryWriter(config, events)) {
            ZmqLogReceiver pull = ZmqLogReceiver.bind(writer, events, "tcp://127.0.0.1:*");
            try (ZmqLogSender sender = ZmqLogSender.connect(pull.endpoint(), "bad-sender")) {
                sender.send(goodBytes);
                for (byte[] bad : List.of(pattern, unknown, huge, vecBytes, truncated, new byte[0])) {
                    sender.send(bad);
                }
                sender.send(changed);
                sender.send(misfit);
                sender.send(LogBatchCodec.encode(good.batch(List.of(good.record(2)))));
                Poll.until("both good records", 20_000, () -> writer.stats().recordsWritten() == 2);
                assertThat(pull.malformedCount()).isEqualTo(6);
                assertThat(writer.stats().batchesRejected()).isEqualTo(2);
            } finally {
                pull.close();
            }
        }
        assertThat(reports)
                .anyMatch(r -> r.contains("unsupported type pattern"))
                .anyMatch(r -> r.contains("unsupported type <99>"))
                .anyMatch(r -> r.contains("record count 4294967295"))
                .anyMatch(r -> r.contains("element count 4611686018427387904"))
                .anyMatch(r -> r.contains("truncated"))
                .anyMatch(r -> r.contains("schema differs from the open file good.log"))
                .anyMatch(r -> r.contains("a string value in a count field"));
        assertThat(Golden.file(dir.resolve("good.log"))).contains("#types\tcount\n1\n2\n#close\t");
    }
}
