package io.jbroker.data;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Broker value: one of the 15 types of Broker's data model ({@link DataType}). Values are
 * immutable and thread-safe.
 *
 * <p>{@link #compareTo} is Broker's total order (type tag first), which sets and tables use.
 * {@link #toString} is Broker's text form. Equality is structural; for reals see {@link RealValue}.
 *
 * <p>The static factories give short construction without ambiguity: Java integers become Broker
 * {@code integer}s, and a {@code count} is only ever made by {@link #count(long)}:
 *
 * <pre>{@code
 * Data event = Data.vector(Data.count(1), Data.count(1),
 *     Data.vector(Data.string("ping"), Data.vector(Data.string("hi"), Data.count(1))));
 * }</pre>
 */
public sealed interface Data extends Comparable<Data>
        permits NoneValue,
                BooleanValue,
                CountValue,
                IntegerValue,
                RealValue,
                StringValue,
                AddressValue,
                SubnetValue,
                PortValue,
                TimestampValue,
                TimespanValue,
                EnumValue,
                SetValue,
                TableValue,
                VectorValue {

    /** This value's type. */
    DataType type();

    /** Broker's total order: by type tag, then by the type's own order. */
    @Override
    default int compareTo(Data other) {
        return DataOrder.compare(this, other);
    }

    static NoneValue none() {
        return NoneValue.INSTANCE;
    }

    static BooleanValue bool(boolean value) {
        return BooleanValue.of(value);
    }

    /** A {@code count} holding the given unsigned 64-bit pattern. */
    static CountValue count(long unsignedValue) {
        return CountValue.of(unsignedValue);
    }

    static IntegerValue integer(long value) {
        return IntegerValue.of(value);
    }

    static RealValue real(double value) {
        return RealValue.of(value);
    }

    /** A string holding the UTF-8 bytes of {@code value}. */
    static StringValue string(String value) {
        return StringValue.of(value);
    }

    /** A string holding a copy of raw bytes (need not be UTF-8). */
    static StringValue string(byte[] raw) {
        return StringValue.ofBytes(raw);
    }

    /** An address parsed from IPv4 or IPv6 text (no DNS). */
    static AddressValue address(String text) {
        return AddressValue.parse(text);
    }

    static AddressValue address(InetAddress address) {
        return AddressValue.of(address);
    }

    /** A normalized subnet parsed from {@code address/length}. */
    static SubnetValue subnet(String text) {
        return SubnetValue.parse(text);
    }

    static SubnetValue subnet(AddressValue address, int length) {
        return SubnetValue.of(address, length);
    }

    static PortValue port(int number, Protocol protocol) {
        return PortValue.of(number, protocol);
    }

    static TimestampValue timestamp(Instant instant) {
        return TimestampValue.of(instant);
    }

    static TimestampValue timestampNanos(long nanosSinceEpoch) {
        return TimestampValue.ofNanos(nanosSinceEpoch);
    }

    static TimespanValue timespan(Duration duration) {
        return TimespanValue.of(duration);
    }

    static TimespanValue timespanNanos(long nanos) {
        return TimespanValue.ofNanos(nanos);
    }

    static EnumValue enumValue(String name) {
        return EnumValue.of(name);
    }

    static VectorValue vector(Data... items) {
        return VectorValue.of(items);
    }

    static VectorValue vector(List<? extends Data> items) {
        return VectorValue.of(items);
    }

    static SetValue set(Data... elements) {
        return SetValue.of(elements);
    }

    static SetValue set(Collection<? extends Data> elements) {
        return SetValue.of(elements);
    }

    static TableValue table(Map<? extends Data, ? extends Data> entries) {
        return TableValue.of(entries);
    }

    /**
     * Converts a plain Java value: {@code null} → none, {@link Boolean} → boolean, {@link Byte},
     * {@link Short}, {@link Integer}, {@link Long} → integer (never count), {@link Float}, {@link
     * Double} → real, {@link String} → string, {@code byte[]} → string, {@link InetAddress} →
     * address, {@link Instant} → timestamp, {@link Duration} → timespan, {@link Enum} → enum_value
     * (its name), {@link List} → vector, {@link Set} → set, {@link Map} → table, and a {@code Data}
     * as itself. Elements of collections are converted recursively.
     *
     * @throws IllegalArgumentException for any other type
     */
    static Data from(Object value) {
        if (value == null) {
            return NoneValue.INSTANCE;
        }
        if (value instanceof Data) {
            return (Data) value;
        }
        if (value instanceof Boolean) {
            return BooleanValue.of((Boolean) value);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return IntegerValue.of(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return RealValue.of(((Number) value).doubleValue());
        }
        if (value instanceof String) {
            return StringValue.of((String) value);
        }
        if (value instanceof byte[]) {
            return StringValue.ofBytes((byte[]) value);
        }
        if (value instanceof InetAddress) {
            return AddressValue.of((InetAddress) value);
        }
        if (value instanceof Instant) {
            return TimestampValue.of((Instant) value);
        }
        if (value instanceof Duration) {
            return TimespanValue.of((Duration) value);
        }
        if (value instanceof Enum) {
            return EnumValue.of(((Enum<?>) value).name());
        }
        if (value instanceof List) {
            List<Data> items = new ArrayList<>();
            for (Object o : (List<?>) value) {
                items.add(from(o));
            }
            return VectorValue.of(items);
        }
        if (value instanceof Set) {
            List<Data> items = new ArrayList<>();
            for (Object o : (Set<?>) value) {
                items.add(from(o));
            }
            return SetValue.of(items);
        }
        if (value instanceof Map) {
            TableValue.Builder b = TableValue.builder();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                b.put(from(e.getKey()), from(e.getValue()));
            }
            return b.build();
        }
        throw new IllegalArgumentException(
                "no Broker type for " + value.getClass().getName());
    }
}
