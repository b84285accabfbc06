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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Flow control from a lagging clone back to a writing clone (the master's state machine with two
 * clones, in memory): while half of the master's bound of unacknowledged updates waits for a clone,
 * the master holds its ACKs to writers, so the writer's window fills and it holds its writes
 * instead of pushing the lagging clone out of the buffer; a clone that acknowledges nothing for
 * {@link MasterState#MAX_HOLD_TICKS} ticks ends the hold and is dropped by the bound's policy.
 */
class WriterFlowControlTest {
    static final EntityId M = new EntityId(EndpointId.of(1, 1), 7);
    static final EntityId W = new EntityId(EndpointId.of(2, 2), 9);
    static final EntityId R = new EntityId(EndpointId.of(3, 3), 11);
    static final int BOUND = 30_000;
    static final int WRITES = 25_000;

    private final ArrayDeque<InternalCommand> toW = new ArrayDeque<>();
    private final ArrayDeque<InternalCommand> toR = new ArrayDeque<>();
    private final ArrayDeque<InternalCommand> toM = new ArrayDeque<>();
    private final List<String> problems = new ArrayList<>();
    /** A lagging reader: what is sent to it waits, it sends nothing. */
    private boolean readerMuted;

    private final MemoryBackend backend = new MemoryBackend();
    private final MasterState master = new MasterState("s", M, backend, () -> 0L, masterOut(), 5, 100, 2, BOUND);
    private final CloneState writer = new CloneState("s", W, cloneOut(false), 5, 100, 2);
    private final CloneState reader = new CloneState("s", R, cloneOut(true), 5, 100, 2);

    private Outbox masterOut() {
        return new Outbox() {
            @Override
            public void send(EndpointId to, Topic topic, InternalCommand c) {
                if (to.isNil() || to.equals(W.endpoint())) {
                    toW.add(c);
                }
                if (to.isNil() || to.equals(R.endpoint())) {
                    toR.add(c);
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

    private Outbox cloneOut(boolean isReader) {
        return new Outbox() {
            @Override
            public void send(EndpointId to, Topic topic, InternalCommand c) {
                if (!(isReader && readerMuted)) {
                    toM.add(c);
                }
            }

            @Override
            public void event(StoreEvent event) {}

            @Override
            public void problem(ErrorCode code, String description) {}
        };
    }

    @Test
    void aLaggingCloneHoldsTheWriterBackInsteadOfBeingDropped() {
        join();
        readerMuted = true;
        AtomicInteger sent = new AtomicInteger();
        for (int i = 0; i < WRITES; i++) {
            assertThat(writer.write(put(i), sent::incrementAndGet)).isTrue();
        }
        int maxBuffered = 0;
        for (int t = 0; t < MasterState.MAX_HOLD_TICKS - 2; t++) {
            maxBuffered = Math.max(maxBuffered, pump(1));
        }
        assertThat(master.slowClonesDropped()).isZero();
        assertThat(maxBuffered).isLessThan(BOUND);
        assertThat(sent.get()).as("the writer holds writes back").isLessThan(WRITES);
        assertThat(backend.size()).isLessThan(WRITES);

        readerMuted = false; // the reader catches up with what queued up for it
        for (int t = 0;
                t < 200 && !(backend.size() == WRITES && reader.content().size() == WRITES);
                t++) {
            pump(1);
        }
        assertThat(sent.get()).isEqualTo(WRITES);
        assertThat(backend.size()).isEqualTo(WRITES);
        assertThat(reader.content()).isEqualTo(backend.snapshot());
        assertThat(writer.content()).isEqualTo(backend.snapshot());
        assertThat(master.slowClonesDropped()).isZero();
        assertThat(reader.resyncCount()).isZero();
    }

    @Test
    void aCloneThatAcknowledgesNothingEndsTheHoldAndIsDropped() {
        join();
        readerMuted = true;
        for (int i = 0; i < WRITES + BOUND; i++) {
            assertThat(writer.write(put(i))).isTrue();
        }
        for (int t = 0; t < MasterState.MAX_HOLD_TICKS + 50 && backend.size() < WRITES + BOUND; t++) {
            assertThat(pump(1)).isLessThanOrEqualTo(BOUND);
        }
        assertThat(master.slowClonesDropped()).isEqualTo(1);
        assertThat(problems).anyMatch(p -> p.startsWith("request_timeout"));
        assertThat(backend.size()).as("the writer was not held back for ever").isEqualTo(WRITES + BOUND);
        assertThat(writer.content()).isEqualTo(backend.snapshot());
    }

    private static StoreCommand put(int i) {
        return new StoreCommand.Put(Data.count(i), Data.count(i), OptionalLong.empty(), W);
    }

    private void join() {
        writer.start();
        reader.start();
        pump(3);
        assertThat(writer.synced()).isTrue();
        assertThat(reader.synced()).isTrue();
    }

    /**
     * Delivers everything in flight (acknowledging early after each round, as the store thread
     * does after each batch), then ticks everyone; returns the most updates the master buffered.
     */
    private int pump(int ticks) {
        int max = 0;
        for (int t = 0; t < ticks; t++) {
            while (!toW.isEmpty() || (!readerMuted && !toR.isEmpty()) || !toM.isEmpty()) {
                while (!toW.isEmpty()) {
                    writer.receive(M.endpoint(), toW.poll());
                }
                while (!readerMuted && !toR.isEmpty()) {
                    reader.receive(M.endpoint(), toR.poll());
                }
                while (!toM.isEmpty()) {
                    master.receive(W.endpoint(), toM.poll());
                }
                max = Math.max(max, master.bufferedUpdates());
                master.ackWritersIfBehind(1024);
                writer.ackIfBehind(1024);
                reader.ackIfBehind(1024);
            }
            master.tick();
            writer.tick();
            reader.tick();
            max = Math.max(max, master.bufferedUpdates());
        }
        return max;
    }
}
