package io.jbroker.websocket.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs user callbacks one at a time, in order, on one daemon thread, off the network threads: a
 * callback that blocks delays only later callbacks, one that throws is counted and skipped. At most
 * {@code limit} callbacks wait; beyond that they are dropped and counted.
 */
public final class SerialCallbacks<T> implements AutoCloseable {
    private final ExecutorService executor;
    private final Consumer<T> callback;
    private final int limit;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public SerialCallbacks(String threadName, Consumer<T> callback, int limit) {
        this.executor = Executors.newSingleThreadExecutor(new DaemonThreads(threadName));
        this.callback = callback;
        this.limit = limit;
    }

    public void deliver(T value) {
        if (pending.incrementAndGet() > limit) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        try {
            executor.execute(() -> {
                pending.decrementAndGet();
                try {
                    callback.accept(value);
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
        }
    }

    /** Callbacks not run because too many were waiting or the runner was closed. */
    public long droppedCount() {
        return dropped.get();
    }

    /** Callbacks that threw. */
    public long failedCount() {
        return failed.get();
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
