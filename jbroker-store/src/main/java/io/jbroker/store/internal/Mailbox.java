package io.jbroker.store.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The store thread's inbox: tasks from any thread (received commands, API calls) are queued in a
 * lock-free queue and run in batches by one task on the store's executor, instead of one executor
 * task (a heap insertion under a lock and a thread wake-up) each. After each batch, and at most every
 * {@code maxBatch} tasks, {@code endOfBatch} runs on the store thread (a master commits there and
 * acknowledges what it committed: group commit); then the drain gives the executor's other tasks
 * (ticks, timers) their turn.
 *
 * <p>Errors: {@link #execute} throws {@link RejectedExecutionException} when the executor is shut
 * down and no drain is pending; a task that throws is not contained here (callers wrap their
 * bodies, as {@code CompletableFuture.supplyAsync} does).
 */
public final class Mailbox implements Executor {
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor thread;
    private final Runnable endOfBatch;
    private final int maxBatch;
    private final Runnable drain = this::drain;

    public Mailbox(Executor thread, int maxBatch, Runnable endOfBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive");
        }
        this.thread = thread;
        this.maxBatch = maxBatch;
        this.endOfBatch = endOfBatch;
    }

    @Override
    public void execute(Runnable task) {
        queue.add(task);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                queue.remove(task);
                throw e;
            }
        }
    }

    /** Store thread: runs queued tasks in batches of at most maxBatch. */
    private void drain() {
        while (true) {
            int n = 0;
            Runnable r;
            while (n < maxBatch && (r = queue.poll()) != null) {
                n++;
                try {
                    r.run();
                } catch (RuntimeException e) {
                    // the task's own future carries its failure; nothing else to do with it here
                }
            }
            endOfBatch.run(); // the store's own hook contains and reports its failures
            if (n == maxBatch && !queue.isEmpty()) {
                try {
                    thread.execute(drain); // let due ticks and timers run between batches
                    return;
                } catch (RejectedExecutionException shuttingDown) {
                    continue; // finish here what was queued
                }
            }
            scheduled.set(false);
            if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }
}
