package io.jbroker.data;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes format bin v1 in one pass into a growable buffer. {@link #encode} reuses a per-thread
 * scratch buffer, so encoding a value costs one walk over it and one copy of the result. Dispatch
 * uses {@code instanceof} on the final value classes, most frequent first, which is cheaper than
 * an interface call on a megamorphic site.
 */
final class BinaryEncoder {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int SCRATCH_SIZE = 4096;
    private static final int MAX_RETAINED = 1 << 20;
    private static final ThreadLocal<BinaryEncoder> SCRATCH = ThreadLocal.withInitial(BinaryEncoder::new);

    private byte[] buf = new byte[SCRATCH_SIZE];
    private int pos;

    private BinaryEncoder() {}

    /**
     * Encodes {@code d} into a new array with {@code prefix} zero bytes in front of the encoding
     * (room for a frame header).
     */
    static byte[] encode(Data d, int prefix) {
        BinaryEncoder e = SCRATCH.get();
        e.pos = prefix;
        try {
            e.ensure(prefix);
            e.write(d, 0);
            byte[] out = new byte[e.pos];
            System.arraycopy(e.buf, prefix, out, prefix, e.pos - prefix);
            return out;
        } finally {
            if (e.buf.length > MAX_RETAINED) {
                e.buf = new byte[SCRATCH_SIZE];
            }
        }
    }

    /**
     * Writes {@code d} at {@code offset} of {@code dst} through the per-thread scratch buffer (no
     * allocation); returns the offset after it.
     *
     * @throws IndexOutOfBoundsException if {@code dst} is too small
     */
    static int encodeInto(Data d, byte[] dst, int offset) {
        BinaryEncoder e = SCRATCH.get();
        e.pos = 0;
        try {
            e.write(d, 0);
            java.util.Objects.checkFromIndexSize(offset, e.pos, dst.length);
            System.arraycopy(e.buf, 0, dst, offset, e.pos);
            return offset + e.pos;
        } finally {
            if (e.buf.length > MAX_RETAINED) {
                e.buf = new byte[SCRATCH_SIZE];
            }
        }
    }

    /** The encoded size, walking the value without writing it. */
    static int size(Data d, int depth) {
        if (d instanceof VectorValue) {
            return sequenceSize(((VectorValue) d).items(), depth);
        }
        if (d instanceof SetValue) {
            return sequenceSize(((SetValue) d).items(), depth);
        }
        if (d instanceof TableValue) {
            return tableSize((TableValue) d, depth);
        }
        return scalarSize(d);
    }

    private static int tableSize(TableValue t, int depth) {
        checkDepth(depth);
        Data[] keys = t.keyArray();
        Data[] values = t.valueArray();
        long n = 1 + varbyteSize(keys.length);
        for (int i = 0; i < keys.length; i++) {
            n += size(keys[i], depth + 1) + (long) size(values[i], depth + 1);
        }
        return checkedSize(n);
    }

    private static int scalarSize(Data d) {
        if (d instanceof StringValue) {
            int n = ((StringValue) d).length();
            return 1 + varbyteSize(n) + n;
        }
        if (d instanceof EnumValue) {
            int n = ((EnumValue) d).length();
            return 1 + varbyteSize(n) + n;
        }
        if (d instanceof AddressValue) {
            return 17;
        }
        if (d instanceof SubnetValue) {
            return 18;
        }
        if (d instanceof PortValue) {
            return 4;
        }
        if (d instanceof BooleanValue) {
            return 2;
        }
        if (d instanceof NoneValue) {
            return 1;
        }
        return 9; // count, integer, real, timestamp, timespan
    }

    private static int sequenceSize(Data[] items, int depth) {
        checkDepth(depth);
        long n = 1 + varbyteSize(items.length);
        for (Data item : items) {
            n += size(item, depth + 1);
        }
        return checkedSize(n);
    }

    private static void checkDepth(int depth) {
        if (depth >= BinaryFormat.MAX_NESTING_DEPTH) {
            throw new BrokerException(
                    ErrorCode.SERIALIZATION_FAILED,
                    "value nests deeper than " + BinaryFormat.MAX_NESTING_DEPTH + " containers");
        }
    }

    private static int checkedSize(long n) {
        if (n > Integer.MAX_VALUE - 64) {
            throw new BrokerException(ErrorCode.SERIALIZATION_FAILED, "encoded value exceeds 2 GiB");
        }
        return (int) n;
    }

    static int varbyteSize(int length) {
        long x = length & 0xFFFF_FFFFL;
        int n = 1;
        while (x > 0x7F) {
            x >>>= 7;
            n++;
        }
        return n;
    }

    private void ensure(int extra) {
        if (buf.length - pos < extra) {
            long want = Math.max((long) buf.length * 2, (long) pos + extra);
            if (want > Integer.MAX_VALUE - 64) {
                if ((long) pos + extra > Integer.MAX_VALUE - 64) {
                    throw new BrokerException(ErrorCode.SERIALIZATION_FAILED, "encoded value exceeds 2 GiB");
                }
                want = Integer.MAX_VALUE - 64;
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    /** Recursive step; kept small so deep values fit in small thread stacks. */
    private void write(Data d, int depth) {
        if (d instanceof StringValue) {
            StringValue s = (StringValue) d;
            writeBytes(5, s.array(), s.offset(), s.length());
        } else if (d instanceof VectorValue) {
            writeSequence(14, ((VectorValue) d).items(), depth);
        } else if (d instanceof SetValue) {
            writeSequence(12, ((SetValue) d).items(), depth);
        } else if (d instanceof TableValue) {
            writeTable((TableValue) d, depth);
        } else {
            writeScalar(d);
        }
    }

    private void writeTable(TableValue t, int depth) {
        checkDepth(depth);
        Data[] keys = t.keyArray();
        Data[] values = t.valueArray();
        ensure(6);
        buf[pos++] = 13;
        writeVarbyte(keys.length);
        for (int i = 0; i < keys.length; i++) {
            write(keys[i], depth + 1);
            write(values[i], depth + 1);
        }
    }

    private void writeScalar(Data d) {
        if (d instanceof StringValue) {
            StringValue s = (StringValue) d;
            writeBytes(5, s.array(), s.offset(), s.length());
        } else if (d instanceof CountValue) {
            writeLong(2, ((CountValue) d).value());
        } else if (d instanceof IntegerValue) {
            writeLong(3, ((IntegerValue) d).value());
        } else if (d instanceof TimestampValue) {
            writeLong(9, ((TimestampValue) d).nanos());
        } else if (d instanceof TimespanValue) {
            writeLong(10, ((TimespanValue) d).nanos());
        } else if (d instanceof RealValue) {
            writeLong(4, Reals.pack(((RealValue) d).value()));
        } else if (d instanceof EnumValue) {
            EnumValue e = (EnumValue) d;
            writeBytes(11, e.array(), e.offset(), e.length());
        } else if (d instanceof AddressValue) {
            AddressValue a = (AddressValue) d;
            ensure(17);
            buf[pos] = 6;
            LONG_BE.set(buf, pos + 1, a.high());
            LONG_BE.set(buf, pos + 9, a.low());
            pos += 17;
        } else if (d instanceof SubnetValue) {
            SubnetValue s = (SubnetValue) d;
            ensure(18);
            buf[pos] = 7;
            LONG_BE.set(buf, pos + 1, s.network().high());
            LONG_BE.set(buf, pos + 9, s.network().low());
            buf[pos + 17] = (byte) s.rawLength();
            pos += 18;
        } else if (d instanceof PortValue) {
            PortValue p = (PortValue) d;
            ensure(4);
            buf[pos] = 8;
            buf[pos + 1] = (byte) (p.number() >>> 8);
            buf[pos + 2] = (byte) p.number();
            buf[pos + 3] = (byte) p.protocol().code();
            pos += 4;
        } else if (d instanceof BooleanValue) {
            ensure(2);
            buf[pos] = 1;
            buf[pos + 1] = (byte) (((BooleanValue) d).value() ? 1 : 0);
            pos += 2;
        } else {
            ensure(1);
            buf[pos++] = 0; // none
        }
    }

    private void writeSequence(int tag, Data[] items, int depth) {
        checkDepth(depth);
        ensure(6);
        buf[pos++] = (byte) tag;
        writeVarbyte(items.length);
        for (Data item : items) {
            write(item, depth + 1);
        }
    }

    private void writeLong(int tag, long value) {
        ensure(9);
        buf[pos] = (byte) tag;
        LONG_BE.set(buf, pos + 1, value);
        pos += 9;
    }

    private void writeBytes(int tag, byte[] src, int srcOff, int len) {
        ensure(6 + len);
        byte[] b = buf;
        int p = pos;
        b[p++] = (byte) tag;
        if (len < 0x80) {
            b[p++] = (byte) len;
        } else {
            long x = len & 0xFFFF_FFFFL;
            while (x > 0x7F) {
                b[p++] = (byte) ((x & 0x7F) | 0x80);
                x >>>= 7;
            }
            b[p++] = (byte) x;
        }
        if (len <= 16) {
            for (int i = 0; i < len; i++) {
                b[p + i] = src[srcOff + i];
            }
        } else {
            System.arraycopy(src, srcOff, b, p, len);
        }
        pos = p + len;
    }

    private void writeVarbyte(int length) {
        long x = length & 0xFFFF_FFFFL;
        while (x > 0x7F) {
            buf[pos++] = (byte) ((x & 0x7F) | 0x80);
            x >>>= 7;
        }
        buf[pos++] = (byte) x;
    }
}
