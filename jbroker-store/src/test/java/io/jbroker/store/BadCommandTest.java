package io.jbroker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.ErrorEvent;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.internal.command.CommandPort;
import io.jbroker.store.internal.CommandCodec;
import io.jbroker.store.internal.InternalCommand;
import io.jbroker.store.internal.StoreCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A peer sends a master and a clone bad commands over real sockets: malformed and truncated
 * payloads, an unknown command index, writes from a writer that never attached, a NACK from an
 * unknown clone, an update from the future. Each is dropped or answered as documented, counted and
 * reported as an error event, and both stores keep working and converge.
 */
class BadCommandTest {
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : resources) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T keep(T t) {
        resources.add(0, t);
        return t;
    }

    @Test
    void badCommandsAreDroppedCountedAndReportedAndTheStoresKeepWorking() throws Exception {
        Endpoint a = keep(Endpoint.create(EndpointConfig.builder().ioThreads(1).build()));
        Endpoint b = keep(Endpoint.create(EndpointConfig.builder().ioThreads(1).build()));
        int port = a.listen("127.0.0.1", 0);
        b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
        Subscriber errors = a.statusSubscriber();
        Store master = keep(Stores.attachMaster(a, "s", new MemoryBackend()));
        master.put(Data.string("k"), Data.count(1));
        Store clone = keep(Stores.attachClone(b, "s"));
        assertThat(clone.get(Data.string("k"))).isEqualTo(Data.count(1));
        CommandPort rogue = keep(CommandPort.open(b, Topic.storeClone("rogue"), (s, r, p) -> {}));
        Topic masterTopic = Topic.storeMaster("s");
        EntityId stranger = new EntityId(b.id(), 999);

        byte[] good = CommandCodec.encode(new InternalCommand(
                2,
                stranger,
                master.entity(),
                new StoreCommand.Put(Data.string("x"), Data.count(1), OptionalLong.empty(), stranger)));
        byte[] unknownIndex = good.clone();
        unknownIndex[56] = 14; // the content index follows seq (8) and two entities (2 x 24)
        rogue.send(EndpointId.NIL, masterTopic, new byte[] {1, 2, 3});
        rogue.send(EndpointId.NIL, masterTopic, Arrays.copyOf(good, good.length - 5));
        rogue.send(EndpointId.NIL, masterTopic, unknownIndex);
        rogue.send(EndpointId.NIL, masterTopic, good); // a write from a writer that never attached
        rogue.send(
                EndpointId.NIL,
                masterTopic,
                CommandCodec.encode(
                        new InternalCommand(0, stranger, master.entity(), new StoreCommand.Nack(List.of(5L, 3L)))));
        // an update "from the master" far in the future, to the clone
        rogue.send(
                EndpointId.NIL,
                Topic.storeClone("s"),
                CommandCodec.encode(new InternalCommand(
                        1_000_000,
                        master.entity(),
                        EntityId.NIL,
                        new StoreCommand.Put(Data.string("forged"), Data.count(6), OptionalLong.empty(), stranger))));

        Await.until("three malformed commands counted", () -> master.malformedCount() >= 3);
        assertThat(master.malformedCount()).isEqualTo(3);
        ErrorEvent reported = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (reported == null && System.nanoTime() < deadline) {
            DataMessage m = errors.get(Duration.ofSeconds(1));
            if (m != null && m.topic().equals(Topic.ERRORS)) {
                ErrorEvent e = ErrorEvent.fromData(m.data());
                if (e.code() == ErrorCode.INVALID_MESSAGE && e.message().contains("malformed")) {
                    reported = e;
                }
            }
        }
        assertThat(reported).as("an error event for the malformed commands").isNotNull();

        master.put(Data.string("after"), Data.count(2));
        clone.put(Data.string("from clone"), Data.count(3));
        Await.until(
                "both converge",
                () -> clone.exists(Data.string("after"))
                        && master.exists(Data.string("from clone"))
                        && clone.exists(Data.string("from clone")));
        assertThat(master.exists(Data.string("x")))
                .as("unattached writer ignored")
                .isFalse();
        assertThat(clone.exists(Data.string("forged")))
                .as("the future update is never applied")
                .isFalse();
        assertThat((Object) clone.keys()).isEqualTo(master.keys());
    }
}
