package io.jbroker.cli;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread on which a command handles what its subscribers receive, so output lines
 * keep the order of delivery. Work handed over after {@link #close()} is discarded.
 */
final class DeliveryThread implements AutoCloseable {
    private final ThreadPoolExecutor executor;

    DeliveryThread(String name) {
        executor = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.DiscardPolicy());
    }

    Executor executor() {
        return executor;
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
