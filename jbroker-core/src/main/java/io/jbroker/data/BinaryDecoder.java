package io.jbroker.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads one format bin v1 value from a byte range. Every length is checked against the remaining
 * bytes before allocation; each element takes at least one byte (a table entry two), so container
 * counts are bounded by the input size, and element arrays grow only as elements arrive. Recursion
 * costs two small frames per nesting level ({@link #readValue} and {@link #readContainer}). Single
 * use, not thread-safe.
 */
final class BinaryDecoder {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final Data[] NO_DATA = new Data[0];
    private static final int TAG_COUNT = 2;
    private static final int TAG_SET = 12;
    private static final int TAG_TABLE = 13;
    private static final int TAG_VECTOR = 14;
    /** Elements allocated for a container before any arrive; larger ones grow as they are read. */
    private static final int PREALLOCATED = 128;

    private static final int MAX_DESCRIBED = 100;

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

    /** Reads one value that may be followed by more bytes; {@link #position} is then after it. */
    Data decodeNext() {
        if (pos >= end) {
            throw fail(pos, "truncated: expected a type tag");
        }
        return readValue(0);
    }

    int position() {
        return pos;
    }

    /**
     * Reads one value. Containers recurse through {@link #readContainer} only, so each nesting level
     * costs two small stack frames; scalars are read by a leaf method.
     */
    private Data readValue(int depth) {
        if (pos >= end) {
            throw fail(pos, "truncated: expected a type tag");
        }
        int tag = buf[pos] & 0xFF;
        if (tag >= TAG_SET && tag <= TAG_VECTOR) {
            return readContainer(tag, depth);
        }
        if (tag == TAG_COUNT && end - pos > 8) {
            // the commonest scalar in Zeek messages, read without a call
            long v = (long) LONG_BE.get(buf, pos + 1);
            pos += 9;
            return CountValue.of(v);
        }
        return readScalar(tag);
    }

    private Data readScalar(int tag) {
        int at = pos++;
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
                StringValue s =
                        share || len == 0 ? StringValue.wrap(buf, pos, len) : StringValue.ofBytes(buf, pos, len);
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
                        : EnumValue.wrap(Arrays.copyOfRange(buf, pos, pos + len), 0, len);
                pos += len;
                return e;
            }
            default:
                throw fail(at, "unknown type tag " + tag);
        }
    }

    /**
     * Reads a set, table or vector. The element arrays start at most {@link #PREALLOCATED} long and
     * grow only as elements actually arrive, so a claimed count never allocates more than the
     * input can fill (nested claims cannot multiply memory use).
     */
    private Data readContainer(int tag, int depth) {
        int at = pos++;
        if (depth >= BinaryFormat.MAX_NESTING_DEPTH) {
            throw fail(at, "nesting deeper than " + BinaryFormat.MAX_NESTING_DEPTH + " containers");
        }
        String what = tag == TAG_SET ? "set" : tag == TAG_TABLE ? "table" : "vector";
        int n = readLength(what);
        int perElement = tag == TAG_TABLE ? 2 : 1;
        if (n > (end - pos) / perElement) {
            throw fail(
                    at,
                    what + " claims " + Integer.toUnsignedString(n) + (tag == TAG_TABLE ? " entries" : " elements")
                            + " but only " + (end - pos) + " bytes remain");
        }
        if (n == 0) {
            return tag == TAG_SET ? SetValue.EMPTY : tag == TAG_TABLE ? TableValue.EMPTY : VectorValue.EMPTY;
        }
        Data[] items = new Data[Math.min(n, PREALLOCATED)];
        if (tag != TAG_TABLE) {
            for (int i = 0; i < n; i++) {
                if (i == items.length) {
                    items = grow(items, n);
                }
                items[i] = readValue(depth + 1);
            }
            return tag == TAG_VECTOR ? VectorValue.wrap(items) : toSet(at, items);
        }
        Data[] values = new Data[items.length];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            if (i == items.length) {
                items = grow(items, n);
                values = grow(values, n);
            }
            items[i] = readValue(depth + 1);
            values[i] = readValue(depth + 1);
            if (sorted && i > 0) {
                sorted = checkAscendingKeys(at, items[i - 1], items[i]);
            }
        }
        return sorted ? TableValue.wrapSorted(items, values) : toTable(at, items, values);
    }

    private static Data[] grow(Data[] items, int limit) {
        return Arrays.copyOf(items, (int) Math.min(limit, 2L * items.length));
    }

    private SetValue toSet(int at, Data[] items) {
        for (int i = 1; i < items.length; i++) {
            int c = DataOrder.compare(items[i - 1], items[i]);
            if (c == 0) {
                throw fail(at, "duplicate set element " + describe(items[i]));
            }
            if (c > 0) {
                return SetValue.wrapSorted(sortSet(at, items));
            }
        }
        return SetValue.wrapSorted(items);
    }

    /** Sorts like Broker's ordered set, which gets the elements inserted in wire order. */
    private Data[] sortSet(int at, Data[] items) {
        TreeSet<Data> sorted = new TreeSet<>();
        for (Data d : items) {
            if (!sorted.add(d)) {
                throw fail(at, "duplicate set element " + describe(d));
            }
        }
        return sorted.toArray(NO_DATA);
    }

    /** Whether {@code next} sorts after {@code previous}; a duplicate key fails. */
    private boolean checkAscendingKeys(int at, Data previous, Data next) {
        int c = DataOrder.compare(previous, next);
        if (c == 0) {
            throw fail(at, "duplicate table key " + describe(next));
        }
        return c < 0;
    }

    private TableValue toTable(int at, Data[] keys, Data[] values) {
        TreeMap<Data, Data> map = new TreeMap<>();
        for (int i = 0; i < keys.length; i++) {
            if (map.putIfAbsent(keys[i], values[i]) != null) {
                throw fail(at, "duplicate table key " + describe(keys[i]));
            }
        }
        return TableValue.wrapSorted(map.keySet().toArray(NO_DATA), map.values().toArray(NO_DATA));
    }

    /** The text of a value for an error message, cut short if long. */
    private static String describe(Data d) {
        String text = d.toString();
        return text.length() <= MAX_DESCRIBED ? text : text.substring(0, MAX_DESCRIBED) + "...";
    }

    private long readLong(String what) {
        need(8, what);
        long v = (long) LONG_BE.get(buf, pos);
        pos += 8;
        return v;
    }

    /** Reads a varbyte length: at most 5 bytes, value below 2^32 (returned as an unsigned int). */
    private int readLength(String what) {
        if (pos < end && buf[pos] >= 0) {
            return buf[pos++]; // one byte: below 128
        }
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
