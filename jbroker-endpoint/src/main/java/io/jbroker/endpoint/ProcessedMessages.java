package io.jbroker.endpoint;

/**
 * Messages an endpoint processed, per Broker message type ({@link Endpoint#processedMessages()}):
 * what Broker exports as {@code broker_processed_messages_total{type=...}}. Totals since the start.
 */
public record ProcessedMessages(long data, long command, long routingUpdate, long ping, long pong) {}
