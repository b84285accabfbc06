package io.jbroker.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Shared helpers for values backed by an immutable slice of a byte array. */
final class ByteSlices {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int SHORT_SLICE = 64;

    private ByteSlices() {}

    /**
     * Unsigned lexicographic comparison, shorter prefix first. Short slices (the usual set elements
     * and table keys) are compared eight bytes at a time as big-endian longs, which is faster than
     * {@link Arrays#compareUnsigned} at these lengths.
     */
    static int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        int n = Math.min(aLen, bLen);
        if (n > SHORT_SLICE) {
            return Arrays.compareUnsigned(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
        }
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long x = (long) LONG_BE.get(a, aOff + i);
            long y = (long) LONG_BE.get(b, bOff + i);
            if (x != y) {
                return Long.compareUnsigned(x, y);
            }
        }
        for (; i < n; i++) {
            int c = (a[aOff + i] & 0xFF) - (b[bOff + i] & 0xFF);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(aLen, bLen);
    }

    static boolean equals(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        return Arrays.equals(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
    }

    static int hash(byte[] a, int off, int len) {
        int h = 1;
        for (int i = off, end = off + len; i < end; i++) {
            h = 31 * h + a[i];
        }
        return h;
    }

    static String utf8(byte[] a, int off, int len) {
        return new String(a, off, len, StandardCharsets.UTF_8);
    }
}
