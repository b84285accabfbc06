package io.jbroker.it;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.ErrorEvent;
import io.jbroker.endpoint.Status;
import io.jbroker.endpoint.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An endpoint's status and error events, collected on a daemon thread as they happen, so a test
 * waits for an event with a deadline ({@link #await}) and failure messages show the whole history.
 */
final class StatusLog implements AutoCloseable {
    private final Subscriber subscriber;
    private final Thread thread;
    private final LinkedBlockingQueue<Status> unread = new LinkedBlockingQueue<>();
    private final List<String> history = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stop;

    StatusLog(String name, Endpoint endpoint) {
        this.subscriber = endpoint.statusSubscriber();
        this.thread = new Thread(this::run, name + " status events");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!stop) {
                for (DataMessage m : subscriber.get(256, Duration.ofMillis(100))) {
                    if (m.topic().equals(Topic.STATUSES)) {
                        Status s = Status.fromData(m.data());
                        history.add(s.toString());
                        unread.add(s);
                    } else {
                        history.add("error: " + ErrorEvent.fromData(m.data()));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Skips unread status events up to and including the first that matches, and returns it.
     *
     * @throws AssertionError (with every event so far) if none arrives within {@code max}
     */
    Status await(String what, Predicate<Status> matching, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Status s = left > 0 ? unread.poll(left, TimeUnit.NANOSECONDS) : null;
            if (s == null) {
                throw new AssertionError("no status event " + what + " within " + max + describe());
            }
            if (matching.test(s)) {
                return s;
            }
        }
    }

    /** Forgets the status events not yet awaited; the next {@link #await} sees only later ones. */
    void skipUnread() {
        unread.clear();
    }

    String describe() {
        synchronized (history) {
            return "\n--- status and error events:\n" + String.join("\n", history);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(10_000);
    }
}
