package io.jbroker.cli;

import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import io.jbroker.data.DecodeException;
import io.jbroker.data.JsonFormat;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jbroker data encode}: JSON v1 value lines to bin v1 hex. */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Reads one JSON v1 value object per line (e.g. {\"@data-type\":\"count\",\"data\":42}) and"
                    + " prints its format bin v1 encoding as lower-case hex. Blank lines are skipped.",
            "A bad line is reported on standard error as 'line N: error at offset O: reason' (O counts"
                    + " bytes from the start of the line) and the next line is processed."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every line encoded", "1:some line failed", "2:usage error"})
final class DataEncodeCommand implements Callable<Integer> {
    private final Streams streams;

    @Mixin
    InputOption input;

    DataEncodeCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws IOException {
        return LineConverter.run(input, streams, (line, start, end, out) -> {
            Data value;
            try {
                value = JsonFormat.decode(Arrays.copyOfRange(line, start, end));
            } catch (DecodeException e) {
                throw new DecodeException(e.code(), e.offset() + start, e.reason());
            }
            out.write(Hex.encode(BinaryFormat.encode(value)));
            out.write('\n');
        });
    }
}
