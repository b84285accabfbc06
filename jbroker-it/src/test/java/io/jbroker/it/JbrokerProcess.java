package io.jbroker.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The {@code jbroker} command line ({@code io.jbroker.cli.Main}) running in a separate JVM, with
 * this test's class path. Standard output and error are read line by line on daemon threads, so a
 * test waits for a line with a deadline and never blocks on the pipe. Closing kills the process.
 */
final class JbrokerProcess implements AutoCloseable {
    private static final String END = new String("end of stream");

    private final String name;
    private final Process process;
    private final Lines out;
    private final Lines err;

    private JbrokerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.out = new Lines(name + " stdout", process.getInputStream());
        this.err = new Lines(name + " stderr", process.getErrorStream());
    }

    /** Starts {@code jbroker args...}; {@code name} labels failure messages. */
    static JbrokerProcess start(String name, String... args) throws IOException {
        return startMain(name, List.of(), "io.jbroker.cli.Main", args);
    }

    /**
     * Starts {@code mainClass args...} from this test's class path, in a JVM with the same options
     * as {@link #start} plus {@code jvmOptions} (which come later, so they win).
     */
    static JbrokerProcess startMain(String name, List<String> jvmOptions, String mainClass, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx128m");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        Collections.addAll(command, args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        return new JbrokerProcess(name, pb.start());
    }

    private static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    Lines out() {
        return out;
    }

    Lines err() {
        return err;
    }

    /** Writes {@code line} and a newline to standard input and flushes. */
    void writeLine(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    /**
     * Sends SIGTERM. Through the process handle: {@link Process#destroy()} would also close our
     * ends of the pipes, losing what the process prints while it shuts down.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    long pid() {
        return process.pid();
    }

    /**
     * Sends {@code kill -SIGNAL pid} (for example {@code STOP} or {@code CONT}) and waits for the
     * {@code kill} command.
     */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid()))
                .redirectErrorStream(true)
                .start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + signal + " " + pid() + " failed" + describe());
        }
    }

    /** Kills at once (SIGKILL): no shutdown hooks, no BYE; the kernel closes the sockets. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Waits up to {@code max} for the process to exit.
     *
     * @throws AssertionError if it is still running then
     */
    int awaitExit(Duration max) throws InterruptedException {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + max + describe());
        }
        return process.exitValue();
    }

    String describe() {
        return "\n--- " + name + " stdout:\n" + String.join("\n", out.all()) + "\n--- " + name + " stderr:\n"
                + String.join("\n", err.all());
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One output stream of the process, as lines. */
    final class Lines {
        private final LinkedBlockingQueue<String> unread = new LinkedBlockingQueue<>();
        private final List<String> all = Collections.synchronizedList(new ArrayList<>());

        Lines(String label, InputStream stream) {
            Thread t = new Thread(() -> pump(stream), label);
            t.setDaemon(true);
            t.start();
        }

        private void pump(InputStream stream) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    all.add(line);
                    unread.add(line);
                }
            } catch (IOException e) {
                all.add("(read failed: " + e + ")");
            } finally {
                unread.add(END);
            }
        }

        /**
         * Skips unread lines up to and including the first that matches, and returns it.
         *
         * @throws AssertionError (with all output so far) if none arrives within {@code max}
         */
        String await(Predicate<String> matching, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? unread.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null || line == END) {
                    if (line == END) {
                        unread.add(END);
                    }
                    throw new AssertionError("no matching line from " + name + " within " + max
                            + (line == END ? " (stream ended)" : "") + describe());
                }
                if (matching.test(line)) {
                    return line;
                }
            }
        }

        String awaitStartingWith(String prefix, Duration max) throws InterruptedException {
            return await(l -> l.startsWith(prefix), max);
        }

        /**
         * Forgets the lines received so far but not yet awaited, so that the next {@link #await}
         * sees only lines printed from about now on.
         */
        void skipUnread() {
            List<String> skipped = new ArrayList<>();
            unread.drainTo(skipped);
            if (skipped.stream().anyMatch(l -> l == END)) {
                unread.add(END);
            }
        }

        List<String> all() {
            synchronized (all) {
                return new ArrayList<>(all);
            }
        }
    }
}
