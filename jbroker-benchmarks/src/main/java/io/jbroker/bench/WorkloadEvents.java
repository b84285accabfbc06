package io.jbroker.bench;

import io.jbroker.data.Data;
import io.jbroker.data.Protocol;
import io.jbroker.data.TimestampValue;
import io.jbroker.data.VectorValue;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The three event shapes of upstream Broker's {@code broker-throughput} tool, as Zeek events
 * {@code [1, 1, [name, args]]}: type 1 a small event, type 2 a line of conn.log, type 3 a large
 * table (see shared/spec/benchmark-workloads.md). Random strings use {@code 0-9A-Za-z} from a seeded
 * generator, so a given seed always yields the same events; counters start at 1.
 *
 * <p>Not thread-safe: each instance owns its generator and counter.
 */
public final class WorkloadEvents {
    /** The seed the benchmarks use. */
    public static final long SEED = 0x5eed_b10cL;

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final long TIMESPAN_3_14_S = 3_140_000_000L;

    private final Random random;
    private final TimestampValue now;
    private long counter;

    /** Events whose random parts come from {@code seed} and whose timestamps are {@code now}. */
    public WorkloadEvents(long seed, TimestampValue now) {
        this.random = new Random(seed);
        this.now = now;
    }

    /** The next event of {@code type} 1, 2 or 3. */
    public VectorValue event(int type) {
        switch (type) {
            case 1:
                return smallEvent();
            case 2:
                return connLogEvent();
            case 3:
                return largeTableEvent();
            default:
                throw new IllegalArgumentException("event type must be 1, 2 or 3: " + type);
        }
    }

    /** Type 1: {@code event_1(42, "test")}. */
    public VectorValue smallEvent() {
        return zeekEvent("event_1", Data.integer(42), Data.string("test"));
    }

    /** Type 2: {@code event_2} with the 18 fields of a conn.log line. */
    public VectorValue connLogEvent() {
        return zeekEvent(
                "event_2",
                now,
                randomString(10),
                Data.vector(
                        Data.address("1.2.3.4"),
                        Data.port(4567, Protocol.TCP),
                        Data.address("3.4.5.6"),
                        Data.port(80, Protocol.TCP)),
                Data.enumValue("tcp"),
                randomString(10),
                Data.timespanNanos(TIMESPAN_3_14_S),
                nextCount(),
                nextCount(),
                randomString(5),
                Data.bool(true),
                Data.bool(false),
                nextCount(),
                randomString(10),
                nextCount(),
                nextCount(),
                nextCount(),
                nextCount(),
                Data.set(distinctStrings(2, 10)));
    }

    /** Type 3: {@code event_3(now, table)}: 100 keys of 15 characters, each to a set of 10 strings. */
    public VectorValue largeTableEvent() {
        Map<Data, Data> table = new LinkedHashMap<>();
        while (table.size() < 100) {
            table.putIfAbsent(randomString(15), Data.set(distinctStrings(10, 5)));
        }
        return zeekEvent("event_3", now, Data.table(table));
    }

    /** A Zeek event message without metadata: {@code [1 (version), 1 (event), [name, [args]]]}. */
    public static VectorValue zeekEvent(String name, Data... args) {
        return Data.vector(Data.count(1), Data.count(1), Data.vector(Data.string(name), Data.vector(args)));
    }

    private Data nextCount() {
        return Data.count(++counter);
    }

    private Set<Data> distinctStrings(int count, int length) {
        Set<Data> strings = new LinkedHashSet<>();
        while (strings.size() < count) {
            strings.add(randomString(length));
        }
        return strings;
    }

    private Data randomString(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return Data.string(new String(chars));
    }
}
