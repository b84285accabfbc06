package io.jbroker.zeromq;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Zeek's proxy on libzmq: {@code /usr/bin/python3} with pyzmq running {@code libzmq_proxy.py}
 * (XPUB_VERBOSER and XPUB_NODROP, as Zeek sets them). Tests using it are skipped, loudly, where
 * python3-zmq is not installed.
 */
final class LibZmqProxy implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    private static final Pattern LINE = Pattern.compile("proxy xpub=(\\S+) xsub=(\\S+)");

    private final Process process;
    private final String xpub;
    private final String xsub;

    LibZmqProxy() {
        assumePyzmq();
        try {
            Path script = Files.createTempFile("libzmq_proxy", ".py");
            script.toFile().deleteOnExit();
            try (InputStream in = LibZmqProxy.class.getResourceAsStream("/python/libzmq_proxy.py")) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            process = new ProcessBuilder(PYTHON, script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            Matcher m = line == null ? null : LINE.matcher(line);
            if (m == null || !m.matches()) {
                process.destroyForcibly();
                throw new IllegalStateException("libzmq proxy did not start: " + line);
            }
            xpub = m.group(1);
            xsub = m.group(2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips the calling test (with a message on stderr) if pyzmq cannot be imported. */
    static void assumePyzmq() {
        boolean ok;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import zmq")
                    .redirectErrorStream(true)
                    .start();
            ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        if (!ok) {
            System.err.println("SKIPPED: libzmq interop test needs " + PYTHON + " with python3-zmq (pyzmq)");
        }
        Assumptions.assumeTrue(ok, "SKIPPED: libzmq interop test needs " + PYTHON + " with python3-zmq (pyzmq)");
    }

    String xpub() {
        return xpub;
    }

    String xsub() {
        return xsub;
    }

    ZeroMqConfig nodeConfig(String name) {
        return ZeroMqConfig.defaults().withEndpoints(xpub, xsub).withName(name);
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
