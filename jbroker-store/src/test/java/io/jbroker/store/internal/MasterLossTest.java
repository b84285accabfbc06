package io.jbroker.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.store.EntityId;
import io.jbroker.store.MemoryBackend;
import io.jbroker.store.StoreEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A clone whose master falls silent keeps its content for reads, reports the loss after heartbeat
 * × connection-timeout ticks, and resynchronises with the next master that answers, including its
 * own writes from then on.
 */
class MasterLossTest {
    static final EntityId OLD = new EntityId(EndpointId.of(1, 1), 7);
    static final EntityId NEW = new EntityId(EndpointId.of(3, 3), 7);
    static final EntityId C = new EntityId(EndpointId.of(2, 2), 9);

    private final ArrayDeque<InternalCommand> toClone = new ArrayDeque<>();
    private final ArrayDeque<InternalCommand> toMaster = new ArrayDeque<>();
    private final List<String> cloneProblems = new ArrayList<>();
    private final List<StoreEvent> cloneEvents = new ArrayList<>();

    private Outbox outbox(ArrayDeque<InternalCommand> to, List<String> problems, List<StoreEvent> events) {
        return new Outbox() {
            @Override
            public void send(EndpointId envelopeReceiver, Topic topic, InternalCommand command) {
                to.add(command);
            }

            @Override
            public void event(StoreEvent event) {
                events.add(event);
            }

            @Override
            public void problem(ErrorCode code, String description) {
                problems.add(code.brokerName() + ": " + description);
            }
        };
    }

    private MasterState master(EntityId self, MemoryBackend backend) {
        return new MasterState(
                "s", self, backend, () -> 0L, outbox(toClone, new ArrayList<>(), new ArrayList<>()), 5, 4, 2);
    }

    @Test
    void aCloneServesReadsWithoutItsMasterAndResynchronisesWithTheNextOne() {
        MemoryBackend oldContent = new MemoryBackend();
        MasterState old = master(OLD, oldContent);
        old.apply(new StoreCommand.Put(Data.string("a"), Data.count(1), OptionalLong.empty(), OLD));
        CloneState clone = new CloneState("s", C, outbox(toMaster, cloneProblems, cloneEvents), 5, 4, 2);
        clone.start();
        pump(old, clone, 5);
        assertThat(clone.synced()).isTrue();
        assertThat(clone.content()).containsEntry(Data.string("a"), Data.count(1));

        // the master is gone: nothing reaches it, nothing comes from it; two writes sent to it
        // stay unacknowledged
        toMaster.clear();
        clone.write(new StoreCommand.Put(Data.string("u1"), Data.count(1), OptionalLong.empty(), C));
        clone.write(new StoreCommand.Put(Data.string("u2"), Data.count(2), OptionalLong.empty(), C));
        assertThat(toMaster).as("sent to the old master").hasSize(2);
        int silent = 0;
        while (clone.masterLosses() == 0 && silent < 100) {
            clone.tick();
            silent++;
        }
        toMaster.clear();
        // heartbeat 5 x factor 4 = 20 ticks, counted by the writer channel from the master's last
        // ACK of it (the handshake's, at the start of the 5 ticks pumped above): it times out
        // first, 15 silent ticks in, which is a master loss as well (a pure state machine: the
        // same count every run)
        assertThat(silent).isEqualTo(15);
        assertThat(clone.masterLosses()).isEqualTo(1);
        assertThat(clone.synced()).isFalse();
        assertThat(clone.readable()).isTrue();
        assertThat(clone.content()).as("still served").containsEntry(Data.string("a"), Data.count(1));
        assertThat(cloneProblems)
                .anyMatch(p ->
                        p.startsWith("no_such_master") && p.contains("2 writes it had not acknowledged may be lost"));
        assertThat(clone.unacknowledgedWritesAtMasterLoss()).isEqualTo(2);
        clone.write(new StoreCommand.Put(Data.string("held"), Data.count(5), OptionalLong.empty(), C));

        MemoryBackend newContent = new MemoryBackend();
        MasterState fresh = master(NEW, newContent);
        fresh.apply(new StoreCommand.Put(Data.string("b"), Data.count(2), OptionalLong.empty(), NEW));
        toClone.clear();
        cloneEvents.clear();
        pump(fresh, clone, 10);
        assertThat(clone.synced()).isTrue();
        assertThat(cloneEvents)
                .contains(new StoreEvent.Erase("s", Data.string("a"), EntityId.NIL))
                .contains(new StoreEvent.Insert(
                        "s", Data.string("b"), Data.count(2), OptionalLong.empty(), EntityId.NIL));
        assertThat(newContent.get(Data.string("held")))
                .as("a write held while masterless")
                .isPresent();
        assertThat(clone.content()).isEqualTo(newContent.snapshot());
        assertThat(newContent.get(Data.string("u1")))
                .as("not re-sent to the next master")
                .isEmpty();
    }

    @Test
    void aMasterThatStopsAcknowledgingWritesIsLostAndWritesAfterThatReachItOnceItAnswersAgain() {
        MemoryBackend content = new MemoryBackend();
        MasterState m = master(OLD, content);
        CloneState clone = new CloneState("s", C, outbox(toMaster, cloneProblems, cloneEvents), 5, 4, 2);
        clone.start();
        pump(m, clone, 5);
        assertThat(clone.synced()).isTrue();

        // the master goes on broadcasting (keepalives) but its ACKs of the writer channel are lost:
        // the writer channel drops it after 20 ticks, before the broadcast silence would
        dropWriterAcks = true;
        clone.write(new StoreCommand.Put(Data.string("w1"), Data.count(1), OptionalLong.empty(), C));
        pump(m, clone, 30);
        assertThat(clone.masterLosses()).isEqualTo(1);
        assertThat(cloneProblems)
                .anyMatch(p -> p.startsWith("connection_timeout") && p.contains("stopped acknowledging writes"))
                .anyMatch(p -> p.startsWith("no_such_master"));

        // a write now is held, not handed to a channel without a master (it used to vanish there)
        dropWriterAcks = false;
        clone.write(new StoreCommand.Put(Data.string("w2"), Data.count(2), OptionalLong.empty(), C));
        pump(m, clone, 10);
        assertThat(clone.synced()).as("the same master answered the new join").isTrue();
        assertThat(content.get(Data.string("w2")))
                .as("the write after the loss")
                .isPresent();
        assertThat(content.get(Data.string("w1")))
                .as("applied before its ACKs were lost")
                .isPresent();
        assertThat(clone.content()).isEqualTo(content.snapshot());
    }

    private boolean dropWriterAcks;

    private void pump(MasterState master, CloneState clone, int ticks) {
        for (int t = 0; t < ticks; t++) {
            while (!toClone.isEmpty() || !toMaster.isEmpty()) {
                while (!toClone.isEmpty()) {
                    InternalCommand c = toClone.poll();
                    if (dropWriterAcks
                            && c.content() instanceof StoreCommand.CumulativeAck
                            && c.receiver().equals(C)) {
                        continue;
                    }
                    clone.receive(EndpointId.NIL, c);
                }
                while (!toMaster.isEmpty()) {
                    master.receive(C.endpoint(), toMaster.poll());
                }
            }
            master.tick();
            clone.tick();
        }
    }
}
