package io.jbroker.store.internal;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;
import io.jbroker.data.BooleanValue;
import io.jbroker.data.CountValue;
import io.jbroker.data.Data;
import io.jbroker.data.DataType;
import io.jbroker.data.IntegerValue;
import io.jbroker.data.RealValue;
import io.jbroker.data.SetValue;
import io.jbroker.data.StringValue;
import io.jbroker.data.TableValue;
import io.jbroker.data.TimespanValue;
import io.jbroker.data.TimestampValue;
import io.jbroker.data.VectorValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Broker's add/subtract/retrieve rules (stores.md §2.2, §2.3) as pure functions on values. */
public final class Appliers {
    private Appliers() {}

    /** The value a missing key starts from for an add with {@code type}. */
    public static Data initial(DataType type) {
        return switch (type) {
            case NONE -> throw clash("add to a missing key without an initial type");
            case BOOLEAN -> BooleanValue.FALSE;
            case COUNT -> CountValue.of(0);
            case INTEGER -> IntegerValue.of(0);
            case REAL -> RealValue.of(0.0);
            case STRING -> StringValue.EMPTY;
            case TIMESTAMP -> TimestampValue.ofNanos(0);
            case TIMESPAN -> TimespanValue.ofNanos(0);
            case SET -> SetValue.EMPTY;
            case TABLE -> TableValue.EMPTY;
            case VECTOR -> VectorValue.EMPTY;
            default -> throw clash("no default value for " + type);
        };
    }

    /** {@code existing + value}, or a {@code type_clash}/{@code invalid_data} error. */
    public static Data add(Data existing, Data value) {
        if (existing instanceof CountValue c && value instanceof CountValue v) {
            return CountValue.of(c.value() + v.value());
        }
        if (existing instanceof IntegerValue c && value instanceof IntegerValue v) {
            return IntegerValue.of(c.value() + v.value());
        }
        if (existing instanceof RealValue c && value instanceof RealValue v) {
            return RealValue.of(c.value() + v.value());
        }
        if (existing instanceof TimespanValue c && value instanceof TimespanValue v) {
            return TimespanValue.ofNanos(c.nanos() + v.nanos());
        }
        if (existing instanceof TimestampValue c && value instanceof TimespanValue v) {
            return TimestampValue.ofNanos(c.nanos() + v.nanos());
        }
        if (existing instanceof StringValue c && value instanceof StringValue v) {
            byte[] a = c.bytes();
            byte[] b = v.bytes();
            byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, r, a.length, b.length);
            return StringValue.ofBytes(r);
        }
        if (existing instanceof VectorValue c) {
            List<Data> l = new ArrayList<>(c.asList());
            l.add(value);
            return VectorValue.of(l);
        }
        if (existing instanceof SetValue c) {
            if (c.contains(value)) {
                return c;
            }
            TreeSet<Data> s = new TreeSet<>(c.elements());
            s.add(value);
            return SetValue.of(s);
        }
        if (existing instanceof TableValue c) {
            if (!(value instanceof VectorValue kv)) {
                throw clash("insert into a table needs a vector [key, value]");
            }
            if (kv.size() != 2) {
                throw new BrokerException(ErrorCode.INVALID_DATA, "insert into a table needs exactly 2 elements");
            }
            Map<Data, Data> m = new LinkedHashMap<>(c.asMap());
            m.put(kv.get(0), kv.get(1));
            return TableValue.of(m);
        }
        throw clash("cannot add " + value.type() + " to " + existing.type());
    }

    /** {@code existing - value}, or a {@code type_clash} error. */
    public static Data subtract(Data existing, Data value) {
        if (existing instanceof CountValue c && value instanceof CountValue v) {
            return CountValue.of(c.value() - v.value());
        }
        if (existing instanceof IntegerValue c && value instanceof IntegerValue v) {
            return IntegerValue.of(c.value() - v.value());
        }
        if (existing instanceof RealValue c && value instanceof RealValue v) {
            return RealValue.of(c.value() - v.value());
        }
        if (existing instanceof TimespanValue c && value instanceof TimespanValue v) {
            return TimespanValue.ofNanos(c.nanos() - v.nanos());
        }
        if (existing instanceof TimestampValue c && value instanceof TimespanValue v) {
            return TimestampValue.ofNanos(c.nanos() - v.nanos());
        }
        if (existing instanceof VectorValue c) {
            return c.isEmpty() ? c : VectorValue.of(c.asList().subList(0, c.size() - 1));
        }
        if (existing instanceof SetValue c) {
            if (!c.contains(value)) {
                return c;
            }
            List<Data> l = new ArrayList<>(c.elements());
            l.remove(value);
            return SetValue.of(l);
        }
        if (existing instanceof TableValue c) {
            if (!c.containsKey(value)) {
                return c;
            }
            Map<Data, Data> m = new LinkedHashMap<>(c.asMap());
            m.remove(value);
            return TableValue.of(m);
        }
        throw clash("cannot subtract " + value.type() + " from " + existing.type());
    }

    /** Broker's {@code get_index_from_value} on a stored value. */
    public static Data index(Data value, Data index) {
        if (value instanceof VectorValue v) {
            long i;
            if (index instanceof CountValue c) {
                i = c.value();
            } else if (index instanceof IntegerValue n && n.value() >= 0) {
                i = n.value();
            } else {
                throw clash("vector index must be a count or a non-negative integer");
            }
            if (i < 0 || i >= v.size()) {
                throw new BrokerException(ErrorCode.NO_SUCH_KEY, "index " + Long.toUnsignedString(i) + " out of range");
            }
            return v.get((int) i);
        }
        if (value instanceof SetValue s) {
            return BooleanValue.of(s.contains(index));
        }
        if (value instanceof TableValue t) {
            Data d = t.get(index);
            if (d == null) {
                throw new BrokerException(ErrorCode.NO_SUCH_KEY, "no such index " + index);
            }
            return d;
        }
        return value;
    }

    private static BrokerException clash(String why) {
        return new BrokerException(ErrorCode.TYPE_CLASH, why);
    }
}
