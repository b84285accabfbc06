package io.jbroker.kafka;

/**
 * What a {@link KafkaEventForwarder} reports: events lost before Kafka took them and events Kafka
 * did not acknowledge. Called on the forwarder's threads; must be quick and thread-safe. An exception
 * thrown here is caught and ignored.
 */
public interface KafkaEvents {
    /** {@code records} events from {@code source} were not sent: Kafka stalled past the timeout, or a stop. */
    default void dropped(String source, long records, String reason) {}

    /** {@code records} events of Broker topic {@code source} were sent but not acknowledged by Kafka. */
    default void failed(String source, long records, String reason) {}

    /** Events that are not reported anywhere. */
    KafkaEvents NONE = new KafkaEvents() {};
}
