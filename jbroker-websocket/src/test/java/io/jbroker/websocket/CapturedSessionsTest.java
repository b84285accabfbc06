package io.jbroker.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jbroker.DataMessage;
import io.jbroker.data.DecodeException;
import io.jbroker.data.JsonFormat;
import io.jbroker.websocket.internal.WireJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the 33 sessions captured from a live Zeek 9.1 ({@code zeek-websocket/sessions.jsonl}):
 * the test server answers exactly as Zeek did (its frames, in order, byte for byte: pings, acks,
 * data messages with Zeek's raw control and non-UTF-8 bytes, error objects, close codes, EOF), and
 * our client must send what the captured client sent: the same subscription array and data
 * messages byte for byte (JSON-equal where the captured client wrote with spaces), pongs with the
 * ping's payload, and receive Zeek's messages, errors and closes as typed values.
 *
 * <p>Where our client cannot act like the captured one (a first frame that is not an array, an
 * event sent before the ack, a TCP close without a close frame), it sends the valid form and the
 * replay checks the server side of the exchange: the typed error and the dead connection.
 */
class CapturedSessionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<JsonNode> sessions() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                CapturedSessionsTest.class.getResourceAsStream("/zeek-websocket/sessions.jsonl"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        assertThat(out).hasSize(33);
        return out.stream();
    }

    private static byte[] bytes(JsonNode m) {
        if (m.path("invalid_utf8").asBoolean(false)
                || m.get("text") == null
                || m.get("text").isNull()) {
            return HexFormat.of().parseHex(m.path("hex").asText(""));
        }
        return m.get("text").asText().getBytes(StandardCharsets.UTF_8);
    }

    /** The flood sessions recorded only a truncated sample: the messages they stand for. */
    private static boolean isTruncated(JsonNode m) {
        return m.path("text").asText("").contains("...(truncated");
    }

    static List<byte[]> flood(int n) {
        List<byte[]> out = new ArrayList<>();
        String payload = "x".repeat(1024);
        for (int i = 1; i <= n; i++) {
            out.add(JsonFormat.encodeMessage(DataMessage.of(
                    "/test/to_client/",
                    io.jbroker.zeek.Event.of(
                                    "Test::flood_msg",
                                    io.jbroker.data.Data.count(i),
                                    io.jbroker.data.Data.string(payload))
                            .toData())));
        }
        return out;
    }

    private static boolean isData(JsonNode m) {
        String op = m.path("opcode").asText("");
        return op.equals("text") || op.equals("binary");
    }

    private static String kind(byte[] frame) {
        WireJson.Fields f = WireJson.fields(frame);
        if (WireJson.looksLikeDataMessage(frame)) {
            return "data-message";
        }
        return f == null || f.type() == null ? "?" : f.type();
    }

    /** What the server side checked, for the assertions. */
    static final class Replay {
        final List<String> mismatches = new CopyOnWriteArrayList<>();
        volatile boolean handshakeCompared;
        volatile int framesExact;
        volatile int framesJsonEqual;
        volatile int pongsChecked;
        volatile String path;
        volatile String appName;
        volatile boolean clientLeftEarly;
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("sessions")
    void replay(JsonNode session) throws Exception {
        String name =
                session.get("session").asText() + "/" + session.get("backend").asText();
        JsonNode messages = session.get("messages");
        List<JsonNode> c2sData = new ArrayList<>();
        List<byte[]> s2cDataMessages = new ArrayList<>();
        List<ZeekError> s2cErrors = new ArrayList<>();
        boolean acked = false;
        boolean afterEof = false;
        for (JsonNode m : messages) {
            String dir = m.path("dir").asText();
            if (dir.equals("s2c") && m.has("event")) {
                afterEof = true;
            }
            if (afterEof) {
                continue;
            }
            if (dir.equals("c2s") && isData(m)) {
                c2sData.add(m);
            } else if (dir.equals("s2c") && isData(m) && isTruncated(m)) {
                s2cDataMessages.addAll(flood(
                        session.path("flood").path("received_after_resume").asInt()));
            } else if (dir.equals("s2c") && isData(m)) {
                byte[] b = bytes(m);
                String k = kind(b);
                if (k.equals("ack")) {
                    acked = true;
                } else if (k.equals("data-message")) {
                    s2cDataMessages.add(b);
                } else if (k.equals("error")) {
                    WireJson.Fields f = WireJson.fields(b);
                    s2cErrors.add(ZeekError.parse(f.code(), f.context()));
                }
            }
        }
        List<String> topics = List.of("/test/to_client/");
        boolean firstIsArray = false;
        if (!c2sData.isEmpty()) {
            try {
                topics = WireJson.parseSubscriptions(bytes(c2sData.get(0)), 100);
                firstIsArray = true;
            } catch (WireJson.BadSubscriptions e) {
                // The client below sends a valid array instead; the server does not compare it.
            }
        }
        boolean compareHandshake = firstIsArray;
        Replay replay = new Replay();
        try (ScriptedServer server = new ScriptedServer(
                null,
                conn -> serve(
                        conn,
                        messages,
                        compareHandshake,
                        replay,
                        session.path("flood").path("received_after_resume").asInt()))) {
            String path = session.path("request").path("path").asText();
            ZeekWebSocketClient.Builder b = ZeekWebSocketClient.builder(server.url(path))
                    .topics(topics)
                    .noReconnect()
                    .connectTimeout(Duration.ofSeconds(10));
            if (name.startsWith("h_")) {
                // A small queue: the client stops reading while it is full, and loses nothing.
                b.queue(256, 1 << 20);
            }
            JsonNode app = session.path("request").path("extra_headers").get("X-Application-Name");
            if (app != null) {
                b.applicationName(app.asText());
            }
            if (!acked) {
                ZeekError expected = s2cErrors.get(0);
                JsonNode close = session.get("close");
                assertThatThrownBy(b::connect).as(name).isInstanceOfSatisfying(ZeekWebSocketException.class, e -> {
                    assertThat(e.error()).contains(expected);
                    assertThat(e.error().get().code()).isNotEqualTo(ZeekErrorCode.OTHER);
                    if (close != null && !close.isNull() && close.get("code").asInt() != 1000) {
                        assertThat(e.rawCloseCode()).isEqualTo(close.get("code").asInt());
                        assertThat(e.closeCode()).contains(CloseCode.POLICY_VIOLATION);
                        assertThat(e.closeReason()).contains(close.get("reason").asText());
                    }
                });
            } else {
                List<ClientStatus> statuses = new CopyOnWriteArrayList<>();
                b.onStatus(statuses::add);
                try (ZeekWebSocketClient client = b.connect()) {
                    assertThat(client.ack().version()).isEqualTo("9.1.0-dev");
                    assertThat(client.ack().endpoint()).endsWith("-websocket-0");
                    for (JsonNode m : c2sData.subList(firstIsArray ? 1 : 0, c2sData.size())) {
                        byte[] frame = bytes(m);
                        DataMessage dm;
                        try {
                            dm = JsonFormat.decodeMessage(frame);
                        } catch (DecodeException e) {
                            dm = null;
                        }
                        if (dm != null) {
                            client.publish(dm);
                        } else {
                            client.sendRaw(new String(frame, StandardCharsets.UTF_8));
                        }
                    }
                    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    List<DataMessage> got = new ArrayList<>();
                    while ((got.size() < s2cDataMessages.size() || client.serverErrorCount() < s2cErrors.size())
                            && System.nanoTime() < deadline) {
                        got.addAll(client.receive(1000, Duration.ofMillis(20)));
                    }
                    assertThat(replay.mismatches).as(name).isEmpty();
                    assertThat(got).as(name).hasSize(s2cDataMessages.size());
                    for (int i = 0; i < got.size(); i++) {
                        byte[] expected = s2cDataMessages.get(i);
                        assertThat(got.get(i)).as(name).isEqualTo(JsonFormat.decodeMessage(expected));
                    }
                    assertThat(client.poll()).as(name + ": no more messages").isNull();
                    assertThat(client.serverErrorCount()).as(name).isEqualTo(s2cErrors.size());
                    assertThat(client.malformedCount()).as(name).isZero();
                    if (!s2cErrors.isEmpty()) {
                        assertThat(client.lastServerError()).isEqualTo(s2cErrors.get(s2cErrors.size() - 1));
                        // Status callbacks run on the client's thread: the last may lag the count.
                        long statusDeadline =
                                System.nanoTime() + Duration.ofSeconds(10).toNanos();
                        while (statuses.stream()
                                                .filter(s -> s.kind() == ClientStatus.Kind.SERVER_ERROR)
                                                .count()
                                        < s2cErrors.size()
                                && System.nanoTime() < statusDeadline) {
                            Thread.sleep(5);
                        }
                        assertThat(statuses)
                                .filteredOn(s -> s.kind() == ClientStatus.Kind.SERVER_ERROR)
                                .extracting(s -> s.serverError().orElseThrow())
                                .containsExactlyElementsOf(s2cErrors);
                    }
                    if (name.startsWith("h_")) {
                        // Zeek dropped the client without a close frame.
                        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                        while (client.isConnected() && System.nanoTime() < until) {
                            Thread.sleep(5);
                        }
                        assertThat(client.isConnected()).isFalse();
                    }
                }
            }
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!replay.clientLeftEarly && replay.path == null && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(server.failures).as(name).isEmpty();
        }
        assertThat(replay.mismatches).as(name).isEmpty();
        assertThat(replay.path)
                .as(name)
                .isEqualTo(session.path("request").path("path").asText());
        if (firstIsArray) {
            assertThat(replay.handshakeCompared).as(name).isTrue();
        }
        long pings = 0;
        for (JsonNode m : messages) {
            if (m.path("dir").asText().equals("s2c")
                    && m.path("opcode").asText().equals("ping")) {
                pings++;
            }
        }
        if (acked && !replay.clientLeftEarly) {
            assertThat(replay.pongsChecked).as(name + " pongs").isEqualTo(pings);
        }
    }

    /** The server side: Zeek's frames in the captured order, checking the client's. */
    private static void serve(
            ScriptedServer.Conn conn, JsonNode messages, boolean compareHandshake, Replay r, int floodCount)
            throws Exception {
        List<JsonNode> pending = new ArrayList<>();
        boolean first = true;
        try {
            for (JsonNode m : messages) {
                String dir = m.path("dir").asText();
                String op = m.path("opcode").asText("");
                if (dir.equals("c2s") && isData(m)) {
                    if (first) {
                        first = false;
                        if (!expectFrame(conn, m, compareHandshake, r)) {
                            return;
                        }
                    } else {
                        pending.add(m);
                    }
                } else if (dir.equals("c2s") && op.equals("pong")) {
                    byte[] pong = null;
                    long until = System.nanoTime() + 10_000_000_000L;
                    while (pong == null && !conn.inactive && conn.closes.isEmpty() && System.nanoTime() < until) {
                        pong = conn.pongs.poll(20, java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                    if (pong == null && (conn.inactive || !conn.closes.isEmpty())) {
                        r.clientLeftEarly = true;
                        return;
                    } else if (pong == null) {
                        r.mismatches.add("no pong for " + m);
                    } else if (!HexFormat.of()
                            .formatHex(pong)
                            .equals(m.path("hex").asText())) {
                        r.mismatches.add("pong payload " + HexFormat.of().formatHex(pong));
                    } else {
                        r.pongsChecked++;
                    }
                } else if (dir.equals("c2s") && op.equals("close")) {
                    if (!drain(conn, pending, r)) {
                        return;
                    }
                    ScriptedServer.Frame c = conn.closes.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                    if (c == null && !conn.inactive) {
                        r.mismatches.add("no close frame from the client");
                    }
                } else if (dir.equals("c2s")) {
                    // tcp-close-without-close-frame: our client closes with a close frame instead.
                    drain(conn, pending, r);
                } else if (dir.equals("s2c") && op.equals("ping")) {
                    conn.ping(HexFormat.of().parseHex(m.path("hex").asText()));
                } else if (dir.equals("s2c") && isData(m) && isTruncated(m)) {
                    if (!drain(conn, pending, r)) {
                        return;
                    }
                    for (byte[] b : flood(floodCount)) {
                        conn.sendText(b);
                    }
                } else if (dir.equals("s2c") && isData(m)) {
                    byte[] b = bytes(m);
                    if (!kind(b).equals("ack") && !drain(conn, pending, r)) {
                        return;
                    }
                    conn.sendText(b);
                } else if (dir.equals("s2c") && op.equals("close")) {
                    conn.close(m.get("code").asInt(), m.path("reason").asText(""));
                } else if (dir.equals("s2c") && m.has("event")) {
                    conn.abort(); // EOF or reset without a close frame
                    break;
                }
            }
            drain(conn, pending, r);
        } finally {
            r.path = conn.path;
            String app = conn.headers.get("X-Application-Name");
            r.appName = app;
        }
    }

    /** Waits for the client frames the script expects before its next frame. */
    private static boolean drain(ScriptedServer.Conn conn, List<JsonNode> pending, Replay r) throws Exception {
        while (!pending.isEmpty()) {
            if (!expectFrame(conn, pending.remove(0), true, r)) {
                pending.clear();
                return false;
            }
        }
        return true;
    }

    private static boolean expectFrame(ScriptedServer.Conn conn, JsonNode m, boolean compare, Replay r)
            throws Exception {
        ScriptedServer.Frame f = conn.nextData(10_000);
        if (f == null) {
            r.clientLeftEarly = true;
            return false;
        }
        if (!compare) {
            return true;
        }
        byte[] expected = bytes(m);
        if (java.util.Arrays.equals(expected, f.bytes())) {
            r.framesExact++;
        } else if (JSON.readTree(expected).equals(JSON.readTree(f.bytes()))) {
            // The captured client wrote JSON with spaces (python's json.dumps) or reals as -7.5
            // where Broker's format (ours) writes -7.500000: the same JSON value.
            r.framesJsonEqual++;
        } else {
            r.mismatches.add("frame differs:\n  expected " + new String(expected, StandardCharsets.UTF_8)
                    + "\n  got      " + f.text());
        }
        if (r.framesExact + r.framesJsonEqual == 1) {
            r.handshakeCompared = true;
        }
        return true;
    }
}
