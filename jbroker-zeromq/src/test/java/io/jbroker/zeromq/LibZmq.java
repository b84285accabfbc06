package io.jbroker.zeromq;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Test harness: a real libzmq (pyzmq on Debian's libzmq 4.3.4, the library Zeek links) in child
 * processes, driven from JUnit.
 *
 * <p>{@link #startProxy} runs {@code libzmq/zmq_proxy.py}, an XPUB/XSUB proxy set up like Zeek's
 * {@code ZeroMQ-Proxy.cc}; {@link #startNode} runs {@code libzmq/zmq_node.py}, a node that connects
 * like a Zeek node, subscribes and publishes raw frames and reports everything it receives. Both
 * bind or connect on 127.0.0.1 only; the proxy binds ephemeral ports and reports them. Each child
 * prints one JSON object per line; this class collects them and lets a test wait for a line with a
 * deadline (never a sleep). Children exit when their standard input closes, so they do not outlive
 * the JVM.
 *
 * <p>Every entry point first calls {@link #assumeAvailable()}: without {@code /usr/bin/python3}
 * and its {@code zmq} module the test is skipped by a JUnit assumption with a loud message.
 */
public final class LibZmq {
    /** Where the harness scripts live in the test class path. */
    private static final String RESOURCE_DIR = "libzmq/";

    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static volatile Boolean available;
    private static volatile Path scripts;

    private LibZmq() {}

    /** Skips the calling test (loudly) when pyzmq is not importable by /usr/bin/python3. */
    public static void assumeAvailable() {
        Boolean ok = available;
        if (ok == null) {
            ok = probe();
            available = ok;
            if (!ok) {
                System.err.println("*** SKIPPING libzmq interop test: `" + PYTHON
                        + " -c 'import zmq'` failed (install python3-zmq to run it)");
            }
        }
        assumeTrue(
                ok,
                "libzmq interop test SKIPPED: `" + PYTHON
                        + " -c 'import zmq'` failed; install Debian's python3-zmq to run it");
    }

    private static boolean probe() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import zmq")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A libzmq proxy like Zeek's (XPUB_VERBOSER, XPUB_NODROP) on ephemeral 127.0.0.1 ports. */
    public static Proxy startProxy(String... extraArgs) {
        assumeAvailable();
        List<String> cmd =
                new ArrayList<>(List.of(PYTHON, script("zmq_proxy.py").toString()));
        cmd.addAll(List.of(extraArgs));
        Child child = new Child("zmq_proxy", cmd);
        JsonNode ready = child.await(line -> "ready".equals(line.path("event").asText()));
        return new Proxy(child, ready.get("xpub").asText(), ready.get("xsub").asText());
    }

    /**
     * A libzmq node shaped like a Zeek node.
     *
     * @param proxyXpub the proxy's XPUB endpoint (the node's XSUB connects there)
     * @param proxyXsub the proxy's XSUB endpoint (the node's XPUB connects there)
     * @param extraArgs further arguments of zmq_node.py (e.g. {@code --sub HEX}, CURVE keys)
     */
    public static Node startNode(String proxyXpub, String proxyXsub, String... extraArgs) {
        assumeAvailable();
        List<String> cmd = new ArrayList<>(List.of(
                PYTHON, script("zmq_node.py").toString(), "--connect-xsub", proxyXpub, "--connect-xpub", proxyXsub));
        cmd.addAll(List.of(extraArgs));
        Child child = new Child("zmq_node", cmd);
        JsonNode ready = child.await(line -> "ready".equals(line.path("event").asText()));
        return new Node(child, ready.get("pid").asLong());
    }

    /** Lowercase hex of bytes, as the scripts use. */
    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Lowercase hex of the UTF-8 bytes of a string. */
    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static synchronized Path script(String name) {
        try {
            if (scripts == null) {
                Path dir = Files.createTempDirectory("jbroker-libzmq");
                dir.toFile().deleteOnExit();
                for (String s : List.of("zmq_proxy.py", "zmq_node.py")) {
                    try (InputStream in = LibZmq.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + s)) {
                        if (in == null) {
                            throw new IllegalStateException("missing test resource " + RESOURCE_DIR + s);
                        }
                        Path target = dir.resolve(s);
                        Files.copy(in, target);
                        target.toFile().deleteOnExit();
                    }
                }
                scripts = dir;
            }
            return scripts.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The libzmq proxy process. */
    public static final class Proxy implements AutoCloseable {
        private final Child child;
        private final String xpub;
        private final String xsub;

        private Proxy(Child child, String xpub, String xsub) {
            this.child = child;
            this.xpub = xpub;
            this.xsub = xsub;
        }

        /** The bound XPUB endpoint (nodes connect their XSUB here). */
        public String xpub() {
            return xpub;
        }

        /** The bound XSUB endpoint (nodes connect their XPUB here). */
        public String xsub() {
            return xsub;
        }

        /** The proxy's stdout lines so far (ZAP decisions, stats). */
        public List<JsonNode> lines() {
            return child.lines();
        }

        /** Waits for an output line matching the predicate. */
        public JsonNode await(Predicate<JsonNode> match) {
            return child.await(match);
        }

        @Override
        public void close() {
            child.close();
        }
    }

    /** A libzmq node process. All methods wait until the node has carried the command out. */
    public static final class Node implements AutoCloseable {
        private final Child child;
        private final long pid;

        private Node(Child child, long pid) {
            this.child = child;
            this.pid = pid;
        }

        /** The process id (e.g. for SIGSTOP/SIGCONT in overload tests). */
        public long pid() {
            return pid;
        }

        /** Sends a signal to the process ({@code "STOP"}, {@code "CONT"}) with kill(1). */
        public void signal(String name) {
            try {
                Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                        .redirectErrorStream(true)
                        .start();
                kill.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    throw new AssertionError("kill -" + name + " " + pid + " failed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        /**
         * Publishes the same message {@code count} times with DONTWAIT.
         *
         * @return how many libzmq took (the rest hit the node's HWM)
         */
        public long publishMany(int count, byte[]... frames) {
            StringBuilder line = new StringBuilder("pubn ").append(count);
            for (byte[] f : frames) {
                line.append(' ').append(hex(f));
            }
            return child.command(line.toString(), "pubn").path("taken").asLong();
        }

        /** Data messages received so far (counted even with {@code --no-print}). */
        public long receivedCount() {
            return child.command("stats", "stats").path("received").asLong();
        }

        /** Sends {@code 0x01 + prefix} on the node's XSUB. */
        public void subscribe(byte[] prefix) {
            child.command("sub " + hex(prefix), "sub");
        }

        /** Sends {@code 0x01 + prefix} (UTF-8) on the node's XSUB. */
        public void subscribe(String prefix) {
            subscribe(prefix.getBytes(StandardCharsets.UTF_8));
        }

        /** Sends {@code 0x00 + prefix} on the node's XSUB. */
        public void unsubscribe(byte[] prefix) {
            child.command("unsub " + hex(prefix), "unsub");
        }

        /** Sends {@code 0x00 + prefix} (UTF-8) on the node's XSUB. */
        public void unsubscribe(String prefix) {
            unsubscribe(prefix.getBytes(StandardCharsets.UTF_8));
        }

        /** Sends one arbitrary frame on the node's XSUB (bad input). */
        public void sendRawOnXsub(byte[] frame) {
            child.command("rawsub " + hex(frame), "rawsub");
        }

        /**
         * Publishes one multipart message on the node's XPUB with DONTWAIT, as Zeek does.
         *
         * @return false if libzmq refused it (EAGAIN: HWM reached or no peer)
         */
        public boolean publish(byte[]... frames) {
            StringBuilder line = new StringBuilder("pub");
            for (byte[] f : frames) {
                line.append(' ').append(hex(f));
            }
            return child.command(line.toString(), "pub").path("sent").asBoolean();
        }

        /** Waits for a data message (received so far or later) whose frames match. */
        public List<byte[]> awaitMessage(Predicate<List<byte[]>> match) {
            JsonNode line = child.await(l -> "message".equals(l.path("event").asText()) && match.test(frames(l)));
            return frames(line);
        }

        /** Waits until {@code count} data messages have arrived; returns all of them. */
        public List<List<byte[]>> awaitMessages(int count) {
            child.awaitCount(l -> "message".equals(l.path("event").asText()), count);
            return messages();
        }

        /** Every data message received on the node's XSUB so far, in order. */
        public List<List<byte[]>> messages() {
            List<List<byte[]>> out = new ArrayList<>();
            for (JsonNode l : child.lines()) {
                if ("message".equals(l.path("event").asText())) {
                    out.add(frames(l));
                }
            }
            return out;
        }

        /** Waits until the node's XPUB has reported this (un)subscription frame {@code times} times. */
        public void awaitSubscriptionFrame(byte[] frame, int times) {
            String want = hex(frame);
            child.awaitCount(
                    l -> "subscription".equals(l.path("event").asText())
                            && want.equals(l.path("frame").asText()),
                    times);
        }

        /** Every message the node's XPUB returned so far (subscriptions), as raw frames. */
        public List<byte[]> subscriptionFrames() {
            List<byte[]> out = new ArrayList<>();
            for (JsonNode l : child.lines()) {
                if ("subscription".equals(l.path("event").asText())) {
                    out.add(HEX.parseHex(l.path("frame").asText()));
                }
            }
            return out;
        }

        /** Every output line so far. */
        public List<JsonNode> lines() {
            return child.lines();
        }

        /** Closes the sockets and ends the process (its peers see a disconnect). */
        @Override
        public void close() {
            child.tryCommand("close");
            child.close();
        }

        private static List<byte[]> frames(JsonNode line) {
            List<byte[]> out = new ArrayList<>();
            for (JsonNode f : line.get("frames")) {
                out.add(HEX.parseHex(f.asText()));
            }
            return out;
        }
    }

    /** One child process with line-oriented JSON output. */
    private static final class Child implements AutoCloseable {
        private final String name;
        private final Process process;
        private final Writer stdin;
        private final List<JsonNode> lines = new ArrayList<>();
        private final StringBuilder stderr = new StringBuilder();
        private int commandsAnswered;
        private boolean ended;

        Child(String name, List<String> command) {
            this.name = name;
            try {
                process = new ProcessBuilder(command).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command, e);
            }
            stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread out = new Thread(this::readStdout, name + "-stdout");
            out.setDaemon(true);
            out.start();
            Thread err = new Thread(this::readStderr, name + "-stderr");
            err.setDaemon(true);
            err.start();
        }

        private void readStdout() {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    JsonNode node = JSON.readTree(line);
                    synchronized (this) {
                        lines.add(node);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // process gone
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        private void readStderr() {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // process gone
            }
        }

        synchronized List<JsonNode> lines() {
            return List.copyOf(lines);
        }

        JsonNode await(Predicate<JsonNode> match) {
            return awaitCount(match, 1);
        }

        /** Waits until {@code count} lines match; returns the last of them. */
        synchronized JsonNode awaitCount(Predicate<JsonNode> match, int count) {
            long deadline = System.nanoTime() + DEFAULT_WAIT.toNanos();
            while (true) {
                int seen = 0;
                for (JsonNode l : lines) {
                    if (match.test(l) && ++seen == count) {
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError(name + ": " + (ended ? "process ended" : "timed out")
                            + " waiting for " + count + " matching line(s); saw " + seen + "\nstdout: " + lines
                            + "\nstderr: " + stderr);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }

        /** Sends a command and waits for its "ok" (or fails on its "error"). */
        JsonNode command(String line, String cmd) {
            int index;
            synchronized (this) {
                index = ++commandsAnswered;
            }
            write(line);
            JsonNode answer = awaitCount(
                    l -> ("ok".equals(l.path("event").asText())
                            || "error".equals(l.path("event").asText())),
                    index);
            if ("error".equals(answer.path("event").asText())) {
                throw new AssertionError(name + ": command '" + cmd + "' failed: " + answer);
            }
            return answer;
        }

        void tryCommand(String line) {
            try {
                write(line);
            } catch (UncheckedIOException e) {
                // already gone
            }
        }

        private synchronized void write(String line) {
            try {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(name + " is gone; stderr: " + stderr, e);
            }
        }

        @Override
        public void close() {
            try {
                stdin.close();
            } catch (IOException e) {
                // already gone
            }
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
