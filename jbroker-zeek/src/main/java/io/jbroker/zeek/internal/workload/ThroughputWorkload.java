package io.jbroker.zeek.internal.workload;

import io.jbroker.data.Data;
import io.jbroker.data.Protocol;
import io.jbroker.data.TimestampValue;
import io.jbroker.data.VectorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The three event shapes of upstream Broker's {@code broker-throughput} tool, as Zeek events
 * {@code [1, 1, [name, args]]} published on {@link #TOPIC}: type 1 a small event, type 2 a line of
 * conn.log, type 3 a large table (the project's spec, {@code benchmark-workloads.md}).
 *
 * <p>Random strings draw from {@code 0-9A-Za-z} with the generator upstream uses (C++'s {@code
 * minstd_rand}, seed 31337, one character per draw as {@code value % 62}), shared by all types as
 * upstream shares it, so a fresh instance produces upstream's strings in upstream's order; counters
 * start at 1. Timestamps come from the clock given to the constructor.
 *
 * <p>Not thread-safe: each instance owns its generator and counter.
 */
public final class ThroughputWorkload {
    /** The topic upstream's client publishes on and its server subscribes to. */
    public static final String TOPIC = "/benchmark/events";

    /** Any message on this topic stops upstream's server. */
    public static final String TERMINATE_TOPIC = "/benchmark/terminate";

    /** Upstream's seed of {@code minstd_rand}. */
    public static final long UPSTREAM_SEED = 31337;

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final long MINSTD_MULTIPLIER = 48271;
    private static final long MINSTD_MODULUS = 2147483647;
    /** {@code duration<double>(3.14)} truncated to nanoseconds, as upstream converts it. */
    private static final long TIMESPAN_3_14_S = 3_140_000_000L;

    private static final Data ADDRESS_1 = Data.address("1.2.3.4");
    private static final Data ADDRESS_2 = Data.address("3.4.5.6");
    private static final Data PORT_4567 = Data.port(4567, Protocol.TCP);
    private static final Data PORT_80 = Data.port(80, Protocol.TCP);

    private final Supplier<TimestampValue> clock;
    private long state;
    private long counter;

    /** Upstream's generator and seed, timestamps from the system clock. */
    public ThroughputWorkload() {
        this(UPSTREAM_SEED, TimestampValue::now);
    }

    /**
     * A workload with its own seed (1 to 2^31-2; others are reduced into that range as {@code
     * minstd_rand} does) and clock.
     */
    public ThroughputWorkload(long seed, Supplier<TimestampValue> clock) {
        long s = Math.floorMod(seed, MINSTD_MODULUS);
        this.state = s == 0 ? 1 : s;
        this.clock = clock;
    }

    /** The event name of {@code type}: {@code event_1}, {@code event_2} or {@code event_3}. */
    public static String eventName(int type) {
        checkType(type);
        return "event_" + type;
    }

    /** The next event of {@code type} 1, 2 or 3. */
    public VectorValue event(int type) {
        checkType(type);
        return zeekEvent(eventName(type), arguments(type));
    }

    /**
     * A message of {@code size} events of {@code type}, as upstream's client sends with {@code
     * --batch-size}: a vector whose elements are events.
     */
    public VectorValue batch(int type, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + size);
        }
        List<Data> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            events.add(event(type));
        }
        return VectorValue.of(events);
    }

    private List<Data> arguments(int type) {
        switch (type) {
            case 1:
                return List.of(Data.integer(42), Data.string("test"));
            case 2:
                return connLogArguments();
            default:
                return largeTableArguments();
        }
    }

    /** The 18 fields of a conn.log line, in upstream's order of generation. */
    private List<Data> connLogArguments() {
        List<Data> args = new ArrayList<>(18);
        args.add(clock.get());
        args.add(randomString(10));
        args.add(Data.vector(ADDRESS_1, PORT_4567, ADDRESS_2, PORT_80));
        args.add(Data.enumValue("tcp"));
        args.add(randomString(10));
        args.add(Data.timespanNanos(TIMESPAN_3_14_S));
        args.add(nextCount());
        args.add(nextCount());
        args.add(randomString(5));
        args.add(Data.bool(true));
        args.add(Data.bool(false));
        args.add(nextCount());
        args.add(randomString(10));
        args.add(nextCount());
        args.add(nextCount());
        args.add(nextCount());
        args.add(nextCount());
        Data first = randomString(10);
        Data second = randomString(10);
        args.add(Data.set(first, second));
        return args;
    }

    /** {@code [now, table]}: 100 distinct keys of 15 characters, each to 10 distinct 5-character strings. */
    private List<Data> largeTableArguments() {
        TreeSet<Data> keys = new TreeSet<>();
        while (keys.size() < 100) {
            keys.add(randomString(15));
        }
        Map<Data, Data> table = new TreeMap<>();
        for (Data key : keys) {
            Set<Data> values = new TreeSet<>();
            while (values.size() < 10) {
                values.add(randomString(5));
            }
            table.put(key, Data.set(values));
        }
        return List.of(clock.get(), Data.table(table));
    }

    /** A Zeek event message without metadata: {@code [1 (version), 1 (event), [name, [args]]]}. */
    public static VectorValue zeekEvent(String name, List<Data> args) {
        return Data.vector(Data.count(1), Data.count(1), Data.vector(Data.string(name), Data.vector(args)));
    }

    private Data nextCount() {
        return Data.count(++counter);
    }

    private Data randomString(int length) {
        byte[] chars = new byte[length];
        for (int i = 0; i < length; i++) {
            state = state * MINSTD_MULTIPLIER % MINSTD_MODULUS;
            chars[i] = (byte) ALPHABET.charAt((int) (state % ALPHABET.length()));
        }
        return Data.string(chars);
    }

    private static void checkType(int type) {
        if (type < 1 || type > 3) {
            throw new IllegalArgumentException("event type must be 1, 2 or 3: " + type);
        }
    }
}
