package io.jbroker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.jbroker.BrokerException;
import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.data.DataType;
import io.jbroker.data.Protocol;
import io.jbroker.store.internal.Appliers;
import io.jbroker.store.internal.InternalCommand;
import io.jbroker.store.internal.MasterState;
import io.jbroker.store.internal.Outbox;
import io.jbroker.store.internal.StoreCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The semantics of every store operation (stores.md §2) on a master over one backend, with an
 * injected clock for expiry; run once per backend by the subclasses. A backend that survives
 * restarts also overrides {@link #reopen}.
 */
abstract class BackendConformanceTest {
    static final EntityId SELF = new EntityId(EndpointId.of(1, 2), 7);
    static final EntityId OTHER = new EntityId(EndpointId.of(3, 4), 9);
    static final long SECOND = 1_000_000_000L;

    /** A new, empty backend. */
    abstract Backend create() throws Exception;

    /** Closes {@code b} and opens the same store again, or null if the backend is volatile. */
    Backend reopen(Backend b) throws Exception {
        return null;
    }

    private final long[] now = {1_700_000_000L * SECOND};
    private final List<StoreEvent> events = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private Backend backend;
    private MasterState master;

    @BeforeEach
    void attach() throws Exception {
        backend = create();
        master = masterOver(backend);
    }

    private MasterState masterOver(Backend b) {
        Outbox out = new Outbox() {
            @Override
            public void send(EndpointId envelopeReceiver, Topic topic, InternalCommand command) {}

            @Override
            public void event(StoreEvent event) {
                events.add(event);
            }

            @Override
            public void problem(ErrorCode code, String description) {
                problems.add(code.brokerName());
            }
        };
        return new MasterState("conf", SELF, b, () -> now[0], out, 5, 100, 2);
    }

    @AfterEach
    void detach() {
        backend.close();
    }

    private static Data s(String v) {
        return Data.string(v);
    }

    private Data get(String key) {
        return backend.get(s(key)).map(Backend.Entry::value).orElse(null);
    }

    private void apply(StoreCommand c) {
        master.apply(c);
        backend.commit();
    }

    private void put(String key, Data value) {
        apply(new StoreCommand.Put(s(key), value, OptionalLong.empty(), SELF));
    }

    private void add(String key, Data value, DataType init) {
        apply(new StoreCommand.Add(s(key), value, init, OptionalLong.empty(), SELF));
    }

    private void subtract(String key, Data value) {
        apply(new StoreCommand.Subtract(s(key), value, OptionalLong.empty(), SELF));
    }

    // ------------------------------------------------------------------ primitives

    @Test
    void primitivesStoreReplaceEraseAndList() {
        backend.put(s("a"), Data.count(1), OptionalLong.empty());
        backend.put(s("b"), Data.count(2), OptionalLong.of(5));
        backend.put(s("a"), Data.count(3), OptionalLong.of(9));
        backend.commit();
        assertThat(backend.get(s("a"))).contains(new Backend.Entry(Data.count(3), OptionalLong.of(9)));
        assertThat(backend.exists(s("b"))).isTrue();
        assertThat(backend.size()).isEqualTo(2);
        assertThat(backend.keys()).containsExactlyInAnyOrder(s("a"), s("b"));
        assertThat(backend.snapshot()).isEqualTo(Map.of(s("a"), Data.count(3), s("b"), Data.count(2)));
        assertThat(backend.expiredBefore(6)).containsExactly(s("b"));
        assertThat(backend.expiredBefore(5)).as("strictly before").isEmpty();
        assertThat(backend.erase(s("b"))).isTrue();
        assertThat(backend.erase(s("b"))).isFalse();
        backend.clear();
        backend.commit();
        assertThat(backend.size()).isZero();
        assertThat(backend.get(s("a"))).isEmpty();
    }

    @Test
    void expiryFollowsTheLatestPutAndEraseOfEachKey() {
        backend.put(s("a"), Data.count(1), OptionalLong.of(5));
        backend.put(s("b"), Data.count(2), OptionalLong.of(5));
        backend.put(s("c"), Data.count(3), OptionalLong.of(20));
        backend.put(s("a"), Data.count(4), OptionalLong.empty()); // no expiry any more
        backend.put(s("c"), Data.count(5), OptionalLong.of(7)); // sooner
        backend.erase(s("b"));
        backend.put(s("d"), Data.count(6), OptionalLong.of(7));
        backend.commit();
        assertThat(backend.expiredBefore(6)).isEmpty();
        assertThat(backend.expiredBefore(8)).containsExactlyInAnyOrder(s("c"), s("d"));
        backend.clear();
        assertThat(backend.expiredBefore(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void keysAndValuesOfEveryTypeRoundTrip() throws Exception {
        List<Data> values = List.of(
                Data.none(),
                Data.bool(true),
                Data.count(-1L),
                Data.integer(Long.MIN_VALUE),
                Data.real(-0.5),
                Data.string("ünï"),
                Data.address("2001:db8::1"),
                Data.subnet("10.0.0.0/8"),
                Data.port(443, Protocol.TCP),
                Data.timestampNanos(123),
                Data.timespanNanos(-5),
                Data.enumValue("Log::WRITER"),
                Data.set(Data.count(1), Data.count(2)),
                Data.table(Map.of(s("k"), Data.vector(Data.none()))),
                Data.vector(Data.set(), Data.string("")));
        for (Data v : values) {
            backend.put(v, v, OptionalLong.empty());
        }
        backend.commit();
        Backend again = reopen(backend);
        Backend b = again != null ? again : backend;
        backend = b;
        for (Data v : values) {
            assertThat(b.get(v).map(Backend.Entry::value)).contains(v);
        }
    }

    // ------------------------------------------------------------------ put, put_unique, erase, clear

    @Test
    void putInsertsThenUpdatesAndReplacesTheExpiry() {
        apply(new StoreCommand.Put(s("k"), Data.count(1), OptionalLong.of(10 * SECOND), OTHER));
        assertThat(backend.get(s("k")).orElseThrow().expiresAt()).hasValue(now[0] + 10 * SECOND);
        put("k", Data.count(2));
        assertThat(backend.get(s("k")).orElseThrow().expiresAt())
                .as("no expiry removes it")
                .isEmpty();
        assertThat(events)
                .containsExactly(
                        new StoreEvent.Insert("conf", s("k"), Data.count(1), OptionalLong.of(10 * SECOND), OTHER),
                        new StoreEvent.Update(
                                "conf", s("k"), Data.count(1), Data.count(2), OptionalLong.empty(), SELF));
    }

    @Test
    void putUniqueStoresOnlyAbsentKeys() {
        List<Boolean> results = new ArrayList<>();
        master.onPutUnique((who, req, inserted) -> results.add(inserted));
        apply(new StoreCommand.PutUnique(s("u"), s("first"), OptionalLong.empty(), OTHER, 1, OTHER));
        apply(new StoreCommand.PutUnique(s("u"), s("second"), OptionalLong.empty(), OTHER, 2, OTHER));
        assertThat(results).containsExactly(true, false);
        assertThat(get("u")).isEqualTo(s("first"));
        assertThat(events).hasSize(1);
    }

    @Test
    void eraseOfAnAbsentKeyDoesNothing() {
        put("k", Data.count(1));
        events.clear();
        apply(new StoreCommand.Erase(s("absent"), SELF));
        assertThat(events).isEmpty();
        apply(new StoreCommand.Erase(s("k"), OTHER));
        assertThat(events).containsExactly(new StoreEvent.Erase("conf", s("k"), OTHER));
        assertThat(get("k")).isNull();
    }

    @Test
    void clearErasesEveryKeyWithAnEventEach() {
        put("a", Data.count(1));
        put("b", Data.count(2));
        events.clear();
        apply(new StoreCommand.Clear(OTHER));
        assertThat(backend.size()).isZero();
        assertThat(events)
                .containsExactlyInAnyOrder(
                        new StoreEvent.Erase("conf", s("a"), OTHER), new StoreEvent.Erase("conf", s("b"), OTHER));
    }

    // ------------------------------------------------------------------ expiry

    @Test
    void keysExpireOnTheTickAfterTheirTimeOnTheMastersClock() {
        apply(new StoreCommand.Put(s("short"), s("v"), OptionalLong.of(SECOND), SELF));
        apply(new StoreCommand.Add(s("n"), Data.count(1), DataType.COUNT, OptionalLong.of(3 * SECOND), SELF));
        put("forever", s("v"));
        now[0] += SECOND;
        master.tick();
        assertThat(get("short")).as("not before its time").isNotNull();
        now[0] += 1;
        master.tick();
        backend.commit();
        assertThat(get("short")).isNull();
        assertThat(events).contains(new StoreEvent.Expire("conf", s("short"), SELF));
        now[0] += 5 * SECOND;
        master.tick();
        backend.commit();
        assertThat(backend.keys()).containsExactly(s("forever"));
    }

    // ------------------------------------------------------------------ add and subtract

    @Test
    void addStartsFromTheInitTypesDefaultAndSums() {
        add("c", Data.count(5), DataType.COUNT);
        add("c", Data.count(2), DataType.COUNT);
        subtract("c", Data.count(3));
        add("i", Data.integer(-5), DataType.INTEGER);
        subtract("i", Data.integer(10));
        add("r", Data.real(1.5), DataType.REAL);
        subtract("r", Data.real(0.25));
        add("ts0", Data.timespanNanos(2 * SECOND), DataType.TIMESTAMP);
        put("ts", Data.timestampNanos(1_700_000_000L * SECOND));
        add("ts", Data.timespanNanos(1_500_000_000L), DataType.TIMESTAMP);
        subtract("ts", Data.timespanNanos(500_000_000L));
        add("span", Data.timespanNanos(7), DataType.TIMESPAN);
        add("s", s("abc"), DataType.STRING);
        add("s", s("def"), DataType.STRING);
        assertThat(get("c")).isEqualTo(Data.count(4));
        assertThat(get("i")).isEqualTo(Data.integer(-15));
        assertThat(get("r")).isEqualTo(Data.real(1.25));
        assertThat(get("ts0")).isEqualTo(Data.timestampNanos(2 * SECOND));
        assertThat(get("ts")).isEqualTo(Data.timestampNanos(1_700_000_001L * SECOND));
        assertThat(get("span")).isEqualTo(Data.timespanNanos(7));
        assertThat(get("s")).isEqualTo(s("abcdef"));
        assertThat(problems).isEmpty();
    }

    @Test
    void countsWrapModulo2To64() {
        put("c", Data.count(-1L));
        add("c", Data.count(2), DataType.COUNT);
        assertThat(get("c")).isEqualTo(Data.count(1));
        subtract("c", Data.count(2));
        assertThat(get("c")).isEqualTo(Data.count(-1L));
    }

    @Test
    void containersInsertRemovePushAndPop() {
        add("set", s("a"), DataType.SET);
        add("set", s("b"), DataType.SET);
        add("set", s("b"), DataType.SET);
        subtract("set", s("a"));
        subtract("set", s("absent"));
        add("tab", Data.vector(s("key1"), Data.count(1)), DataType.TABLE);
        add("tab", Data.vector(s("key2"), Data.count(2)), DataType.TABLE);
        add("tab", Data.vector(s("key2"), Data.count(3)), DataType.TABLE);
        subtract("tab", s("key1"));
        add("vec", Data.count(1), DataType.VECTOR);
        add("vec", s("two"), DataType.VECTOR);
        subtract("vec", s("vec"));
        add("empty", Data.count(1), DataType.VECTOR);
        subtract("empty", s("empty"));
        subtract("empty", s("empty"));
        assertThat((Data) get("set")).isEqualTo(Data.set(s("b")));
        assertThat((Data) get("tab")).isEqualTo(Data.table(Map.of(s("key2"), Data.count(3))));
        assertThat((Data) get("vec")).isEqualTo(Data.vector(Data.count(1)));
        assertThat((Data) get("empty")).as("pop of an empty vector is a no-op").isEqualTo(Data.vector());
        assertThat(problems).isEmpty();
    }

    @Test
    void typeClashesAndMissingKeysChangeNothingAndAreReported() {
        put("s", s("text"));
        put("b", Data.bool(true));
        events.clear();
        add("s", Data.count(1), DataType.COUNT);
        subtract("s", s("t"));
        add("b", Data.bool(false), DataType.BOOLEAN);
        add("missing", Data.count(1), DataType.NONE);
        subtract("missing", Data.count(1));
        add("tabx", s("not a pair"), DataType.TABLE);
        add("taby", Data.vector(s("k")), DataType.TABLE);
        assertThat(problems)
                .containsExactly(
                        "type_clash",
                        "type_clash",
                        "type_clash",
                        "type_clash",
                        "no_such_key",
                        "type_clash",
                        "invalid_data");
        assertThat(events).isEmpty();
        assertThat(get("s")).isEqualTo(s("text"));
        assertThat(get("tabx")).isNull();
        assertThatThrownBy(() -> master.applyOrThrow(
                        new StoreCommand.Add(s("s"), Data.count(1), DataType.COUNT, OptionalLong.empty(), SELF)))
                .isInstanceOfSatisfying(
                        BrokerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TYPE_CLASH));
    }

    @Test
    void addAndSubtractReplaceTheExpiry() {
        apply(new StoreCommand.Put(s("n"), Data.count(1), OptionalLong.of(SECOND), SELF));
        add("n", Data.count(1), DataType.COUNT);
        assertThat(backend.get(s("n")).orElseThrow().expiresAt()).isEmpty();
        apply(new StoreCommand.Subtract(s("n"), Data.count(1), OptionalLong.of(2 * SECOND), SELF));
        assertThat(backend.get(s("n")).orElseThrow().expiresAt()).hasValue(now[0] + 2 * SECOND);
    }

    // ------------------------------------------------------------------ reads

    @Test
    void getIndexFromValue() {
        Data vec = Data.vector(s("a"), s("b"));
        assertThat(Appliers.index(vec, Data.count(1))).isEqualTo(s("b"));
        assertThat(Appliers.index(vec, Data.integer(0))).isEqualTo(s("a"));
        assertThatThrownBy(() -> Appliers.index(vec, Data.count(2)))
                .isInstanceOfSatisfying(
                        BrokerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_KEY));
        assertThatThrownBy(() -> Appliers.index(vec, Data.integer(-1)))
                .isInstanceOfSatisfying(
                        BrokerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TYPE_CLASH));
        assertThat(Appliers.index(Data.set(s("x")), s("x"))).isEqualTo(Data.bool(true));
        assertThat(Appliers.index(Data.set(s("x")), s("y"))).isEqualTo(Data.bool(false));
        assertThat(Appliers.index(Data.table(Map.of(s("k"), Data.count(2))), s("k")))
                .isEqualTo(Data.count(2));
        assertThatThrownBy(() -> Appliers.index(Data.table(Map.of()), s("k"))).isInstanceOf(BrokerException.class);
        assertThat(Appliers.index(Data.count(5), s("anything"))).isEqualTo(Data.count(5));
    }

    // ------------------------------------------------------------------ durability

    @Test
    void committedWritesSurviveAReopenWithTheirExpiry() throws Exception {
        apply(new StoreCommand.Put(s("k"), Data.count(1), OptionalLong.of(SECOND), SELF));
        add("set", s("a"), DataType.SET);
        put("gone", s("x"));
        apply(new StoreCommand.Erase(s("gone"), SELF));
        Backend again = reopen(backend);
        assumeThat(again).as("a volatile backend").isNotNull();
        backend = again;
        master = masterOver(again);
        assertThat(get("k")).isEqualTo(Data.count(1));
        assertThat(backend.get(s("k")).orElseThrow().expiresAt()).hasValue(now[0] + SECOND);
        assertThat((Data) get("set")).isEqualTo(Data.set(s("a")));
        assertThat(get("gone")).isNull();
        now[0] += 2 * SECOND;
        master.tick();
        backend.commit();
        assertThat(get("k")).as("expiry survives the restart").isNull();
    }
}
