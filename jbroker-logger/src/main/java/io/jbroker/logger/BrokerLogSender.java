package io.jbroker.logger;

import io.jbroker.endpoint.Endpoint;
import io.jbroker.zeek.log.BrokerLogStreams;
import io.jbroker.zeek.log.LogBatch;
import io.jbroker.zeek.log.LogRecord;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends log records to Zeek loggers over Broker, as Zeek's remote logging does: a {@code LogCreate}
 * on {@code zeek/logs/<stream>} before a stream's first records, then {@code Batch[LogWrite...]}.
 * Publishing never blocks (the endpoint's flow control applies). Thread-safe.
 */
public final class BrokerLogSender {
    private final Endpoint endpoint;
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    /** A sender publishing through {@code endpoint}. */
    public BrokerLogSender(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Publishes {@code records} of {@code stream} (announcing the stream first if needed). */
    public void write(LogStream stream, LogRecord... records) {
        send(stream.batch(List.of(records)));
    }

    /** Publishes one batch. */
    public void send(LogBatch batch) {
        String topic = BrokerLogStreams.topic(batch.header().stream());
        if (created.add(batch.header().stream() + "\0" + batch.header().path())) {
            endpoint.publish(
                    topic,
                    BrokerLogStreams.create(batch.header(), System.currentTimeMillis() / 1000.0)
                            .toData());
        }
        endpoint.publish(topic, BrokerLogStreams.writes(batch).toData());
    }
}
