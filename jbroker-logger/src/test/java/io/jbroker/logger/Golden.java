package io.jbroker.logger;

import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogBatchCodec;
import io.jbroker.zeek.log.LogCaptures;
import io.jbroker.zeek.log.LogDecodeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The captured batches and Zeek's output for them. */
final class Golden {
    private Golden() {}

    /** Text with the {@code #open}/{@code #close} stamps blanked. */
    static String normalize(String text) {
        return text.replaceAll("(?m)^#(open|close)\t.*$", "#$1\tSTAMP");
    }

    static String resource(String name) {
        return new String(LogCaptures.resource(name), StandardCharsets.UTF_8);
    }

    static String file(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The batches of {@code captured} whose run is {@code run}. */
    static List<LogBatch> batches(List<LogCaptures.Captured> captured, String run) {
        List<LogBatch> out = new ArrayList<>();
        try {
            for (LogCaptures.Captured c : captured) {
                if (c.run().equals(run)) {
                    out.add(LogBatchCodec.decode(c.payload()));
                }
            }
        } catch (LogDecodeException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The golden interop.log (zeromq-2) and jbroker_types.log (zeromq run B) with the batches. */
    static List<LogCaptures.Captured> interopAndTypes() {
        List<LogCaptures.Captured> out = new ArrayList<>();
        for (LogCaptures.Captured c : LogCaptures.zeromq2()) {
            if (c.frames().get(3).length > 1000) {
                out.add(c);
            }
        }
        for (LogCaptures.Captured c : LogCaptures.zeromq()) {
            if (c.run().equals("B") && c.frames().get(3).length == 1861) {
                out.add(c);
            }
        }
        return out;
    }
}
