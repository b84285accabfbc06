package io.jbroker.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.store.Capture;
import io.jbroker.store.EntityId;
import io.jbroker.store.MemoryBackend;
import io.jbroker.store.StoreEvent;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The captured Broker 2.8 session (master A, clone B of "vstore") replayed against our state
 * machines, each in one role with the capture playing the other: every update the Broker master
 * broadcast, and every request the Broker clone sent, is reproduced byte for byte, with the same
 * sequence numbers and addressing. Timer-driven traffic (keepalives, periodic ACKs) is not
 * compared: it depends on when ticks fall.
 */
class CaptureReplayTest {
    static final EntityId MASTER = new EntityId(Capture.A, Capture.MASTER_OBJECT);
    static final EntityId CLONE = new EntityId(Capture.B, Capture.CLONE_OBJECT);
    static final Topic MASTER_TOPIC = Topic.storeMaster("vstore");
    static final Topic CLONE_TOPIC = Topic.storeClone("vstore");

    record Sent(EndpointId envelopeReceiver, Topic topic, InternalCommand command) {
        String hex() {
            return HexFormat.of().formatHex(CommandCodec.encode(command));
        }
    }

    static final class Recorder implements Outbox {
        final List<Sent> sent = new ArrayList<>();
        final List<StoreEvent> events = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        @Override
        public void send(EndpointId envelopeReceiver, Topic topic, InternalCommand command) {
            sent.add(new Sent(envelopeReceiver, topic, command));
        }

        @Override
        public void event(StoreEvent event) {
            events.add(event);
        }

