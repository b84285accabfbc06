package io.jbroker.logger;

import io.jbroker.zeek.log.LogBatch;
import java.util.List;

/**
 * Where received log batches go: the {@link LogDirectoryWriter} (files), a Kafka sink, or several
 * of them ({@link #all}). {@link ZmqLogReceiver} and {@link BrokerLogReceiver} feed any sink.
 *
 * <p>Contract: {@link #write} may be called from any thread and keeps, per path, the order of the
 * calls. It waits while the sink is full and making progress (the back-pressure a ZeroMQ PULL or a
 * Broker peer feels); it never throws for a batch the sink cannot take: such a batch is rejected or
 * dropped, counted in the sink's statistics and reported to its {@link LogEvents}. {@link #close}
 * stops the sink after handling what it accepted.
 */
public interface LogSink extends AutoCloseable {
    /**
     * Hands {@code batch} to the sink, waiting while it is full but progressing.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void write(LogBatch batch) throws InterruptedException;

    /** Handles what was accepted, then releases the sink's resources. */
    @Override
    void close();

    /**
     * A sink that hands every batch to each of {@code sinks} in turn (e.g. files and Kafka); it
     * waits for the slowest, and closing it closes them all in order.
     */
    static LogSink all(List<? extends LogSink> sinks) {
        List<LogSink> copy = List.copyOf(sinks);
        if (copy.size() == 1) {
            return copy.get(0);
        }
        return new LogSink() {
            @Override
            public void write(LogBatch batch) throws InterruptedException {
                for (LogSink s : copy) {
                    s.write(batch);
                }
            }

            @Override
            public void close() {
                RuntimeException failure = null;
                for (LogSink s : copy) {
                    try {
                        s.close();
                    } catch (RuntimeException e) {
                        if (failure == null) {
                            failure = e;
                        } else {
                            failure.addSuppressed(e);
                        }
                    }
                }
                if (failure != null) {
                    throw failure;
                }
            }
        };
    }
}
