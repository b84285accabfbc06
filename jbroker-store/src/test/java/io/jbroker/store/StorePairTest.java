package io.jbroker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.BrokerException;
import io.jbroker.DataMessage;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.data.NoneValue;
import io.jbroker.data.SetValue;
import io.jbroker.data.TableValue;
import io.jbroker.data.VectorValue;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A master and a clone on two jbroker endpoints peered over real sockets on 127.0.0.1: the clone
 * gets the snapshot, updates flow both ways through the master, store events arrive with Broker's
 * layouts, and a second master of the same store is refused.
 */
class StorePairTest {
    private final List<AutoCloseable> resources = new ArrayList<>();

    private Endpoint endpoint() {
        Endpoint e = Endpoint.create(EndpointConfig.builder().ioThreads(1).build());
        resources.add(e);
        return e;
    }

    private <T extends AutoCloseable> T keep(T t) {
        resources.add(0, t); // stores close before their endpoints
        return t;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : resources) {
            c.close();
        }
    }

    private static boolean peerAnnounces(Endpoint e, Topic topic) {
        return e.peers().stream().anyMatch(p -> p.topics().stream().anyMatch(topic::startsWith));
    }

    /** Endpoints a (listening) and b, peered. */
    private Endpoint[] pair() {
        Endpoint a = endpoint();
        Endpoint b = endpoint();
        int port = a.listen("127.0.0.1", 0);
        b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        return new Endpoint[] {a, b};
    }

    @Test
    void cloneGetsSnapshotAndUpdatesFlowBothWaysThroughTheMaster() {
        Endpoint[] ab = pair();
        Store master = keep(Stores.attachMaster(ab[0], "s", new MemoryBackend()));
        master.put(Data.string("before"), Data.count(1));

        Store clone = keep(Stores.attachClone(ab[1], "s"));
        assertThat(clone.get(Data.string("before")))
                .as("a read waits for the snapshot")
                .isEqualTo(Data.count(1));

        master.put(Data.string("m"), Data.string("from master"));
        Await.until("master's put at the clone", () -> clone.exists(Data.string("m")));
        assertThat(clone.get(Data.string("m"))).isEqualTo(Data.string("from master"));

        clone.put(Data.string("c"), Data.string("from clone"));
        Await.until("clone's put at the master", () -> master.exists(Data.string("c")));
        Await.until("clone's put back at the clone", () -> clone.exists(Data.string("c")));

        clone.increment(Data.string("n"), Data.count(5));
        clone.decrement(Data.string("n"), Data.count(2));
        clone.append(Data.string("str"), Data.string("ab"));
        clone.append(Data.string("str"), Data.string("cd"));
        clone.insertInto(Data.string("set"), Data.string("x"));
        clone.insertInto(Data.string("tab"), Data.string("k"), Data.count(7));
        clone.push(Data.string("vec"), Data.count(1));
        clone.push(Data.string("vec"), Data.count(2));
        clone.pop(Data.string("vec"));
        assertThat(clone.putUnique(Data.string("u"), Data.string("first"))).isTrue();
        assertThat(clone.putUnique(Data.string("u"), Data.string("second"))).isFalse();
        clone.erase(Data.string("before"));

        Await.until("clone converges", () -> !clone.exists(Data.string("before")));
        assertThat(clone.get(Data.string("n"))).isEqualTo(Data.count(3));
        assertThat(clone.get(Data.string("str"))).isEqualTo(Data.string("abcd"));
        assertThat((Data) clone.get(Data.string("set"))).isEqualTo(SetValue.of(List.of(Data.string("x"))));
        assertThat(clone.get(Data.string("tab"))).isEqualTo(TableValue.of(Map.of(Data.string("k"), Data.count(7))));
        assertThat(clone.getIndexFromValue(Data.string("tab"), Data.string("k")))
                .isEqualTo(Data.count(7));
        assertThat(clone.get(Data.string("vec"))).isEqualTo(VectorValue.of(Data.count(1)));
        assertThat(clone.get(Data.string("u"))).isEqualTo(Data.string("first"));
        assertThat((Object) clone.keys()).isEqualTo(master.keys());
        assertThat(master.problemCount()).isZero();
        assertThat(clone.malformedCount() + master.malformedCount()).isZero();
    }

    /** Events are skipped while nobody receives them, and built again for a subscriber that comes later. */
    @Test
    void aLaterStoreEventSubscriberGetsTheEventsOfLaterWrites() throws Exception {
        Endpoint a = endpoint();
        Store master = keep(Stores.attachMaster(a, "late", new MemoryBackend()));
        for (int i = 0; i < 100; i++) {
            master.put(Data.count(i), Data.count(i)); // no listener, no subscriber: no events built
        }
        Subscriber events = keep(a.subscribe(Topic.storeEvents("late").toString()));
        master.put(Data.string("after"), Data.count(1));
        DataMessage msg = events.get(Duration.ofSeconds(10));
        assertThat(msg).isNotNull();
        assertThat(msg.data())
                .isEqualTo(VectorValue.of(
                        Data.string("insert"),
                        Data.string("late"),
                        Data.string("after"),
                        Data.count(1),
                        NoneValue.INSTANCE,
                        Data.string(master.entity().endpoint().toString()),
                        Data.count(master.entity().object())));
    }

    @Test
    void storeEventsArriveAtTheCloneWithBrokersLayouts() throws Exception {
        Endpoint[] ab = pair();
        Store master = keep(Stores.attachMaster(ab[0], "ev", new MemoryBackend()));
        master.put(Data.string("snap"), Data.count(0));
        Subscriber events = ab[1].subscribe(Topic.storeEvents("ev").toString());
        List<StoreEvent> seen = new CopyOnWriteArrayList<>();
        Store clone = keep(Stores.attachClone(ab[1], "ev"));
        assertThat(clone.get(Data.string("snap"))).as("synchronised").isEqualTo(Data.count(0));
        clone.onEvent(seen::add);

        master.put(Data.string("k"), Data.count(1));
        master.put(Data.string("k"), Data.count(2));
        master.erase(Data.string("k"));
        master.put(Data.string("short"), Data.string("lived"), Duration.ofMillis(150));
        Await.until("four events at the clone", () -> seen.size() >= 4);

        EntityId m = master.entity();
        assertThat(seen.get(0))
                .isEqualTo(new StoreEvent.Insert("ev", Data.string("k"), Data.count(1), OptionalLong.empty(), m));
        assertThat(seen.get(1))
                .isEqualTo(new StoreEvent.Update(
                        "ev", Data.string("k"), Data.count(1), Data.count(2), OptionalLong.empty(), m));
        assertThat(seen.get(2)).isEqualTo(new StoreEvent.Erase("ev", Data.string("k"), m));
        assertThat(seen.get(3))
                .isEqualTo(new StoreEvent.Insert(
                        "ev", Data.string("short"), Data.string("lived"), OptionalLong.of(150_000_000L), m));
        Await.until("expiry driven by the master's clock", () -> seen.size() >= 5);
        assertThat(seen.get(4)).isEqualTo(new StoreEvent.Expire("ev", Data.string("short"), m));
        assertThat(clone.exists(Data.string("short"))).isFalse();

        // the same events as data messages on the local store-events topic, after the snapshot's
        List<Data> layouts = new ArrayList<>();
        while (layouts.size() < 6) {
            DataMessage msg = events.get(Duration.ofSeconds(10));
            assertThat(msg).isNotNull();
            layouts.add(msg.data());
        }
        String uuid = m.endpoint().toString();
        assertThat(layouts.get(0))
                .as("snapshot entries are inserts with a nil publisher")
                .isEqualTo(VectorValue.of(
                        Data.string("insert"),
                        Data.string("ev"),
                        Data.string("snap"),
                        Data.count(0),
                        NoneValue.INSTANCE,
                        NoneValue.INSTANCE,
                        NoneValue.INSTANCE));
        assertThat(layouts.get(2))
                .isEqualTo(VectorValue.of(
                        Data.string("update"),
                        Data.string("ev"),
                        Data.string("k"),
                        Data.count(1),
                        Data.count(2),
                        NoneValue.INSTANCE,
                        Data.string(uuid),
                        Data.count(m.object())));
        assertThat(layouts.get(5))
                .isEqualTo(VectorValue.of(
                        Data.string("expire"),
                        Data.string("ev"),
                        Data.string("short"),
                        Data.string(uuid),
                        Data.count(m.object())));
    }

    @Test
    void aSecondMasterOfTheSameStoreIsRefused() {
        Endpoint[] ab = pair();
        keep(Stores.attachMaster(ab[0], "only", new MemoryBackend()));
        Await.until("b learns a's master topic", () -> peerAnnounces(ab[1], Topic.storeMaster("only")));
        assertThatThrownBy(() -> Stores.attachMaster(ab[1], "only", new MemoryBackend()))
                .isInstanceOfSatisfying(
                        BrokerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MASTER_EXISTS));
        Store other = keep(Stores.attachMaster(ab[1], "another", new MemoryBackend()));
        other.put(Data.string("k"), Data.count(1));
        assertThat(other.get(Data.string("k"))).isEqualTo(Data.count(1));
    }

    @Test
    void oneEndpointHoldsAMasterOrClonesOfAStoreNotBoth() {
        Endpoint e = endpoint();
        Store master = keep(Stores.attachMaster(e, "s", new MemoryBackend()));
        assertThatThrownBy(() -> Stores.attachClone(e, "s"))
                .as("a clone beside its master (Broker: no_such_master)")
                .isInstanceOfSatisfying(
                        BrokerException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.NO_SUCH_MASTER));
        assertThatThrownBy(() -> Stores.attachMaster(e, "s", new MemoryBackend()))
                .as("a second local master")
                .isInstanceOfSatisfying(
                        BrokerException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.MASTER_EXISTS));
        master.put(Data.string("k"), Data.count(1));
        assertThat(master.get(Data.string("k"))).as("the master is untouched").isEqualTo(Data.count(1));

        master.close();
        Store clone = keep(Stores.attachClone(e, "s")); // allowed once the master is closed
        Store second = keep(Stores.attachClone(e, "s")); // clones of one name may be several
        assertThatThrownBy(() -> Stores.attachMaster(e, "s", new MemoryBackend()))
                .as("a master beside a clone")
                .isInstanceOfSatisfying(
                        BrokerException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.UNSPECIFIED))
                .hasMessageContaining("clone of store s");
        clone.close();
        assertThatThrownBy(() -> Stores.attachMaster(e, "s", new MemoryBackend()))
                .as("still one clone")
                .isInstanceOf(BrokerException.class);
        second.close();
        Store again = keep(Stores.attachMaster(e, "s", new MemoryBackend()));
        assertThat(again.isMaster()).isTrue();
        Store otherName = keep(Stores.attachClone(e, "t"));
        assertThat(otherName.isMaster()).isFalse();
    }

    @Test
    void aCloneOutlivesItsMasterAndResynchronisesWithARestartedOneOnTheSameFile(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("m.sqlite");
        StoreOptions fast = StoreOptions.defaults().withConnectionTimeoutFactor(4); // 2 s of silence
        Endpoint a = Endpoint.create(EndpointConfig.builder().ioThreads(1).build());
        int port = a.listen("127.0.0.1", 0);
        Endpoint b = endpoint();
        b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        Store master = Stores.attachMaster(a, "r", SqliteBackend.open(file), fast);
        master.put(Data.string("k"), Data.count(1));
        Store clone = keep(Stores.attachClone(b, "r", fast));
        assertThat(clone.get(Data.string("k"))).isEqualTo(Data.count(1));

        master.close();
        a.close();
        Await.until("the clone notices", () -> clone.masterLosses() == 1);
        assertThat(clone.get(Data.string("k"))).as("reads go on").isEqualTo(Data.count(1));
        assertThat(clone.recentProblems()).anyMatch(p -> p.startsWith("no_such_master"));

        Endpoint a2 = endpoint();
        int port2 = a2.listen("127.0.0.1", 0);
        Store again = keep(Stores.attachMaster(a2, "r", SqliteBackend.open(file), fast));
        again.put(Data.string("k2"), Data.count(2));
        b.peerBlocking("127.0.0.1", port2, Duration.ZERO, Duration.ofSeconds(10));
        Await.until("resynchronised with the restarted master", () -> clone.exists(Data.string("k2")));
        clone.put(Data.string("k3"), Data.count(3));
        Await.until("writes reach the new master", () -> again.exists(Data.string("k3")));
        // The master's update of k3 comes back to the clone after the master applied it.
        Await.until("the clone converges", () -> clone.keys().equals(again.keys()));
    }

    @Test
    void twoClonesConvergeOnWritesFromBoth() {
        Endpoint m = endpoint();
        int port = m.listen("127.0.0.1", 0);
        Endpoint c1 = endpoint();
        Endpoint c2 = endpoint();
        c1.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        c2.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        Store master = keep(Stores.attachMaster(m, "two", new MemoryBackend()));
        Store one = keep(Stores.attachClone(c1, "two"));
        Store two = keep(Stores.attachClone(c2, "two"));
        for (int i = 0; i < 200; i++) {
            one.putAsync(Data.string("one-" + i), Data.count(i), java.util.Optional.empty());
            two.putAsync(Data.string("two-" + i), Data.count(i), java.util.Optional.empty());
            one.incrementAsync(Data.string("sum"), Data.count(1), java.util.Optional.empty());
            two.incrementAsync(Data.string("sum"), Data.count(1), java.util.Optional.empty());
        }
        Await.until(
                "every write at the master",
                () -> master.keys().size() == 401
                        && master.get(Data.string("sum")).equals(Data.count(400)));
        Await.until(
                "both clones converged",
                () -> one.keys().equals(master.keys())
                        && two.keys().equals(master.keys())
                        && one.get(Data.string("sum")).equals(Data.count(400))
                        && two.get(Data.string("sum")).equals(Data.count(400)));
    }
}
