package io.jbroker.it;

import io.jbroker.endpoint.Publisher;
import java.time.Duration;

/**
 * Publishes {@link SequenceReader#message messages} 0, 1, 2, ... through a {@link Publisher}
 * (waiting for room at every receiver, up to a timeout each) on a daemon thread, until closed.
 */
final class SequencePublisher implements AutoCloseable {
    private final Publisher publisher;
    private final String padding;
    private final Duration timeout;
    private final Thread thread;
    private volatile long published;
    private volatile long incomplete;
    private volatile Throwable failure;
    private volatile boolean stop;

    SequencePublisher(Publisher publisher, int paddingChars, Duration timeout) {
        this.publisher = publisher;
        this.padding = SequenceReader.padding(paddingChars);
        this.timeout = timeout;
        this.thread = new Thread(this::run, "publisher " + publisher.topic());
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            for (long seq = 0; !stop; seq++) {
                if (!publisher.publish(SequenceReader.message(seq, padding), timeout)) {
                    incomplete++; // some receiver's policy acted (single writer)
                }
                published = seq + 1;
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Messages published so far. */
    long published() {
        return published;
    }

    /** Publishes that some receiver could not take without its policy acting. */
    long incomplete() {
        return incomplete;
    }

    /**
     * Stops publishing and waits for the thread.
     *
     * @return the number of messages published
     * @throws AssertionError if publishing failed
     */
    long stop() throws InterruptedException {
        stop = true;
        thread.join(60_000);
        if (thread.isAlive()) {
            throw new AssertionError("the publisher did not stop within 60 s after " + published + " messages");
        }
        if (failure != null) {
            throw new AssertionError("publishing failed after " + published + " messages", failure);
        }
        return published;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(60_000);
    }
}
