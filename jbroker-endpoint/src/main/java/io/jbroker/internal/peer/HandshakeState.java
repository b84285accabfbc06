package io.jbroker.internal.peer;

/** States of {@link HandshakeHandler}; the AWAIT_* ones are Broker's (wire-protocol spec §6.2). */
enum HandshakeState {
    /** Channel not active yet; nothing sent. */
    NEW,
    /** TCP connector after sending hello. */
    AWAIT_HELLO_OR_VERSION_SELECT,
    /** TCP acceptor after sending probe. */
    AWAIT_HELLO,
    /** Responder after answering hello with hello. */
    AWAIT_VERSION_SELECT,
    /** Responder after accepting version_select. */
    AWAIT_ORIG_SYN,
    /** Originator after sending version_select and originator_syn. */
    AWAIT_RESP_SYN_ACK,
    /** Responder after sending responder_syn_ack. */
    AWAIT_ORIG_ACK,
    /** Originator held back while another handshake with the same remote is in flight. */
    PAUSED,
    /** Handshake complete; the handler has left the pipeline. */
    DONE,
    /** Handshake failed; the connection is closing. */
    FAILED;

    boolean isOver() {
        return this == DONE || this == FAILED;
    }
}
