package io.jbroker.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How long a long-running command lives: until {@link #stop()}, a deadline, or SIGINT/SIGTERM.
 * A signal runs the JVM's shutdown hooks; the hook registered here asks the command to stop and
 * waits (boundedly) until the command has closed its endpoint cleanly, so peers get Broker's BYE.
 * Closing removes the hook.
 */
final class Lifetime implements AutoCloseable {
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    Lifetime(String name) {
        hook = new Thread(this::onSignal, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onSignal() {
        stop.countDown();
        try {
            closed.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the command to stop; callable from any thread. */
    void stop() {
        stop.countDown();
    }

    boolean stopRequested() {
        return stop.getCount() == 0;
    }

    /**
     * Waits until a stop is requested or {@code max} passed ({@code null}: no limit).
     *
     * @return true if a stop was requested
     */
    boolean awaitStop(Duration max) throws InterruptedException {
        if (max == null) {
            stop.await();
            return true;
        }
        return stop.await(max.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The command is done: lets a pending signal finish and removes the hook. */
    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook is running or ran.
        }
    }
}
