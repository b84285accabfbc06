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
 * A master and a clone joined in memory. The clone stops acknowledging while the master keeps
 * writing: the master's buffer never exceeds its bound, the clone is dropped and counted, and when
 * the clone talks again it learns it was dropped, resynchronises from a new snapshot and converges.
 */
class SlowCloneTest {
    static final EntityId M = new EntityId(EndpointId.of(1, 1), 7);
    static final EntityId C = new EntityId(EndpointId.of(2, 2), 9);

    private final ArrayDeque<InternalCommand> toClone = new ArrayDeque<>();
    private final ArrayDeque<InternalCommand> toMaster = new ArrayDeque<>();
    private final List<String> masterProblems = new ArrayList<>();
    private final List<String> cloneProblems = new ArrayList<>();
    private boolean cloneMuted;
    private boolean masterMuted;

    private Outbox outbox(ArrayDeque<InternalCommand> to, List<String> problems, boolean fromClone) {
        return new Outbox() {
            @Override
            public void send(EndpointId envelopeReceiver, Topic topic, InternalCommand command) {
                if (!(fromClone && cloneMuted) && !(!fromClone && masterMuted)) {
                    to.add(command);
                }
            }

            @Override
            public void event(StoreEvent event) {}

            @Override
            public void problem(ErrorCode code, String description) {
                problems.add(code.brokerName() + ": " + description);
            }
        };
    }

    @Test
    void aCloneThatStopsAckingIsDroppedWithinTheBoundAndResynchronisesLater() {
        MemoryBackend backend = new MemoryBackend();
        MasterState master =
                new MasterState("s", M, backend, () -> 0L, outbox(toClone, masterProblems, false), 5, 100, 2, 50);
        CloneState clone = new CloneState("s", C, outbox(toMaster, cloneProblems, true), 5, 100, 2);
        clone.start();
        pump(master, clone, 20);
        assertThat(clone.synced()).isTrue();

        cloneMuted = true;
        int maxBuffered = 0;
        for (int i = 0; i < 500; i++) {
            master.apply(new StoreCommand.Put(Data.count(i), Data.count(i), OptionalLong.empty(), M));
            maxBuffered = Math.max(maxBuffered, master.bufferedUpdates());
            if (i % 10 == 0) {
                pump(master, clone, 1);
            }
        }
        assertThat(maxBuffered).isLessThanOrEqualTo(50);
        assertThat(master.slowClonesDropped()).isEqualTo(1);
        assertThat(master.clones()).isZero();
        assertThat(master.bufferedUpdates()).as("no clone left: nothing kept").isZero();
        assertThat(masterProblems).anyMatch(p -> p.startsWith("request_timeout"));

        // an update the clone misses after it was dropped: it can only get it from a new snapshot
        master.apply(new StoreCommand.Put(Data.string("late"), Data.count(1), OptionalLong.empty(), M));
        toClone.clear();
        master.apply(new StoreCommand.Put(Data.string("later"), Data.count(2), OptionalLong.empty(), M));

        cloneMuted = false;
        pump(master, clone, 30);
        assertThat(clone.resyncCount()).isEqualTo(1);
        assertThat(clone.content()).isEqualTo(backend.snapshot());
        assertThat(cloneProblems).anyMatch(p -> p.startsWith("broken_clone"));
        assertThat(master.clones()).isEqualTo(1);

        master.apply(new StoreCommand.Put(Data.string("after"), Data.count(3), OptionalLong.empty(), M));
        pump(master, clone, 2);
        assertThat(clone.content()).isEqualTo(backend.snapshot());
    }

    @Test
    void aCloneHoldsWritesBeyondItsUnackedBoundInsteadOfDroppingItsMaster() {
        MemoryBackend backend = new MemoryBackend();
        MasterState master =
                new MasterState("s", M, backend, () -> 0L, outbox(toClone, masterProblems, false), 5, 100, 2);
        CloneState clone = new CloneState("s", C, outbox(toMaster, cloneProblems, true), 5, 100, 2);
        clone.start();
        pump(master, clone, 5);
        masterMuted = true; // the master's ACKs do not arrive
        int n = CloneState.MAX_UNACKED_WRITES + 10_000;
        for (int i = 0; i < n; i++) {
            assertThat(clone.write(new StoreCommand.Put(Data.count(i), Data.count(i), OptionalLong.empty(), C)))
                    .isTrue();
        }
        pump(master, clone, 1);
        assertThat(backend.size()).as("only the unacked bound was sent").isEqualTo(CloneState.MAX_UNACKED_WRITES);
        masterMuted = false; // its updates were lost too: the clone NACKs them, 1024 at a time
        pump(master, clone, 300);
        assertThat(backend.size()).isEqualTo(n);
        assertThat(cloneProblems).isEmpty();
        assertThat(clone.content()).isEqualTo(backend.snapshot());
    }

    /** Delivers everything in flight and ticks both sides, {@code ticks} times. */
    private void pump(MasterState master, CloneState clone, int ticks) {
        for (int t = 0; t < ticks; t++) {
            while (!toClone.isEmpty() || !toMaster.isEmpty()) {
                while (!toClone.isEmpty()) {
                    clone.receive(M.endpoint(), toClone.poll());
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
