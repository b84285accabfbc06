package io.jbroker.cli;

import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.data.JsonFormat;
import io.jbroker.data.TextFormat;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jbroker data decode}: bin v1 hex lines to Broker's text form and JSON v1. */
@Command(
        name = "decode",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Reads one value per line as hex of format bin v1 (either case, surrounding whitespace"
                    + " ignored, blank lines skipped) and prints its text form, a TAB and its JSON v1"
                    + " form. String bytes are printed raw, exactly as Broker's to_string does.",
            "A bad line is reported on standard error as 'line N: error at offset O: reason' (O is the"
                    + " character in the line for bad hex, else the byte in the value) and the next"
                    + " line is processed."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every line decoded", "1:some line failed", "2:usage error"})
final class DataDecodeCommand implements Callable<Integer> {
    private final Streams streams;

    @Mixin
    InputOption input;

    DataDecodeCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws IOException {
        return LineConverter.run(input, streams, (line, start, end, out) -> {
            byte[] bin = Hex.decode(line, start, end);
            Data value = BinaryFormat.decodeShared(bin, 0, bin.length);
            byte[] text = TextFormat.toBytes(value);
            byte[] json = JsonFormat.encode(value);
            out.write(text);
            out.write('\t');
            out.write(json);
            out.write('\n');
        });
    }
}
