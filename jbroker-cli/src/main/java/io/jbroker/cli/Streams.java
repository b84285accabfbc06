package io.jbroker.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The standard streams a command reads and writes. Commands take them from here instead of {@link
 * System}, so tests run commands in-process with captured bytes.
 */
public record Streams(InputStream in, OutputStream out, OutputStream err) {
    public Streams {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    /** The process's standard input, output and error. */
    public static Streams system() {
        return new Streams(System.in, System.out, System.err);
    }
}
