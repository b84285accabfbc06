package io.jbroker.it;

import io.jbroker.DataMessage;
import io.jbroker.data.CountValue;
import io.jbroker.data.Data;
import io.jbroker.data.VectorValue;
import io.jbroker.endpoint.Subscriber;
import java.time.Duration;
import java.util.List;

/**
 * Reads a subscriber on a daemon thread as fast as it can and checks that the messages are the
 * sequence 0, 1, 2, ... without a gap, a repeat or a reordering. Each message is a vector whose
 * first element is its sequence number ({@link #message}).
 */
final class SequenceReader implements AutoCloseable {
    private final Subscriber subscriber;
    private final Thread thread;
    private volatile long count;
    private volatile String fault;
    private volatile boolean stop;

    SequenceReader(String name, Subscriber subscriber) {
        this.subscriber = subscriber;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Message {@code seq}: {@code [count seq, string padding]}. */
    static Data message(long seq, String padding) {
        return Data.vector(Data.count(seq), Data.string(padding));
    }

    /** {@code n} characters of printable padding. */
    static String padding(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + i % 26));
        }
        return b.toString();
    }

    private void run() {
        long expected = 0;
        try {
            while (!stop) {
                List<DataMessage> batch = subscriber.get(4096, Duration.ofMillis(100));
                for (DataMessage m : batch) {
                    long seq = sequenceOf(m);
                    if (seq != expected && fault == null) {
                        fault = "expected message " + expected + ", got " + seq + " (" + m.topic() + ")";
                    }
                    expected = seq + 1;
                }
                count += batch.size();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fault = "cannot read message " + expected + ": " + e;
        }
    }

    private static long sequenceOf(DataMessage m) {
        return ((CountValue) ((VectorValue) m.data()).get(0)).value();
    }

    /** Messages read so far. */
    long count() {
        return count;
    }

    /** True while every message read so far came in sequence. */
    boolean inOrder() {
        return fault == null;
    }

    /** The first fault, or {@code "none"}. */
    String fault() {
        String f = fault;
        return f == null ? "none" : f;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(10_000);
    }
}
