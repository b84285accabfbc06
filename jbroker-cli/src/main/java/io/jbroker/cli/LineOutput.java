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
        try {
            for (byte[] p : parts) {
                out.write(p);
            }
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            broken = true;
        }
    }
}
