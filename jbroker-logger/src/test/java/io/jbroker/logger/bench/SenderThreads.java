package io.jbroker.logger.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The benchmark's sending threads: {@code count} threads, each given its number (0 to count - 1),
 * started together and joined; what a thread throws is collected rather than lost with it.
 */
final class SenderThreads {
    /** One thread's work. */
    interface Sender {
        void send(int id) throws Exception;
    }

    private SenderThreads() {}

    /**
     * Runs {@code count} threads of {@code sender} and waits for them all.
     *
     * @return what the threads threw, in no particular order; empty if none failed
     */
    static List<Throwable> runAll(int count, Sender sender) throws InterruptedException {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int id = s;
            Thread t = new Thread(() -> {
                try {
                    sender.send(id);
                } catch (InterruptedException e) {
                    failures.add(e);
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return List.copyOf(failures);
    }
}
