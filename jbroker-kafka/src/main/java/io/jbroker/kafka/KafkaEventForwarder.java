package io.jbroker.kafka;

import io.jbroker.DataMessage;
import io.jbroker.data.JsonFormat;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.kafka.internal.ProducerPipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forwards the events a {@link Subscriber} receives to Kafka: one Kafka record per data message,
 * its value the JSON v1 data message ({@code {"type":"data-message","topic":...,"@data-type":...,
 * "data":...}}, as Zeek's WebSocket API writes it), its key the Broker topic, its topic {@link
 * KafkaSinkConfig#topic()} as given (no placeholder).
 *
 * <p>Same producer settings, bounds and delivery as {@link KafkaLogSink}. Back-pressure: the
 * forwarder's thread takes from the subscriber only while the sink queue has room, so a stalled
 * Kafka fills the subscriber's queue and the endpoint pauses its peers; past the subscriber's stall
 * timeout the endpoint's overflow policy applies (counted and reported by the endpoint), and past
 * {@link KafkaSinkConfig#stallTimeout()} the forwarder drops (counted, reported to {@link
 * KafkaEvents#dropped}).
 */
public final class KafkaEventForwarder implements AutoCloseable {
    private final Subscriber subscriber;
    private final ProducerPipe<List<DataMessage>> pipe;
    private final KafkaEvents events;
    private final Thread thread;
    private final AtomicLong received = new AtomicLong();
    private volatile boolean stop;

    private KafkaEventForwarder(Subscriber subscriber, KafkaSinkConfig config, KafkaEvents events) {
        this.subscriber = subscriber;
        this.events = events;
        String topic = config.topic();
        this.pipe = new ProducerPipe<>(
                config,
                (messages, out) -> {
                    for (DataMessage m : messages) {
                        String t = m.topic().toString();
                        out.send(topic, t.getBytes(StandardCharsets.UTF_8), JsonFormat.encodeMessage(m), t);
                    }
                },
                new ProducerPipe.Reports() {
                    @Override
                    public void failed(String source, long records, String reason) {
                        report(() -> events.failed(source, records, reason));
                    }

                    @Override
                    public void dropped(String source, long records, String reason) {
                        report(() -> events.dropped(source, records, reason));
                    }
                },
                "jbroker-kafka-event-sink");
        this.thread = new Thread(this::run, "jbroker-kafka-event-forwarder");
        thread.setDaemon(true);
    }

    /**
     * Starts forwarding what {@code subscriber} receives to the topic {@code config.topic()}.
     *
     * @throws IllegalArgumentException if the topic is no valid Kafka topic name
     */
    public static KafkaEventForwarder start(Subscriber subscriber, KafkaSinkConfig config, KafkaEvents events) {
        if (!config.topic().matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("\"" + config.topic() + "\" is no valid Kafka topic name");
        }
        KafkaEventForwarder f = new KafkaEventForwarder(subscriber, config, events == null ? KafkaEvents.NONE : events);
        f.thread.start();
        return f;
    }

    /** Messages taken from the subscriber. */
    public long receivedCount() {
        return received.get();
    }

    /** The counters now. */
    public KafkaSinkStats stats() {
        return pipe.stats();
    }

    private void run() {
        try {
            while (!stop) {
                List<DataMessage> batch = subscriber.get(512, Duration.ofMillis(100));
                if (!batch.isEmpty()) {
                    received.addAndGet(batch.size());
                    pipe.submit(batch, batch.size(), "events");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void report(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // A listener's failure must not stop the forwarder.
        }
    }

    /**
     * Stops taking from the subscriber (it is not closed: that is the caller's), sends what was
     * taken and waits up to the close timeout for Kafka's acknowledgements.
     */
    @Override
    public void close() {
        stop = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pipe.close();
    }
}
