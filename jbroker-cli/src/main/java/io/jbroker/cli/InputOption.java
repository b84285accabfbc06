package io.jbroker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --input FILE} option shared by line-oriented commands; standard input by default. */
final class InputOption {
    @Option(
            names = {"-i", "--input"},
            paramLabel = "FILE",
            description = "Read lines from FILE instead of standard input.")
    Path file;

    /** Opens the file, or returns standard input (which the caller must not close). */
    InputStream open(Streams streams) throws IOException {
        return file == null ? streams.in() : Files.newInputStream(file);
    }

    boolean isStandardInput() {
        return file == null;
    }
}
