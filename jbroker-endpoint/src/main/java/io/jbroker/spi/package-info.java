/**
 * The transport SPI of the jbroker hub: how a transport other than Broker peering (ZeroMQ,
 * WebSocket) plugs into an {@link io.jbroker.endpoint.Endpoint}. The hub keeps routing, bounded
 * buffers, overflow policies, back-pressure, drop reports and metrics; a transport moves encoded
 * messages. See {@link io.jbroker.spi.Transport}.
 */
package io.jbroker.spi;
