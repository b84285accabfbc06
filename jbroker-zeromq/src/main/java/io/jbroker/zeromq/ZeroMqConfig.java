package io.jbroker.zeromq;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link ZeroMqNode}. Defaults are those of a default Zeek (spec 1.2, 1.3, 1.9):
 * XSUB connects to the proxy's XPUB at {@code tcp://127.0.0.1:5555}, XPUB to the proxy's XSUB at
 * {@code tcp://127.0.0.1:5556} (zeekctl uses 27760 / 27761), high-water marks of 1000 messages
 * each way, linger 500 ms, format {@code broker-bin-v1}.
 *
 * @param connectXsub where the node's XSUB connects (the proxy's XPUB)
 * @param connectXpub where the node's XPUB connects (the proxy's XSUB)
 * @param name the node's name in its id ({@code zeromq_<name>_...})
 * @param format what it sends (it accepts both on receipt)
 * @param receiveHwm XSUB receive high-water mark, in messages: what ZeroMQ buffers while the node
 *     pauses reading for a full subscriber
 * @param sendHwm XPUB send high-water mark, in messages: beyond it sends wait (XPUB_NODROP) and the
 *     endpoint's bounded link buffer with its policy takes over
 * @param linger how long closing waits for unsent messages
 * @param maxFrameBytes the largest frame accepted (larger ones are rejected as oversized; ZeroMQ
 *     disconnects a peer whose frame exceeds twice this, so no frame larger than that is ever
 *     allocated)
 * @param handshakeTimeout how long a connection may take from TCP connect to the end of the ZMTP
 *     handshake before the socket drops it and connects again ({@code ZMQ_HANDSHAKE_IVL}; libzmq's
 *     default is 30 s, ours 2 s): JeroMQ 0.6.0 leaves 1 to 5% of fresh connections without their
 *     handshake (see {@link ZeroMqNode}), and this bounds how long such a connection is stuck
 */
public record ZeroMqConfig(
        String connectXsub,
        String connectXpub,
        String name,
        EventFormat format,
        int receiveHwm,
        int sendHwm,
        Duration linger,
        int maxFrameBytes,
        Duration handshakeTimeout) {
    public static final String DEFAULT_XSUB = "tcp://127.0.0.1:5555";
    public static final String DEFAULT_XPUB = "tcp://127.0.0.1:5556";

    public ZeroMqConfig {
        Objects.requireNonNull(connectXsub, "connectXsub");
        Objects.requireNonNull(connectXpub, "connectXpub");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeTimeout.isNegative()
                || handshakeTimeout.isZero()
                || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("handshakeTimeout must be positive and fit in int milliseconds");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty node name");
        }
        if (receiveHwm < 1 || sendHwm < 1 || maxFrameBytes < 64) {
            throw new IllegalArgumentException("HWMs must be positive and maxFrameBytes at least 64");
        }
    }

    /** Zeek's defaults, with the name {@code jbroker}. */
    public static ZeroMqConfig defaults() {
        return new ZeroMqConfig(
                DEFAULT_XSUB,
                DEFAULT_XPUB,
                "jbroker",
                EventFormat.BROKER_BIN_V1,
                1000,
                1000,
                Duration.ofMillis(500),
                16 * 1024 * 1024,
                Duration.ofSeconds(2));
    }

    public ZeroMqConfig withEndpoints(String xsub, String xpub) {
        return new ZeroMqConfig(xsub, xpub, name, format, receiveHwm, sendHwm, linger, maxFrameBytes, handshakeTimeout);
    }

    public ZeroMqConfig withName(String n) {
        return new ZeroMqConfig(
                connectXsub, connectXpub, n, format, receiveHwm, sendHwm, linger, maxFrameBytes, handshakeTimeout);
    }

    public ZeroMqConfig withFormat(EventFormat f) {
        return new ZeroMqConfig(
                connectXsub, connectXpub, name, f, receiveHwm, sendHwm, linger, maxFrameBytes, handshakeTimeout);
    }

    public ZeroMqConfig withHwm(int receive, int send) {
        return new ZeroMqConfig(
                connectXsub, connectXpub, name, format, receive, send, linger, maxFrameBytes, handshakeTimeout);
    }

    public ZeroMqConfig withMaxFrameBytes(int max) {
        return new ZeroMqConfig(
                connectXsub, connectXpub, name, format, receiveHwm, sendHwm, linger, max, handshakeTimeout);
    }

    public ZeroMqConfig withHandshakeTimeout(Duration timeout) {
        return new ZeroMqConfig(
                connectXsub, connectXpub, name, format, receiveHwm, sendHwm, linger, maxFrameBytes, timeout);
    }
}
