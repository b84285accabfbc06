package io.jbroker.zeek.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer that log formatters append to. Not thread-safe. */
public final class ByteSink {
    private byte[] buf;
    private int size;

    /** An empty sink. */
    public ByteSink() {
        this(256);
    }

    /** An empty sink with room for {@code capacity} bytes. */
    public ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    /** Appends one byte. */
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    /** Appends {@code len} bytes of {@code b} from {@code off}. */
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    /** Appends all of {@code b}. */
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    /** Appends {@code s} as UTF-8. */
    public void write(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) {
            ascii = s.charAt(i) < 0x80;
        }
        if (!ascii) {
            write(s.getBytes(StandardCharsets.UTF_8));
            return;
        }
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    /** Appends {@code v} in decimal, as {@link Long#toString(long)}. */
    public void writeDecimal(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                write(Long.toString(v));
                return;
            }
            write('-');
            v = -v;
        }
        writeUnsignedDecimal(v);
    }

    /** Appends {@code v} in decimal, read as unsigned, as {@link Long#toUnsignedString(long)}. */
    public void writeUnsignedDecimal(long v) {
        if (v < 0) {
            write(Long.toUnsignedString(v));
            return;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        ensure(digits);
        int end = size + digits;
        for (int i = end - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        size = end;
    }

    /** Appends the non-negative {@code v} as exactly {@code digits} decimal digits, zero-padded. */
    void writeFixedDigits(long v, int digits) {
        ensure(digits);
        for (int i = size + digits - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        size += digits;
    }

    /** The number of bytes held. */
    public int size() {
        return size;
    }

    /** The byte at {@code index}. */
    public byte byteAt(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return buf[index];
    }

    /** Forgets the content, keeping the capacity. */
    public void reset() {
        size = 0;
    }

    /** Writes the content to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    /** A copy of the content. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** The content as UTF-8 text. */
    @Override
    public String toString() {
        return new String(buf, 0, size, StandardCharsets.UTF_8);
    }
}
