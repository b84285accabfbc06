package io.jbroker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.store.internal.StoreCommand;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The captured Broker 2.8 session (test resources store-session/) replayed over real 127.0.0.1
 * sockets against a whole jbroker endpoint, in both roles: a fake peer writes the other side's
 * captured frames as they are, and every frame jbroker sends is compared byte for byte with the
 * frame Broker sent at that point, envelopes included (ids, TTL, topics, sequence numbers). The
 * jbroker endpoint takes the captured endpoint id, its store the captured object number, and the
 * store is driven by an injected clock and explicit ticks, so expiry happens where it did in the
 * capture. Timer-driven frames (keepalives and cumulative ACKs, which depend on where ticks fall)
 * are read past, not compared, except the two ACKs that answer a handshake.
 */
class CaptureSocketReplayTest {
    /** Wall-clock origin of the replayed timeline (any value works: expiries are relative). */
    private static final long BASE = 1_750_000_000_000_000_000L;

    private static final long READ_MILLIS = 10_000;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private Endpoint endpoint(io.jbroker.EndpointId id) {
        Endpoint e = Endpoint.create(EndpointConfig.builder()
                .id(id)
                .ioThreads(1)
                .tls(TlsConfig.off())
                .build());
        resources.add(e);
        return e;
    }

    private static StoreOptions options(long object, AtomicLong clock) {
        return StoreOptions.defaults()
                .withObject(object)
                .withTickInterval(Duration.ZERO)
                .withClock(clock::get);
    }

    private static Capture.Frame frame(List<Capture.Frame> side, int index) {
        return side.stream().filter(f -> f.index() == index).findFirst().orElseThrow();
    }

    private static boolean timerDriven(StoreCommand c) {
        return c instanceof StoreCommand.Keepalive || c instanceof StoreCommand.CumulativeAck;
    }

    private static void advance(AtomicLong clock, long captured) {
        clock.accumulateAndGet(BASE + captured, Math::max);
    }

    @Test
    void ourMasterAnswersTheCapturedBrokerCloneByteForByteOverASocket() throws Exception {
        AtomicLong clock = new AtomicLong(BASE);
        Endpoint a = endpoint(Capture.A);
        int port = a.listen("127.0.0.1", 0);
        Store master = Stores.attachMaster(a, "vstore", new MemoryBackend(), options(Capture.MASTER_OBJECT, clock));
        resources.add(master);
        master.put(Data.string("pre"), Data.string("existing")); // the capture's first mark

        List<Capture.Frame> c2s = Capture.c2s();
        List<Capture.Frame> s2c = Capture.s2c();
        FakePeerSocket b = new FakePeerSocket(new Socket(InetAddress.getLoopbackAddress(), port));
        resources.add(b);
        Tally tally = new Tally();
        for (Capture.Step step : Capture.timeline()) {
            advance(clock, step.nanos());
            if (step.isMark()) {
                masterFrontend(master, step.mark());
                continue;
            }
            if (step.direction().equals("c2s")) {
                b.write(frame(c2s, step.frame()).bytes());
                continue;
            }
            Capture.Frame expected = frame(s2c, step.frame());
            StoreCommand c = FakePeerSocket.storeCommand(expected.bytes());
            boolean writerAck = step.frame() == 5; // the answer to the clone's attach_writer
            if (timerDriven(c) && !writerAck) {
                continue;
            }
            tally.check(
                    "s2c",
                    expected,
                    c instanceof StoreCommand.Expire ? expire(master, b, clock) : b.next(READ_MILLIS, writerAck));
        }
        assertThat(tally.frames).isGreaterThan(60);
        assertThat(tally.actions).as("updates compared").isEqualTo(56);
        assertThat(master.keys().elements()).isEmpty(); // the capture ends with the master's clear
        assertThat(master.problemCount()).isZero();
    }

    /** The frames compared byte for byte, and how many of them carried store actions. */
    private static final class Tally {
        int frames;
        int actions;

        void check(String direction, Capture.Frame expected, byte[] got) {
            assertThat(FakePeerSocket.hex(got))
                    .as("%s frame %d (%s)", direction, expected.index(), expected.kind())
                    .isEqualTo(expected.hex());
            frames++;
            StoreCommand c = FakePeerSocket.storeCommand(expected.bytes());
            if (c != null && c.isAction()) {
                actions++;
            }
        }
    }

