package io.jbroker.kafka;

/**
 * Counters of a {@link KafkaLogSink} or {@link KafkaEventForwarder} since it started. After {@code
 * close()}: {@code recordsAccepted == recordsSent + (records dropped after acceptance)} and {@code
 * recordsSent == recordsAcknowledged + recordsFailed}, so nothing accepted is unaccounted for.
 *
 * @param recordsAccepted records queued for Kafka
 * @param recordsSent records handed to the Kafka producer
 * @param recordsAcknowledged records Kafka acknowledged (written to all in-sync replicas)
 * @param recordsFailed records Kafka did not take (send or delivery failed; each reported)
 * @param recordsDropped records lost to a stalled Kafka (stall timeout) or a stop before sending
 * @param recordsRejected records refused as invalid (bad path or topic, values not fitting the schema)
 * @param queuedRecords records waiting for the sink's thread now
 * @param inFlightRecords records sent and not yet acknowledged or failed, now
 * @param inFlightBytes their bytes (keys and values)
 * @param peakInFlightRecords the most records ever in flight at once (never above the bound)
 * @param peakInFlightBytes the most bytes ever in flight at once (never above the bound, unless one
 *     record alone is larger)
 */
public record KafkaSinkStats(
        long recordsAccepted,
        long recordsSent,
        long recordsAcknowledged,
        long recordsFailed,
        long recordsDropped,
        long recordsRejected,
        long queuedRecords,
        long inFlightRecords,
        long inFlightBytes,
        long peakInFlightRecords,
        long peakInFlightBytes) {}
