package io.jbroker.logger;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** libzmq through /usr/bin/python3 and pyzmq: software we did not write. */
final class PyZmq {
    static final String PYTHON = "/usr/bin/python3";

    private PyZmq() {}

    /** Skips the test, loudly, unless python3 with pyzmq is there. */
    static void assumeAvailable() throws Exception {
        boolean ok = false;
        if (new File(PYTHON).canExecute()) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import zmq")
                    .redirectErrorStream(true)
                    .start();
            ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        if (!ok) {
            System.err.println("SKIPPED: libzmq interop test needs " + PYTHON + " with pyzmq (python3-zmq)");
        }
        assumeTrue(ok, "libzmq interop test needs " + PYTHON + " with pyzmq (python3-zmq): not available");
    }

    /** PUSHes every message (a list of frames) to {@code url} with libzmq, then lingers until sent. */
    static void push(Path work, String url, List<List<byte[]>> messages) throws Exception {
        List<String> lines = new ArrayList<>();
        for (List<byte[]> m : messages) {
            StringBuilder sb = new StringBuilder();
            for (byte[] f : m) {
                sb.append(sb.length() == 0 ? "" : " ").append(f.length == 0 ? "-" : hex(f));
            }
            lines.add(sb.toString());
        }
        Path data = work.resolve("messages.txt");
        Files.write(data, lines, StandardCharsets.US_ASCII);
        String script = "import sys, zmq\n"
                + "ctx = zmq.Context()\n"
                + "s = ctx.socket(zmq.PUSH)\n"
                + "s.connect(sys.argv[1])\n"
                + "for line in open(sys.argv[2]):\n"
                + "    s.send_multipart([b'' if f == '-' else bytes.fromhex(f) for f in line.split()])\n"
                + "s.close(linger=20000)\n"
                + "ctx.term()\n";
        Process p = new ProcessBuilder(PYTHON, "-c", script, url, data.toString())
                .redirectErrorStream(true)
                .start();
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("pyzmq sender did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("pyzmq sender failed: " + out);
        }
    }

    /** A libzmq PULL socket in a python3 process, bound on 127.0.0.1, receiving a number of messages. */
    static final class Pull implements AutoCloseable {
        final Process process;
        final String endpoint;
        final Path out;

        private Pull(Process process, String endpoint, Path out) {
            this.process = process;
            this.endpoint = endpoint;
            this.out = out;
        }

        /** Waits for the messages; each is its frames, in arrival order. */
        List<List<byte[]>> messages() throws Exception {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                throw new AssertionError("pyzmq receiver did not finish");
            }
            String err = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError("pyzmq receiver failed: " + err);
            }
            List<List<byte[]>> messages = new ArrayList<>();
            for (String line : Files.readAllLines(out, StandardCharsets.US_ASCII)) {
                List<byte[]> frames = new ArrayList<>();
                for (String f : line.split(" ")) {
                    frames.add(f.equals("-") ? new byte[0] : unhex(f));
                }
                messages.add(frames);
            }
            return messages;
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** Starts a libzmq PULL that takes {@code count} messages (for at most 30 s) and writes them out. */
    static Pull pull(Path work, int count) throws Exception {
        Path out = work.resolve("pulled.txt");
        String script = "import sys, time, zmq\n"
                + "ctx = zmq.Context()\n"
                + "s = ctx.socket(zmq.PULL)\n"
                + "s.bind('tcp://127.0.0.1:*')\n"
                + "print(s.getsockopt(zmq.LAST_ENDPOINT).decode(), flush=True)\n"
                + "s.setsockopt(zmq.RCVTIMEO, 100)\n"
                + "n = int(sys.argv[1])\n"
                + "got = []\n"
                + "deadline = time.time() + 30\n"
                + "while len(got) < n and time.time() < deadline:\n"
                + "    try:\n"
                + "        got.append(s.recv_multipart())\n"
                + "    except zmq.Again:\n"
                + "        pass\n"
                + "with open(sys.argv[2], 'w') as f:\n"
                + "    for m in got:\n"
                + "        f.write(' '.join(x.hex() if x else '-' for x in m) + '\\n')\n"
                + "s.close(linger=0)\n"
                + "ctx.term()\n";
        Process p = new ProcessBuilder(PYTHON, "-c", script, Integer.toString(count), out.toString())
                .redirectErrorStream(true)
                .start();
        String endpoint = new java.io.BufferedReader(
                        new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        if (endpoint == null || !endpoint.startsWith("tcp://")) {
            p.destroyForcibly();
            throw new AssertionError("pyzmq receiver did not bind: " + endpoint);
        }
        return new Pull(p, endpoint, out);
    }

    static byte[] unhex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }
}
