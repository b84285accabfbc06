package io.jbroker.zeek.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ASCII and JSON formats fed the captured batches give what Zeek 9.1's logger wrote from the same
 * batches, byte for byte except the {@code #open}/{@code #close} stamps.
 */
class FormatGoldenTest {
    private static final AsciiFormat TSV = AsciiFormat.zeekDefaults().withZone(ZoneOffset.UTC);

    /** The TSV file our format writes for {@code batches} (one path). */
    static String tsv(List<LogBatch> batches) {
        ByteSink out = new ByteSink();
        LogHeader h = batches.get(0).header();
        TSV.header(out, h.path(), h.fields(), Instant.EPOCH);
        for (LogBatch b : batches) {
            b.records().forEach(r -> TSV.record(out, r));
        }
        TSV.footer(out, Instant.EPOCH);
        return normalize(out.toString());
    }

    static String json(List<LogBatch> batches) {
        ByteSink out = new ByteSink();
        JsonFormat json = JsonFormat.zeekDefaults();
        for (LogBatch b : batches) {
            b.records().forEach(r -> json.record(out, b.header().fields(), r));
        }
        return out.toString();
    }

    /** The text with the {@code #open}/{@code #close} stamps blanked. */
    static String normalize(String text) {
        return text.replaceAll("(?m)^#(open|close)\t.*$", "#$1\tSTAMP");
    }

    static String golden(String resource) {
        return new String(LogCaptures.resource(resource), StandardCharsets.UTF_8);
    }

    static List<LogBatch> batches(List<LogCaptures.Captured> captured, String run, String path) throws Exception {
        List<LogBatch> out = new ArrayList<>();
        for (LogCaptures.Captured c : captured) {
            LogBatch b = LogBatchCodec.decode(c.payload());
            if (c.run().equals(run) && b.header().path().equals(path)) {
                out.add(b);
            }
        }
        return out;
    }

    @Test
    void jbrokerTypesTsv() throws Exception {
        List<LogBatch> b = batches(LogCaptures.zeromq(), "B", "jbroker_types");
        assertThat(b).hasSize(1);
        assertThat(tsv(b)).isEqualTo(normalize(golden("/interop/zeek/zeromq/logger-output/jbroker_types.log")));
    }

    @Test
    void jbrokerTypesJson() throws Exception {
        List<LogBatch> b = batches(LogCaptures.zeromq(), "C", "jbroker_types");
        assertThat(json(b)).isEqualTo(golden("/interop/zeek/zeromq/logger-output/json/jbroker_types.log"));
    }

    @Test
    void interopTsv() throws Exception {
        List<LogBatch> b = batches(LogCaptures.zeromq2(), "A", "interop");
        assertThat(b).hasSize(2);
        assertThat(tsv(b)).isEqualTo(normalize(golden("/interop/zeek/zeromq-2/logger-output/interop.log")));
    }

    @Test
    void interopJson() throws Exception {
        List<LogBatch> b = batches(LogCaptures.zeromq2(), "A", "interop");
        assertThat(json(b)).isEqualTo(golden("/interop/zeek/zeromq-2/logger-output/json/interop.log"));
    }

    /**
     * The Zeek logger's cluster.log of run B holds its own lines (node {@code logger}) besides the
     * relayed batches: the relayed lines, in order, are exactly ours.
     */
    @Test
    void clusterTsvLinesOfTheRelayedBatches() throws Exception {
        List<LogBatch> b = batches(LogCaptures.zeromq(), "B", "cluster");
        List<String> ours = Arrays.asList(tsv(b).split("\n"));
        List<String> theirs =
                new ArrayList<>(Arrays.asList(normalize(golden("/interop/zeek/zeromq/logger-output/cluster.log"))
                        .split("\n")));
        theirs.removeIf(l -> l.split("\t").length > 1 && l.split("\t")[1].equals("logger"));
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void clusterJsonLinesOfTheRelayedBatches() throws Exception {
        List<LogBatch> b = batches(LogCaptures.zeromq(), "C", "cluster");
        List<String> ours = Arrays.asList(json(b).split("\n"));
        List<String> theirs = new ArrayList<>(Arrays.asList(
                golden("/interop/zeek/zeromq/logger-output/json/cluster.log").split("\n")));
        theirs.removeIf(l -> l.contains("\"node\":\"logger\""));
        assertThat(ours).isEqualTo(theirs);
    }
}
