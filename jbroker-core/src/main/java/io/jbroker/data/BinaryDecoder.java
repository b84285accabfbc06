package io.jbroker.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads one format bin v1 value from a byte range. Every length is checked against the remaining
 * bytes before allocation; each element takes at least one byte, so container counts are bounded
 * by the input size. Single use, not thread-safe.
 */
final class BinaryDecoder {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final Data[] NO_DATA = new Data[0];

    private final byte[] buf;
    private final int start;
    private final int end;
    private final boolean share;
    private int pos;

    BinaryDecoder(byte[] buf, int offset, int length, boolean share) {
        this.buf = buf;
        this.start = offset;
        this.end = offset + length;
        this.share = share;
        this.pos = offset;
    }

    Data decodeOne() {
        if (pos >= end) {
            throw fail(pos, "empty input");
        }
        Data d = readValue(0);
        if (pos != end) {
            throw fail(pos, (end - pos) + " trailing byte(s) after a complete value");
        }
        return d;
    }

    private Data readValue(int depth) {
        int at = pos;
        if (at >= end) {
            throw fail(at, "truncated: expected a type tag");
        }
        int tag = buf[pos++] & 0xFF;
        switch (tag) {
            case 0:
                return NoneValue.INSTANCE;
            case 1:
                need(1, "boolean");
                return BooleanValue.of(buf[pos++] != 0);
            case 2:
                return CountValue.of(readLong("count"));
            case 3:
                return IntegerValue.of(readLong("integer"));
            case 4:
                return RealValue.of(Reals.unpack(readLong("real")));
            case 5: {
                int len = readLength("string");
                need(len, "string");
                StringValue s = share ? StringValue.wrap(buf, pos, len) : StringValue.ofBytes(buf, pos, len);
                pos += len;
                return s;
            }
            case 6: {
                need(16, "address");
                AddressValue a = AddressValue.ofBits((long) LONG_BE.get(buf, pos), (long) LONG_BE.get(buf, pos + 8));
                pos += 16;
                return a;
            }
            case 7: {
                need(17, "subnet");
                AddressValue a = AddressValue.ofBits((long) LONG_BE.get(buf, pos), (long) LONG_BE.get(buf, pos + 8));
                int raw = buf[pos + 16] & 0xFF;
                pos += 17;
                return SubnetValue.unchecked(a, raw);
            }
            case 8: {
                need(3, "port");
                int number = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
                Protocol p = Protocol.fromCode(buf[pos + 2] & 0xFF);
                if (p == null) {
                    throw fail(pos + 2, "invalid port protocol " + (buf[pos + 2] & 0xFF));
                }
                pos += 3;
                return new PortValue(number, p);
            }
            case 9:
                return TimestampValue.ofNanos(readLong("timestamp"));
            case 10:
                return TimespanValue.ofNanos(readLong("timespan"));
            case 11: {
                int len = readLength("enum_value");
                need(len, "enum_value");
                EnumValue e = share
                        ? EnumValue.wrap(buf, pos, len)
                        : EnumValue.ofBytes(Arrays.copyOfRange(buf, pos, pos + len));
                pos += len;
                return e;
            }
            case 12:
                return readSet(at, depth);
            case 13:
                return readTable(at, depth);
            case 14:
                return VectorValue.wrap(readItems(at, depth, "vector"));
            default:
                throw fail(at, "unknown type tag " + tag);
        }
    }

    private Data[] readItems(int at, int depth, String what) {
        if (depth >= BinaryFormat.MAX_NESTING_DEPTH) {
            throw fail(at, "nesting deeper than " + BinaryFormat.MAX_NESTING_DEPTH + " containers");
        }
        int n = readLength(what);
        if (n > end - pos) {
            throw fail(
                    at,
                    what + " claims " + Integer.toUnsignedString(n) + " elements but only " + (end - pos)
                            + " bytes remain");
        }
        if (n == 0) {
            return NO_DATA;
        }
        Data[] items = new Data[n];
        for (int i = 0; i < n; i++) {
            items[i] = readValue(depth + 1);
        }
        return items;
    }

    private SetValue readSet(int at, int depth) {
        Data[] items = readItems(at, depth, "set");
        for (int i = 1; i < items.length; i++) {
            int c = items[i - 1].compareTo(items[i]);
            if (c == 0) {
                throw fail(at, "duplicate set element " + items[i]);
            }
            if (c > 0) {
                return SetValue.wrapSorted(sortSet(at, items));
            }
        }
        return SetValue.wrapSorted(items);
    }

    private Data[] sortSet(int at, Data[] items) {
        TreeSet<Data> sorted = new TreeSet<>();
        for (Data d : items) {
            if (!sorted.add(d)) {
                throw fail(at, "duplicate set element " + d);
            }
        }
        return sorted.toArray(NO_DATA);
    }

    private TableValue readTable(int at, int depth) {
        if (depth >= BinaryFormat.MAX_NESTING_DEPTH) {
            throw fail(at, "nesting deeper than " + BinaryFormat.MAX_NESTING_DEPTH + " containers");
        }
        int n = readLength("table");
        if (n > (end - pos) / 2) {
            throw fail(
                    at,
                    "table claims " + Integer.toUnsignedString(n) + " entries but only " + (end - pos)
                            + " bytes remain");
        }
        Data[] keys = new Data[n];
        Data[] values = new Data[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            keys[i] = readValue(depth + 1);
            values[i] = readValue(depth + 1);
            if (i > 0 && sorted) {
                int c = keys[i - 1].compareTo(keys[i]);
                if (c == 0) {
                    throw fail(at, "duplicate table key " + keys[i]);
                }
                sorted = c < 0;
            }
        }
        if (sorted) {
            return TableValue.wrapSorted(keys, values);
        }
        TreeMap<Data, Data> map = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (map.putIfAbsent(keys[i], values[i]) != null || map.size() != i + 1) {
                throw fail(at, "duplicate table key " + keys[i]);
            }
        }
        return TableValue.wrapSorted(map.keySet().toArray(NO_DATA), map.values().toArray(NO_DATA));
    }

    private long readLong(String what) {
        need(8, what);
        long v = (long) LONG_BE.get(buf, pos);
        pos += 8;
        return v;
    }

    /** Reads a varbyte length: at most 5 bytes, value below 2^32 (returned as an unsigned int). */
    private int readLength(String what) {
        int at = pos;
        long x = 0;
        for (int i = 0; i < 5; i++) {
            if (pos >= end) {
                throw fail(at, "truncated varbyte length of " + what);
            }
            int b = buf[pos++] & 0xFF;
            x |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (x > 0xFFFF_FFFFL) {
                    throw fail(at, "varbyte length of " + what + " exceeds 2^32-1");
                }
                if (x > Integer.MAX_VALUE) {
                    throw fail(at, what + " length " + x + " exceeds the remaining " + (end - pos) + " bytes");
                }
                return (int) x;
            }
        }
        throw fail(at, "varbyte length of " + what + " longer than 5 bytes");
    }

    private void need(int n, String what) {
        if (n > end - pos) {
            throw fail(pos, "truncated " + what + ": need " + n + " byte(s), " + (end - pos) + " remain");
        }
    }

    private DecodeException fail(int at, String reason) {
        return DecodeException.binary(at - start, reason);
    }
}