        @Override
        public void problem(ErrorCode code, String description) {
            problems.add(code.brokerName() + ": " + description);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static Capture.Frame frame(List<Capture.Frame> side, int index) {
        return side.stream().filter(f -> f.index() == index).findFirst().orElseThrow();
    }

    @Test
    void ourMasterAnswersTheCapturedBrokerCloneLikeTheBrokerMaster() {
        List<Capture.Frame> c2s = Capture.c2s();
        List<Capture.Frame> s2c = Capture.s2c();
        long[] now = {0};
        MemoryBackend backend = new MemoryBackend();
        Recorder out = new Recorder();
        MasterState master = new MasterState("vstore", MASTER, backend, () -> now[0], out, 5, 100, 2);
        // mark at +0.001 s: A puts "pre" before any clone exists (not numbered: no consumer yet)
        master.apply(new StoreCommand.Put(Data.string("pre"), Data.string("existing"), OptionalLong.empty(), MASTER));

        List<String> expected = new ArrayList<>();
        Data lastUniqueKey = null;
        for (Capture.Step step : Capture.timeline()) {
            if (step.isMark()) {
                continue;
            }
            now[0] = step.nanos();
            if (step.direction().equals("c2s")) {
                Capture.Frame f = frame(c2s, step.frame());
                if (f.isCommand()) {
                    master.receive(f.envelopeSender(), CommandCodec.decode(f.payload()));
                }
                continue;
            }
            Capture.Frame f = frame(s2c, step.frame());
            if (!f.isCommand()) {
                continue;
            }
            InternalCommand c = CommandCodec.decode(f.payload());
            StoreCommand s = c.content();
            if (!s.isAction()) {
                continue;
            }
            assertThat(f.envelopeReceiver()).as("updates are broadcast").isEqualTo(EndpointId.NIL);
            expected.add(hex(f.payload()));
            // what A's own frontend did (the marks) is recovered from its broadcasts
            StoreCommand next = nextAction(s2c, f.index());
            if (s instanceof StoreCommand.Expire) {
                master.tick();
            } else if (s instanceof StoreCommand.Put p
                    && p.publisher().equals(MASTER)
                    && next instanceof StoreCommand.PutUniqueResult r
                    && r.who().endpoint().equals(Capture.A)) {
                lastUniqueKey = p.key();
                master.apply(new StoreCommand.PutUnique(p.key(), p.value(), p.expiry(), r.who(), r.reqId(), MASTER));
            } else if (s instanceof StoreCommand.PutUniqueResult r
                    && r.who().endpoint().equals(Capture.A)
                    && !r.inserted()) {
                master.apply(new StoreCommand.PutUnique(
                        lastUniqueKey, Data.string("second"), OptionalLong.empty(), r.who(), r.reqId(), MASTER));
            } else if (!(s instanceof StoreCommand.PutUniqueResult)
                    && publisher(s).equals(MASTER)) {
                master.apply(s);
            }
        }

        List<String> ours = out.sent.stream()
                .filter(x -> x.command().content().isAction())
                .peek(x -> assertThat(x.envelopeReceiver()).isEqualTo(EndpointId.NIL))
                .peek(x -> assertThat(x.topic()).isEqualTo(CLONE_TOPIC))
                .map(Sent::hex)
                .toList();
        assertThat(expected).hasSizeGreaterThan(50);
        assertThat(ours).containsExactlyElementsOf(expected);

        Sent ackClone = out.sent.stream()
                .filter(x -> x.command().content() instanceof StoreCommand.AckClone)
                .findFirst()
                .orElseThrow();
        assertThat(ackClone.envelopeReceiver()).isEqualTo(Capture.B);
        assertThat(ackClone.hex()).isEqualTo(hex(frame(s2c, 4).payload()));
        Sent writerAck = out.sent.stream()
                .filter(x -> x.command().content() instanceof StoreCommand.CumulativeAck)
                .findFirst()
                .orElseThrow();
        assertThat(writerAck.envelopeReceiver()).isEqualTo(Capture.B);
        assertThat(writerAck.hex())
                .as("answer to attach_writer")
                .isEqualTo(hex(frame(s2c, 5).payload()));
        assertThat(out.problems).isEmpty();
    }

    /** The action command that follows s2c frame {@code index}, if any. */
    private static StoreCommand nextAction(List<Capture.Frame> s2c, int index) {
        for (Capture.Frame f : s2c) {
            if (f.index() > index && f.isCommand()) {
                StoreCommand c = CommandCodec.decode(f.payload()).content();
                if (c.isAction()) {
                    return c;
                }
            }
        }
        return null;
    }

    private static EntityId publisher(StoreCommand s) {
        if (s instanceof StoreCommand.Put p) {
            return p.publisher();
        }
        if (s instanceof StoreCommand.Erase p) {
            return p.publisher();
        }
        if (s instanceof StoreCommand.Clear p) {
            return p.publisher();
        }
        return EntityId.NIL;
    }

    @Test
    void ourCloneTalksToTheCapturedBrokerMasterLikeTheBrokerClone() {
        List<Capture.Frame> c2s = Capture.c2s();
        List<Capture.Frame> s2c = Capture.s2c();
        Recorder out = new Recorder();
        CloneState clone = new CloneState("vstore", CLONE, out, 5, 100, 2);
        clone.start();
        assertThat(out.sent).hasSize(1);
        assertThat(out.sent.get(0).envelopeReceiver()).isEqualTo(EndpointId.NIL);
        assertThat(out.sent.get(0).topic()).isEqualTo(MASTER_TOPIC);
        assertThat(out.sent.get(0).hex())
                .as("join request")
                .isEqualTo(hex(frame(c2s, 3).payload()));

        List<String> expectedWrites = new ArrayList<>();
        Map<Data, Data> atReads = null;
        for (Capture.Step step : Capture.timeline()) {
            if (step.isMark()) {
                if (step.mark().startsWith("B clone reads")) {
                    atReads = Map.copyOf(clone.content());
                }
                continue;
            }
            if (step.direction().equals("s2c")) {
                Capture.Frame f = frame(s2c, step.frame());
                if (f.isCommand()) {
                    clone.receive(f.envelopeSender(), CommandCodec.decode(f.payload()));
                }
                continue;
            }
            Capture.Frame f = frame(c2s, step.frame());
            if (!f.isCommand()) {
                continue;
            }
            InternalCommand c = CommandCodec.decode(f.payload());
            if (c.content().isAction()) {
                assertThat(f.envelopeReceiver()).isEqualTo(EndpointId.NIL);
                expectedWrites.add(hex(f.payload()));
                clone.write(c.content()); // what B's frontend asked for, as B's clone sent it
            }
        }
        List<Sent> handshake = out.sent.subList(1, 3);
        assertThat(handshake.get(0).envelopeReceiver()).isEqualTo(Capture.A);
        assertThat(handshake.get(0).hex())
                .as("ACK of the handshake")
                .isEqualTo(hex(frame(c2s, 4).payload()));
        assertThat(handshake.get(1).envelopeReceiver()).isEqualTo(EndpointId.NIL);
        assertThat(handshake.get(1).hex())
                .as("attach_writer")
                .isEqualTo(hex(frame(c2s, 5).payload()));

        List<String> ours = out.sent.stream()
                .filter(x -> x.command().content().isAction())
                .peek(x -> assertThat(x.envelopeReceiver()).isEqualTo(EndpointId.NIL))
                .peek(x -> assertThat(x.topic()).isEqualTo(MASTER_TOPIC))
                .map(Sent::hex)
                .toList();
        assertThat(expectedWrites).hasSizeGreaterThan(25);
        assertThat(ours).containsExactlyElementsOf(expectedWrites);

        // the clone's content at the read mark is what Broker's clone answered (info.json)
        assertThat(new TreeSet<>(atReads.keySet().stream().map(Data::toString).toList()))
                .containsExactly(
                        "k_cnt", "k_int", "k_real", "k_s", "k_set", "k_tab", "k_ts", "k_ts0", "k_u", "k_vec", "pre");
        assertThat(atReads.get(Data.string("k_cnt"))).isEqualTo(Data.count(4));
        assertThat(atReads.get(Data.string("k_int"))).isEqualTo(Data.integer(-15));
        assertThat(clone.content()).as("after both clears").isEmpty();
        assertThat(clone.synced()).isTrue();
        assertThat(out.problems).isEmpty();
    }
}
