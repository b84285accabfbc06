/** Zeek's WebSocket API: a client library and a gateway serving the same API. */
package io.jbroker.websocket;
