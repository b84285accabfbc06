package io.jbroker.data;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Writes format bin v1. Sizes are computed first so the output array is allocated once. */
final class BinaryEncoder {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private BinaryEncoder() {}

    static int size(Data d, int depth) {
        switch (d.type()) {
            case NONE:
                return 1;
            case BOOLEAN:
                return 2;
            case COUNT:
            case INTEGER:
            case REAL:
            case TIMESTAMP:
            case TIMESPAN:
                return 9;
            case STRING:
                return 1 + varbyteSize(((StringValue) d).length()) + ((StringValue) d).length();
            case ADDRESS:
                return 17;
            case SUBNET:
                return 18;
            case PORT:
                return 4;
            case ENUM_VALUE:
                return 1 + varbyteSize(((EnumValue) d).length()) + ((EnumValue) d).length();
            case SET:
                return sequenceSize(((SetValue) d).items(), depth);
            case VECTOR:
                return sequenceSize(((VectorValue) d).items(), depth);
            case TABLE:
                return tableSize((TableValue) d, depth);
            default:
                throw new AssertionError(d.type());
        }
    }

    private static int sequenceSize(Data[] items, int depth) {
        checkDepth(depth);
        long n = 1 + varbyteSize(items.length);
        for (Data item : items) {
            n += size(item, depth + 1);
        }
        return checkedSize(n);
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

    private static void checkDepth(int depth) {
        if (depth >= BinaryFormat.MAX_NESTING_DEPTH) {
            throw new BrokerException(
                    ErrorCode.SERIALIZATION_FAILED,
                    "value nests deeper than " + BinaryFormat.MAX_NESTING_DEPTH + " containers");
        }
    }

    private static int checkedSize(long n) {
        if (n > Integer.MAX_VALUE - 8) {
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

    /** Writes {@code d} at {@code pos} (the caller sized the array) and returns the end offset. */
    static int write(Data d, byte[] out, int pos) {
        switch (d.type()) {
            case NONE:
                out[pos] = 0;
                return pos + 1;
            case BOOLEAN:
                out[pos] = 1;
                out[pos + 1] = (byte) (((BooleanValue) d).value() ? 1 : 0);
                return pos + 2;
            case COUNT:
                return writeLong(out, pos, 2, ((CountValue) d).value());
            case INTEGER:
                return writeLong(out, pos, 3, ((IntegerValue) d).value());
            case REAL:
                return writeLong(out, pos, 4, Reals.pack(((RealValue) d).value()));
            case STRING: {
                StringValue s = (StringValue) d;
                out[pos] = 5;
                return writeBytes(out, pos + 1, s.array(), s.offset(), s.length());
            }
            case ADDRESS: {
                AddressValue a = (AddressValue) d;
                out[pos] = 6;
                LONG_BE.set(out, pos + 1, a.high());
                LONG_BE.set(out, pos + 9, a.low());
                return pos + 17;
            }
            case SUBNET: {
                SubnetValue s = (SubnetValue) d;
                out[pos] = 7;
                LONG_BE.set(out, pos + 1, s.network().high());
                LONG_BE.set(out, pos + 9, s.network().low());
                out[pos + 17] = (byte) s.rawLength();
                return pos + 18;
            }
            case PORT: {
                PortValue p = (PortValue) d;
                out[pos] = 8;
                out[pos + 1] = (byte) (p.number() >>> 8);
                out[pos + 2] = (byte) p.number();
                out[pos + 3] = (byte) p.protocol().code();
                return pos + 4;
            }
            case TIMESTAMP:
                return writeLong(out, pos, 9, ((TimestampValue) d).nanos());
            case TIMESPAN:
                return writeLong(out, pos, 10, ((TimespanValue) d).nanos());
            case ENUM_VALUE: {
                EnumValue e = (EnumValue) d;
                out[pos] = 11;
                return writeBytes(out, pos + 1, e.array(), e.offset(), e.length());
            }
            case SET:
                return writeSequence(out, pos, 12, ((SetValue) d).items());
            case TABLE: {
                TableValue t = (TableValue) d;
                Data[] keys = t.keyArray();
                Data[] values = t.valueArray();
                out[pos] = 13;
                pos = writeVarbyte(out, pos + 1, keys.length);
                for (int i = 0; i < keys.length; i++) {
                    pos = write(keys[i], out, pos);
                    pos = write(values[i], out, pos);
                }
                return pos;
            }
            case VECTOR:
                return writeSequence(out, pos, 14, ((VectorValue) d).items());
            default:
                throw new AssertionError(d.type());
        }
    }

    private static int writeSequence(byte[] out, int pos, int tag, Data[] items) {
        out[pos] = (byte) tag;
        pos = writeVarbyte(out, pos + 1, items.length);
        for (Data item : items) {
            pos = write(item, out, pos);
        }
        return pos;
    }

    private static int writeLong(byte[] out, int pos, int tag, long value) {
        out[pos] = (byte) tag;
        LONG_BE.set(out, pos + 1, value);
        return pos + 9;
    }

    private static int writeBytes(byte[] out, int pos, byte[] src, int srcOff, int len) {
        pos = writeVarbyte(out, pos, len);
        System.arraycopy(src, srcOff, out, pos, len);
        return pos + len;
    }

    static int writeVarbyte(byte[] out, int pos, int length) {
        long x = length & 0xFFFF_FFFFL;
        while (x > 0x7F) {
            out[pos++] = (byte) ((x & 0x7F) | 0x80);
            x >>>= 7;
        }
        out[pos++] = (byte) x;
        return pos;
    }
}
