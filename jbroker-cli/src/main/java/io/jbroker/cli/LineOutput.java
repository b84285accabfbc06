package io.jbroker.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes whole lines to a stream and flushes each one, so a reader on the other end of a pipe sees
 * every line as soon as it happens. Thread-safe: lines from different threads never interleave. A
 * failed write (a closed pipe) is remembered and later lines are dropped.
 */
final class LineOutput {
    private final OutputStream out;
    private boolean broken;

    LineOutput(OutputStream out) {
        this.out = out;
    }

    /** Writes {@code text} and a newline (UTF-8). */
    void line(String text) {
        line(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the parts one after the other, then a newline; bytes go out unchanged. */
    synchronized void line(byte[]... parts) {
        if (broken) {
            return;
        }
        // One write per line: with standard output and error on one file (2>&1, a journal), lines
        // of the two streams must not interleave within a line.
        int n = 1;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] line = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, line, at, p.length);
            at += p.length;
        }
        line[at] = '\n';
        try {
            out.write(line);
            out.flush();
        } catch (IOException e) {
            broken = true;
        }
    }
}
