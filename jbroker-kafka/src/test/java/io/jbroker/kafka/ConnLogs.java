package io.jbroker.kafka;

import io.jbroker.logger.LogDirectoryWriter;
import io.jbroker.logger.LogEvents;
import io.jbroker.logger.LogOutput;
import io.jbroker.logger.LogStream;
import io.jbroker.logger.LogWriterConfig;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogRecord;
import io.jbroker.zeek.log.ZeekType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Zeek-like log streams and records for the tests, and what the JSON file writer makes of them. */
final class ConnLogs {
    private ConnLogs() {}

    static final LogStream CONN = LogStream.builder("Conn::LOG", "conn")
            .field("ts", ZeekType.TIME)
            .field("uid", ZeekType.STRING)
            .field("id.orig_h", ZeekType.ADDR)
            .field("id.orig_p", ZeekType.PORT)
            .field("id.resp_h", ZeekType.ADDR)
            .field("id.resp_p", ZeekType.PORT)
            .field("proto", ZeekType.ENUM)
            .optionalField("service", ZeekType.STRING)
            .optionalField("duration", ZeekType.INTERVAL)
            .optionalField("orig_bytes", ZeekType.COUNT)
            .optionalField("history", ZeekType.STRING)
            .setField("tunnel_parents", ZeekType.STRING)
            .build();

    static final LogStream DNS = LogStream.builder("DNS::LOG", "dns")
            .field("ts", ZeekType.TIME)
            .field("uid", ZeekType.STRING)
            .field("query", ZeekType.STRING)
            .optionalField("rtt", ZeekType.INTERVAL)
            .field("rejected", ZeekType.BOOL)
            .vectorField("answers", ZeekType.STRING)
            .build();

    /** Conn record number {@code i}: every field type, some unset, odd bytes in strings. */
    static LogRecord conn(int i) {
        return CONN.record(
                1_700_000_000.0 + i * 0.000123,
                "C" + i,
                "10.0." + (i % 256) + ".1",
                (1024 + i % 60000) + "/tcp",
                i % 3 == 0 ? "2001:db8::" + Integer.toHexString(i % 65536) : "192.168.1.1",
                (i % 2 == 0 ? 443 : 53) + (i % 2 == 0 ? "/tcp" : "/udp"),
                i % 2 == 0 ? "tcp" : "udp",
                i % 5 == 0 ? null : "ssl\"q\\" + i,
                i % 7 == 0 ? null : i * 0.001,
                i % 11 == 0 ? null : (long) i * 100,
                i % 13 == 0 ? ("bin" + (char) 1 + "\u00e9").getBytes(StandardCharsets.ISO_8859_1) : "ShADadFf",
                i % 4 == 0 ? Set.of() : Set.of("Ctun" + i));
    }

    static LogRecord dns(int i) {
        return DNS.record(
                1_700_000_000.5 + i,
                "D" + i,
                "host" + i + ".example.com",
                i % 2 == 0 ? null : 0.25,
                i % 3 == 0,
                i % 4 == 0 ? List.of() : List.of("1.2.3." + (i % 256), "h\tx"));
    }

    /** {@code count} records of {@code stream} in batches of {@code batchSize}, numbered from 0. */
    static List<LogBatch> batches(LogStream stream, int count, int batchSize) {
        List<LogBatch> out = new ArrayList<>();
        for (int from = 0; from < count; from += batchSize) {
            List<LogRecord> rs = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + batchSize); i++) {
                rs.add(stream == CONN ? conn(i) : dns(i));
            }
            out.add(stream.batch(rs));
        }
        return out;
    }

    /** The lines the logger's JSON file writer writes for {@code batches} (all of one path). */
    static List<String> jsonLines(Path dir, List<LogBatch> batches) throws Exception {
        LogWriterConfig c = LogWriterConfig.defaults(dir).withOutput(LogOutput.JSON);
        try (LogDirectoryWriter w = new LogDirectoryWriter(c, LogEvents.NONE)) {
            for (LogBatch b : batches) {
                w.write(b);
            }
        }
        return Files.readAllLines(dir.resolve(batches.get(0).header().path() + ".log"), StandardCharsets.UTF_8);
    }

    /** The Kafka value the sink must write for a JSON writer line: {@code _path} first. */
    static String withPath(String path, String line) {
        return line.equals("{}") ? "{\"_path\":\"" + path + "\"}" : "{\"_path\":\"" + path + "\"," + line.substring(1);
    }
}