    /** Ticks the master until the expiry it owes arrives (the clock moves on 25 ms per tick). */
    private static byte[] expire(Store master, FakePeerSocket b, AtomicLong clock) throws Exception {
        for (int i = 0; i < 40; i++) {
            master.tick();
            byte[] f = b.next(100, false);
            if (f != null) {
                return f;
            }
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(25));
        }
        return null;
    }

    /** What A's own frontend did at each mark of the capture. */
    private static void masterFrontend(Store m, String mark) {
        if (!mark.startsWith("A master ")) {
            return; // A attaching its master and its first put happened before the peering
        }
        switch (mark.substring("A master ".length())) {
            case "put \"m_vec\" -> [1, \"x\", 1.2.3.4]" ->
                m.put(Data.string("m_vec"), Data.vector(Data.count(1), Data.string("x"), Data.address("1.2.3.4")));
            case "put \"m_exp\" -> count 99 with expiry 700ms" ->
                m.put(Data.string("m_exp"), Data.count(99), Duration.ofMillis(700));
            case "put_unique \"m_u\" -> \"first\" (expected to succeed)" ->
                assertThat(m.putUnique(Data.string("m_u"), Data.string("first")))
                        .isTrue();
            case "put_unique \"m_u\" -> \"second\" (expected to fail)" ->
                assertThat(m.putUnique(Data.string("m_u"), Data.string("second")))
                        .isFalse();
            case "erase \"m_u\"" -> m.erase(Data.string("m_u"));
            case "increment \"k_cnt\" by count 10" -> m.increment(Data.string("k_cnt"), Data.count(10));
            case "decrement \"k_int\" by integer 1" -> m.decrement(Data.string("k_int"), Data.integer(1));
            case "increment \"k_real\" by real 0.5" -> m.increment(Data.string("k_real"), Data.real(0.5));
            case "increment \"k_ts\" by timespan 1 ms" ->
                m.increment(Data.string("k_ts"), Data.timespan(Duration.ofMillis(1)));
            case "append \"k_s\" \"ghi\"" -> m.append(Data.string("k_s"), Data.string("ghi"));
            case "insert_into set \"k_set\" \"c\"" -> m.insertInto(Data.string("k_set"), Data.string("c"));
            case "remove_from set \"k_set\" \"b\"" -> m.removeFrom(Data.string("k_set"), Data.string("b"));
            case "insert_into table \"k_tab\" \"key3\" -> \"three\"" ->
                m.insertInto(Data.string("k_tab"), Data.string("key3"), Data.string("three"));
            case "remove_from table \"k_tab\" \"key2\"" -> m.removeFrom(Data.string("k_tab"), Data.string("key2"));
            case "push vector \"k_vec\" count 3" -> m.push(Data.string("k_vec"), Data.count(3));
            case "pop vector \"k_vec\"" -> m.pop(Data.string("k_vec"));
            case "reads (local only): keys, exists, get" -> {
                assertThat(m.exists(Data.string("m_vec"))).isTrue();
                assertThat(m.get(Data.string("k_cnt"))).isEqualTo(Data.count(14)); // info.json
                assertThat(keys(m))
                        .containsExactly(
                                "k_cnt", "k_int", "k_real", "k_s", "k_set", "k_tab", "k_ts", "k_ts0", "k_u", "k_vec",
                                "m_vec", "pre");
            }
            case "put \"m_exp2\" -> count 2 with expiry 1500ms" ->
                m.put(Data.string("m_exp2"), Data.count(2), Duration.ofMillis(1500));
            case "put \"after_clear\" -> true" -> m.put(Data.string("after_clear"), Data.bool(true));
            case "clear" -> m.clear();
            default -> fail("no replay for the capture's mark: " + mark);
        }
    }

    private static TreeSet<String> keys(Store s) {
        TreeSet<String> out = new TreeSet<>();
        s.keys().elements().forEach(k -> out.add(k.toString()));
        return out;
    }

    @Test
    void ourCloneTalksToTheCapturedBrokerMasterByteForByteOverASocket() throws Exception {
        AtomicLong clock = new AtomicLong(BASE);
        List<Capture.Frame> c2s = Capture.c2s();
        List<Capture.Frame> s2c = Capture.s2c();
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        resources.add(listener);
        Endpoint b = endpoint(Capture.B);
        CompletableFuture<io.jbroker.EndpointId> peered =
                b.peer("127.0.0.1", listener.getLocalPort(), Duration.ofSeconds(1));
        FakePeerSocket a = new FakePeerSocket(listener.accept());
        resources.add(a);
        CloneFrontend frontend = new CloneFrontend();
        byte[] byeToken = new byte[8];
        Tally tally = new Tally();
        for (Capture.Step step : Capture.timeline()) {
            advance(clock, step.nanos());
            if (step.isMark()) {
                if (step.mark().equals("peering established")) {
                    assertThat(peered.get(10, TimeUnit.SECONDS)).isEqualTo(Capture.A);
                } else if (step.mark().equals("B attaches clone \"vstore\"")) {
                    frontend.clone = Stores.attachClone(b, "vstore", options(Capture.CLONE_OBJECT, clock));
                    resources.add(frontend.clone);
                } else if (step.mark().equals("B unpeers from A")) {
                    assertThat(b.unpeer(Capture.A)).isTrue();
                } else {
                    frontend.act(step.mark());
                }
                continue;
            }
            if (step.direction().equals("s2c")) {
                byte[] out = frame(s2c, step.frame()).bytes();
                if (frame(s2c, step.frame()).kind().startsWith("envelope pong")) {
                    // the pong echoes the ping's payload: BYE and the pinging side's token
                    out = out.clone();
                    System.arraycopy(byeToken, 0, out, out.length - byeToken.length, byeToken.length);
                }
                a.write(out);
                continue;
            }
            Capture.Frame expected = frame(c2s, step.frame());
            if (expected.kind().startsWith("envelope ping")) {
                // BYE: "BYE" and an opaque per-peering token (wire-protocol.md 10): Broker's was
                // 0x1000000000000001 in its native byte order, ours is random; the rest is exact.
                byte[] got = a.next(READ_MILLIS, false);
                assertThat(got).hasSameSizeAs(expected.bytes());
                int head = got.length - byeToken.length;
                assertThat(FakePeerSocket.hex(java.util.Arrays.copyOf(got, head)))
                        .as("BYE ping")
                        .isEqualTo(FakePeerSocket.hex(java.util.Arrays.copyOf(expected.bytes(), head)));
                byeToken = java.util.Arrays.copyOfRange(got, head, got.length);
                tally.frames++;
                continue;
            }
            StoreCommand c = FakePeerSocket.storeCommand(expected.bytes());
            boolean handshakeAck = step.frame() == 4; // the clone's ACK of the master's ack_clone
            if (timerDriven(c) && !handshakeAck) {
                continue;
            }
            tally.check("c2s", expected, a.next(READ_MILLIS, handshakeAck));
        }
        assertThat(tally.frames).isGreaterThan(30);
        assertThat(tally.actions).as("writes compared").isEqualTo(31);
        assertThat(a.closedWithin(READ_MILLIS)).as("closed after the BYE pong").isTrue();
        Await.until("peering removed", () -> b.peers().isEmpty());
        frontend.done();
    }

    /** What B's frontend did at each mark of the capture, through the clone's asynchronous API. */
    private static final class CloneFrontend {
        Store clone;
        final List<CompletableFuture<?>> writes = new ArrayList<>();
        final List<CompletableFuture<Boolean>> unique = new ArrayList<>();

        void act(String mark) {
            if (!mark.startsWith("B clone ")) {
                return;
            }
            Store c = clone;
            Optional<Duration> none = Optional.empty();
            switch (mark.substring("B clone ".length())) {
                case "put \"k_str\" -> \"hello\"" -> add(c.putAsync(s("k_str"), s("hello"), none));
                case "put \"k_exp\" -> \"short-lived\" with expiry 500ms" ->
                    add(c.putAsync(s("k_exp"), s("short-lived"), Optional.of(Duration.ofMillis(500))));
                case "put_unique \"k_u\" -> \"first\" (expected to succeed)",
                        "put_unique \"k_u\" -> \"second\" (expected to fail)" ->
                    unique.add(c.putUniqueAsync(s("k_u"), s(mark.contains("first") ? "first" : "second"), none));
                case "erase \"k_str\"" -> add(c.eraseAsync(s("k_str")));
                case "erase \"absent\" (key does not exist)" -> add(c.eraseAsync(s("absent")));
                case "increment \"k_cnt\" by count 5 (key absent, init count)" ->
                    add(c.incrementAsync(s("k_cnt"), Data.count(5), none));
                case "increment \"k_cnt\" by count 2" -> add(c.incrementAsync(s("k_cnt"), Data.count(2), none));
                case "decrement \"k_cnt\" by count 3" -> add(c.decrementAsync(s("k_cnt"), Data.count(3), none));
                case "increment \"k_int\" by integer -5 (key absent, init integer)" ->
                    add(c.incrementAsync(s("k_int"), Data.integer(-5), none));
                case "decrement \"k_int\" by integer 10" -> add(c.decrementAsync(s("k_int"), Data.integer(10), none));
                case "increment \"k_real\" by real 1.5 (key absent, init real)" ->
                    add(c.incrementAsync(s("k_real"), Data.real(1.5), none));
                case "decrement \"k_real\" by real 0.25" -> add(c.decrementAsync(s("k_real"), Data.real(0.25), none));
                case "put \"k_ts\" -> timestamp 1700000000 s" ->
                    add(c.putAsync(s("k_ts"), Data.timestampNanos(1_700_000_000_000_000_000L), none));
                case "increment \"k_ts\" by timespan 1.5 s" ->
                    add(c.incrementAsync(s("k_ts"), Data.timespan(Duration.ofMillis(1500)), none));
                case "decrement \"k_ts\" by timespan 0.5 s" ->
                    add(c.decrementAsync(s("k_ts"), Data.timespan(Duration.ofMillis(500)), none));
                case "increment \"k_ts0\" by timespan 2 s (key absent, init timestamp = epoch)" ->
                    add(c.incrementAsync(s("k_ts0"), Data.timespan(Duration.ofSeconds(2)), none));
                case "increment \"k_cnt_exp\" by count 1 with expiry 400ms" ->
                    add(c.incrementAsync(s("k_cnt_exp"), Data.count(1), Optional.of(Duration.ofMillis(400))));
                case "append \"k_s\" \"abc\" (key absent, init string)" -> add(c.appendAsync(s("k_s"), s("abc"), none));
                case "append \"k_s\" \"def\"" -> add(c.appendAsync(s("k_s"), s("def"), none));
                case "insert_into set \"k_set\" \"a\" (key absent, init set)" ->
                    add(c.insertIntoAsync(s("k_set"), s("a"), none));
                case "insert_into set \"k_set\" \"b\"" -> add(c.insertIntoAsync(s("k_set"), s("b"), none));
                case "remove_from set \"k_set\" \"a\"" -> add(c.removeFromAsync(s("k_set"), s("a"), none));
                case "insert_into table \"k_tab\" \"key1\" -> count 1 (key absent, init table)" ->
                    add(c.insertIntoAsync(s("k_tab"), s("key1"), Data.count(1), none));
                case "insert_into table \"k_tab\" \"key2\" -> count 2" ->
                    add(c.insertIntoAsync(s("k_tab"), s("key2"), Data.count(2), none));
                case "remove_from table \"k_tab\" \"key1\"" -> add(c.removeFromAsync(s("k_tab"), s("key1"), none));
                case "push vector \"k_vec\" count 1 (key absent, init vector)" ->
                    add(c.pushAsync(s("k_vec"), Data.count(1), none));
                case "push vector \"k_vec\" \"two\"" -> add(c.pushAsync(s("k_vec"), s("two"), none));
                case "pop vector \"k_vec\"" -> add(c.popAsync(s("k_vec"), none));
                case "reads (local only): keys, exists k_cnt, get k_cnt, get_index_from_value k_tab key2" -> {
                    // info.json: what Broker's clone answered at this mark, once ours has applied
                    // the updates the fake master wrote before it (they cross a socket first)
                    List<String> expected = List.of(
                            "k_cnt", "k_int", "k_real", "k_s", "k_set", "k_tab", "k_ts", "k_ts0", "k_u", "k_vec",
                            "pre");
                    Await.until(
                            "the clone has the updates before the reads",
                            () -> List.copyOf(keys(c)).equals(expected)
                                    && Data.count(4).equals(c.get(s("k_cnt"))));
                    assertThat(c.exists(s("k_cnt"))).isTrue();
                    assertThat(c.get(s("k_cnt"))).isEqualTo(Data.count(4));
                    assertThat(c.getIndexFromValue(s("k_tab"), s("key2"))).isEqualTo(Data.count(2));
                }
                case "put \"k_exp2\" -> \"expires-during-wait\" with expiry 1500ms" ->
                    add(c.putAsync(s("k_exp2"), s("expires-during-wait"), Optional.of(Duration.ofMillis(1500))));
                case "clear" -> add(c.clearAsync());
                default -> fail("no replay for the capture's mark: " + mark);
            }
        }

        private void add(CompletableFuture<?> f) {
            writes.add(f);
        }

        void done() throws Exception {
            for (CompletableFuture<?> f : writes) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(unique).hasSize(2);
            assertThat(unique.get(0).get(10, TimeUnit.SECONDS))
                    .as("first put_unique")
                    .isTrue();
            assertThat(unique.get(1).get(10, TimeUnit.SECONDS))
                    .as("second put_unique")
                    .isFalse();
            Await.until(
                    "the clone is empty after both clears",
                    () -> clone.keys().elements().isEmpty());
            assertThat(clone.problemCount()).isZero();
        }

        private static Data s(String text) {
            return Data.string(text);
        }
    }
}
