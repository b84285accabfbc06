package io.jbroker.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Shared helpers for values backed by an immutable slice of a byte array. */
final class ByteSlices {
    private ByteSlices() {}

    static int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        return Arrays.compareUnsigned(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
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
