package io.jbroker.logger.bench;

import io.jbroker.logger.LogStream;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogRecord;
import io.jbroker.zeek.log.ZeekType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The conn.log workload of the log benchmarks (ConnLogBenchmark, LoggerHeapRun, and jbroker-kafka's
 * KafkaSinkBenchmark through this module's test jar): 18 columns of Zeek's conn.log, records made
 * from their index, in batches of 1000.
 */
public final class ConnLogWorkload {
    /** Records per batch. */
    public static final int BATCH = 1000;

    /** The stream: 18 of conn.log's columns with their Zeek types. */
    public static final LogStream CONN = LogStream.builder("Conn::LOG", "conn")
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
            .optionalField("resp_bytes", ZeekType.COUNT)
            .field("conn_state", ZeekType.STRING)
            .optionalField("local_orig", ZeekType.BOOL)
            .field("missed_bytes", ZeekType.COUNT)
            .optionalField("history", ZeekType.STRING)
            .field("orig_pkts", ZeekType.COUNT)
            .field("resp_pkts", ZeekType.COUNT)
            .setField("tunnel_parents", ZeekType.STRING)
            .build();

    private ConnLogWorkload() {}

    /** {@code records} records in batches of {@link #BATCH} (the last one may be smaller). */
    public static List<LogBatch> batches(int records) {
        List<LogBatch> out = new ArrayList<>();
        List<LogRecord> batch = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            batch.add(CONN.record(
                    1700000000.0 + i * 0.000137,
                    "C" + Integer.toString(i, 36) + "xZ9q2kLm",
                    "10.0." + (i >> 8 & 255) + "." + (i & 255),
                    (1024 + i % 60000) + "/tcp",
                    "192.168.1." + (i % 200),
                    "443/tcp",
                    "tcp",
                    i % 3 == 0 ? null : "ssl",
                    0.5 + (i % 1000) / 1000.0,
                    (long) (i % 5000),
                    (long) (i % 70000),
                    "SF",
                    i % 2 == 0,
                    0L,
                    "ShADadFf",
                    (long) (i % 50),
                    (long) (i % 40),
                    Set.of()));
            if (batch.size() == BATCH) {
                out.add(CONN.batch(batch));
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            out.add(CONN.batch(batch));
        }
        return out;
    }
}
