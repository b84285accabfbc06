/** Zeek's ZeroMQ cluster backend: node, central proxy and membership, on JeroMQ. */
package io.jbroker.zeromq;
