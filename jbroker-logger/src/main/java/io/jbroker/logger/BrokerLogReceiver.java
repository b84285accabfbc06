package io.jbroker.logger;

import io.jbroker.DataMessage;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.logger.internal.SafeEvents;
import io.jbroker.zeek.log.BrokerLogStreams;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogDecodeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Zeek's log messages from Broker peers: subscribes an {@link Endpoint} to {@code zeek/logs/},
 * turns LogCreate / LogWrite messages into batches ({@link BrokerLogStreams}) and hands them to a
 * {@link LogSink} (a {@link LogDirectoryWriter}, Kafka, or both).
 *
 * <p>One thread takes from the subscriber and never touches the disk. While the writer's queue is
 * full it waits, the subscriber's queue fills and the endpoint pauses the peers (back-pressure);
 * the endpoint's stall policy applies if the writer stops progressing (what it drops is counted in
 * {@link #droppedCount()}). Messages are taken one at a time, so a slow but progressing writer
 * never looks stalled to the endpoint. Messages that are no valid
 * log message are counted ({@link #malformedCount()}) and reported ({@link LogEvents#malformed}).
 */
public final class BrokerLogReceiver implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    private final LogSink writer;
    private final SafeEvents events;
    private final Subscriber subscriber;
    private final BrokerLogStreams streams = new BrokerLogStreams();
    private final Thread thread;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile boolean stop;

    private BrokerLogReceiver(Endpoint endpoint, LogSink writer, LogEvents events) {
        this.writer = writer;
        this.events = new SafeEvents(events);
        this.subscriber = endpoint.subscribe(BrokerLogStreams.TOPIC_PREFIX);
        this.thread = new Thread(this::run, "jbroker-broker-log-receiver");
        thread.setDaemon(true);
    }

    /** Subscribes {@code endpoint} to Zeek's log topics and starts writing into {@code writer}. */
    public static BrokerLogReceiver start(Endpoint endpoint, LogSink writer, LogEvents events) {
        BrokerLogReceiver r = new BrokerLogReceiver(endpoint, writer, events);
        r.thread.start();
        return r;
    }

    /** Log messages received. */
    public long receivedCount() {
        return received.get();
    }

    /**
     * Messages the endpoint's subscriber lost to its overflow policy before this receiver took them
     * (only when the writer made no progress for the endpoint's stall timeout).
     */
    public long droppedCount() {
        return subscriber.droppedCount();
    }

    /** Messages that were no valid log message. */
    public long malformedCount() {
        return malformed.get();
    }

    private void run() {
        long reportedDrops = 0;
        try {
            while (!stop) {
                long drops = subscriber.droppedCount();
                if (drops != reportedDrops) {
                    // Checked once per message or poll, so a burst of drops gives one report.
                    events.dropped(
                            "zeek/logs/",
                            drops - reportedDrops,
                            "Broker log messages (of any number of records each) dropped by the logger's"
                                    + " subscriber queue policy");
                    reportedDrops = drops;
                }
                // One message at a time: every take is progress for the subscriber's stall timer.
                // Taking many at once (a log message holds up to thousands of records) let the
                // queue look stalled while they were written, and its policy dropped messages.
                DataMessage m = subscriber.get(POLL);
                if (m != null) {
                    received.incrementAndGet();
                    List<LogBatch> batches;
                    try {
                        batches = streams.accept(m.data());
                    } catch (LogDecodeException | RuntimeException e) {
                        malformed.incrementAndGet();
                        events.malformed(m.topic().toString(), e.getMessage());
                        continue;
                    }
                    for (LogBatch b : batches) {
                        try {
                            writer.write(b);
                        } catch (RuntimeException e) {
                            malformed.incrementAndGet();
                            events.malformed(m.topic().toString(), "batch not handled: " + e);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking messages and unsubscribes. */
    @Override
    public void close() {
        stop = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        subscriber.close();
    }
}
