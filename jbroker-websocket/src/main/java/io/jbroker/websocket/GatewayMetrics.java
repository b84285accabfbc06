package io.jbroker.websocket;

/**
 * Counters of a {@link ZeekWebSocketGateway} since it started.
 *
 * @param clients clients connected now (upgraded WebSocket connections)
 * @param accepted WebSocket connections accepted
 * @param acknowledged clients that completed the subscription handshake
 * @param rejected connections refused: too many clients, bad path, bad application name, a failed
 *     subscription handshake
 * @param errorsSent error objects sent
 * @param published data messages clients published into the endpoint
 * @param publishedNotLossless publications during which a receiver's overflow policy acted
 * @param delivered data messages sent to clients
 * @param echoesSuppressed a client's own publications not sent back to it (as Zeek does)
 * @param readPauses times a publishing client's socket reads were paused (back-pressure)
 * @param disconnects connections ended by the gateway: ping timeout, send timeout, protocol error,
 *     a frame too large, shutdown
 */
public record GatewayMetrics(
        int clients,
        long accepted,
        long acknowledged,
        long rejected,
        long errorsSent,
        long published,
        long publishedNotLossless,
        long delivered,
        long echoesSuppressed,
        long readPauses,
        long disconnects) {}
