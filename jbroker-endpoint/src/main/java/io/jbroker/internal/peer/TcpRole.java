package io.jbroker.internal.peer;

/**
 * Which end of the TCP connection this endpoint is. It decides the first frame (connector:
 * {@code hello}, acceptor: {@code probe}) and, for TLS, client or server; it does not decide the
 * handshake originator (that is the smaller endpoint ID).
 */
public enum TcpRole {
    /** This endpoint called connect. */
    CONNECTOR,
    /** This endpoint accepted the connection. */
    ACCEPTOR
}
