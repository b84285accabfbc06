/**
 * Zeek logs and Broker events into Kafka: {@link io.jbroker.kafka.KafkaLogSink} writes log records
 * as Zeek's JSON lines, {@link io.jbroker.kafka.KafkaEventForwarder} forwards events as JSON v1 data
 * messages, both with an idempotent, acknowledged kafka-clients producer whose in-flight records
 * are bounded, so a stalled Kafka holds back the transport instead of growing memory.
 */
package io.jbroker.kafka;
