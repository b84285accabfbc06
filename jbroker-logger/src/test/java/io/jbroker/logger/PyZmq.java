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

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }
}
