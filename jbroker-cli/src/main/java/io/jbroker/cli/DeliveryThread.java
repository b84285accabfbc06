package io.jbroker.cli;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread on which a command handles what its subscribers receive, so output lines
 * keep the order of delivery. Work handed over after {@link #close()} is discarded.
 */
final class DeliveryThread implements AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;

    DeliveryThread(String name) {
        executor = new ScheduledThreadPoolExecutor(
                1,
                r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                },
                new ScheduledThreadPoolExecutor.DiscardPolicy());
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    Executor executor() {
        return executor;
    }

    /** Runs {@code task} on this thread every {@code interval}, in order with the deliveries. */
    void every(Duration interval, Runnable task) {
        executor.scheduleAtFixedRate(task, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs what is already handed over (for up to two seconds), then stops the thread. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
