package io.jbroker.websocket.internal;

import java.time.Duration;

/**
 * What every gateway connection needs to know.
 *
 * @param endpointPrefix the ack's endpoint is {@code <endpointPrefix>-websocket-<n>}
 * @param version the ack's version
 * @param maxFrameBytes the largest frame (after reassembly) a client may send
 * @param maxSubscriptions the most topic prefixes in a subscription array
 * @param maxPendingPublishes a client's publications waiting for the endpoint before its socket
 *     reads are paused
 * @param publishTimeout the longest one publication waits for room at the endpoint's receivers
 * @param sendTimeout how long a client may leave its socket full (not reading) before it is dropped
 * @param pingInterval heartbeat pings; a client that has not answered one by the next is dropped
 */
public record GatewaySettings(
        String endpointPrefix,
        String version,
        int maxFrameBytes,
        int maxSubscriptions,
        int maxPendingPublishes,
        Duration publishTimeout,
        Duration sendTimeout,
        Duration pingInterval) {}
