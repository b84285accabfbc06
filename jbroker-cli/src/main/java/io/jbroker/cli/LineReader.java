package io.jbroker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines at {@code '\n'} without decoding characters, so that input bytes
 * reach the codecs unchanged. A line longer than {@link #MAX_LINE_BYTES} is consumed whole but only
 * flagged as {@linkplain #isOverlong() overlong}, never held in memory. Not thread-safe.
 */
final class LineReader {
    /** The longest line kept (64 MiB), which bounds the memory one line can take. */
    static final int MAX_LINE_BYTES = 64 << 20;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private int length;
    private boolean overlong;

    LineReader(InputStream in) {
        this(in, MAX_LINE_BYTES);
    }

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads the next line (without its {@code '\n'}); false at the end of the input. */
    boolean next() throws IOException {
        length = 0;
        overlong = false;
        boolean sawBytes = false;
        while (true) {
            if (position == limit && !fill()) {
                return sawBytes;
            }
            sawBytes = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            append(start, position - start);
            if (position < limit) {
                position++;
                return true;
            }
        }
    }

    /** The current line's bytes, valid in {@code [0, length())} until the next call to next(). */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** True if the current line exceeded the limit; its bytes are then incomplete. */
    boolean isOverlong() {
        return overlong;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    private void append(int start, int n) {
        if (overlong || n == 0) {
            return;
        }
        if (n > maxLineBytes - length) {
            overlong = true;
            return;
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, Math.max(2L * line.length, length + n)));
        }
        System.arraycopy(buffer, start, line, length, n);
        length += n;
    }
}
