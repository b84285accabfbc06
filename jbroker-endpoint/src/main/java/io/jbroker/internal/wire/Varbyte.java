package io.jbroker.internal.wire;

import io.netty.buffer.ByteBuf;

/** Broker's varbyte lengths (7-bit groups, little-endian, at most 5 bytes, below 2^32) on ByteBufs. */
final class Varbyte {
    private Varbyte() {}

    static void write(ByteBuf out, int value) {
        long x = value & 0xFFFF_FFFFL;
        while (x > 0x7F) {
            out.writeByte((int) ((x & 0x7F) | 0x80));
            x >>>= 7;
        }
        out.writeByte((int) x);
    }

    static int size(int value) {
        long x = value & 0xFFFF_FFFFL;
        int n = 1;
        while (x > 0x7F) {
            x >>>= 7;
            n++;
        }
        return n;
    }

    /** Reads a length no larger than the bytes left in {@code in}; returns -1 if malformed. */
    static int readBounded(ByteBuf in) {
        long x = 0;
        for (int i = 0; i < 5; i++) {
            if (!in.isReadable()) {
                return -1;
            }
            int b = in.readUnsignedByte();
            x |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return x <= in.readableBytes() ? (int) x : -1;
            }
        }
        return -1;
    }
}
