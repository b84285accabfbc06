package io.jbroker.data;

/**
 * Broker's total order over values: by type tag first, then per type (unsigned for counts and
 * string bytes, signed for integers and times, IEEE {@code <} for reals, lexicographic for
 * containers).
 */
final class DataOrder {
    private DataOrder() {}

    static int compare(Data a, Data b) {
        if (a == b) {
            return 0;
        }
        // fast path for the most common set elements and table keys (avoids two interface calls)
        if (a instanceof StringValue && b instanceof StringValue) {
            return ((StringValue) a).compareBytes((StringValue) b);
        }
        DataType ta = a.type();
        DataType tb = b.type();
        if (ta != tb) {
            return Integer.compare(ta.tag(), tb.tag());
        }
        switch (ta) {
            case NONE:
                return 0;
            case BOOLEAN:
                return Boolean.compare(((BooleanValue) a).value(), ((BooleanValue) b).value());
            case COUNT:
                return Long.compareUnsigned(((CountValue) a).value(), ((CountValue) b).value());
            case INTEGER:
                return Long.compare(((IntegerValue) a).value(), ((IntegerValue) b).value());
            case REAL:
                return compareReal(((RealValue) a).value(), ((RealValue) b).value());
            case STRING:
                return ((StringValue) a).compareBytes((StringValue) b);
            case ADDRESS:
                return ((AddressValue) a).compareBits((AddressValue) b);
            case SUBNET:
                return ((SubnetValue) a).compareSubnet((SubnetValue) b);
            case PORT:
                return comparePort((PortValue) a, (PortValue) b);
            case TIMESTAMP:
                return Long.compare(((TimestampValue) a).nanos(), ((TimestampValue) b).nanos());
            case TIMESPAN:
                return Long.compare(((TimespanValue) a).nanos(), ((TimespanValue) b).nanos());
            case ENUM_VALUE:
                return ((EnumValue) a).compareBytes((EnumValue) b);
            case SET:
                return compareSequences(((SetValue) a).items(), ((SetValue) b).items());
            case TABLE:
                return compareTables((TableValue) a, (TableValue) b);
            case VECTOR:
                return compareSequences(((VectorValue) a).items(), ((VectorValue) b).items());
            default:
                throw new AssertionError(ta);
        }
    }

    /** IEEE {@code <} both ways: NaN and ±0 compare as equivalent, as in Broker. */
    static int compareReal(double x, double y) {
        return x < y ? -1 : (y < x ? 1 : 0);
    }

    private static int comparePort(PortValue a, PortValue b) {
        int c = Integer.compare(a.number(), b.number());
        return c != 0 ? c : Integer.compare(a.protocol().code(), b.protocol().code());
    }

    private static int compareSequences(Data[] a, Data[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int c = compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    private static int compareTables(TableValue a, TableValue b) {
        Data[] ak = a.keyArray();
        Data[] bk = b.keyArray();
        Data[] av = a.valueArray();
        Data[] bv = b.valueArray();
        int n = Math.min(ak.length, bk.length);
        for (int i = 0; i < n; i++) {
            int c = compare(ak[i], bk[i]);
            if (c == 0) {
                c = compare(av[i], bv[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ak.length, bk.length);
    }
}
