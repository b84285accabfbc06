package io.jbroker.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A long-running command (a server) run in-process on its own thread, with its output captured;
 * the test reads lines while it runs and waits for it to exit.
 */
final class BackgroundRun implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread thread;
    private volatile int exitCode = -1;

    private BackgroundRun(String... args) {
        thread = new Thread(
                () -> exitCode = Main.commandLine(new Streams(new ByteArrayInputStream(new byte[0]), out, err))
                        .execute(args),
                "background " + String.join(" ", args));
        thread.setDaemon(true);
        thread.start();
    }

    static BackgroundRun start(String... args) {
        return new BackgroundRun(args);
    }

    List<String> outLines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Waits up to {@code max} for an output line matching {@code p}. */
    Optional<String> awaitLine(Predicate<String> p, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = outLines().stream().filter(p).findFirst();
            if (line.isPresent()) {
                return line;
            }
            Thread.sleep(10);
        }
        return Optional.empty();
    }

    /** The port from a first line {@code listening on HOST:PORT}. */
    int listeningPort() throws InterruptedException {
        String line = awaitLine(l -> l.startsWith("listening on "), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no 'listening on' line; stderr: " + err()));
        return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
    }

    /** Waits for the command to end and returns its exit status. */
    int awaitExit(Duration max) throws InterruptedException {
        thread.join(TimeUnit.NANOSECONDS.toMillis(max.toNanos()));
        if (thread.isAlive()) {
            throw new AssertionError("still running after " + max + "; stdout: " + outLines() + "; stderr: " + err());
        }
        return exitCode;
    }

    @Override
    public void close() {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
