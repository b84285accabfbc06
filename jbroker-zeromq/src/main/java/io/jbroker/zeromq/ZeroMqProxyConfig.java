package io.jbroker.zeromq;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Settings of a {@link ZeroMqProxy}. Immutable; start from {@link #defaults()} and change one
 * setting at a time with the {@code with...} methods.
 *
 * @param listenXpub where the XPUB binds (nodes connect their XSUB here); Zeek's default
 *     {@code tcp://127.0.0.1:5555}, zeekctl uses port 27760. Port {@code 0} or {@code *} binds an
 *     ephemeral port ({@link ZeroMqProxy#xpubEndpoint()} tells which).
 * @param listenXsub where the XSUB binds (nodes connect their XPUB here); Zeek's default
 *     {@code tcp://127.0.0.1:5556}, zeekctl uses 27761
 * @param sendHighWaterMark messages queued per subscriber connection on the XPUB before the proxy
 *     waits (libzmq's default 1000, which Zeek's proxy keeps)
 * @param receiveHighWaterMark messages queued per publisher connection on the XSUB (1000)
 * @param maxFrameBytes the largest frame accepted on either socket; a peer sending a larger one is
 *     disconnected by JeroMQ (bounds what a peer can make the proxy allocate)
 * @param maxTopics the most distinct subscribed prefixes the proxy tracks; further subscriptions
 *     are counted as rejected and not forwarded
 * @param stallTimeout how long a message may wait for a full subscriber before the proxy stops
 *     waiting for full subscribers (see {@link ZeroMqProxy}); {@link Duration#ZERO} waits forever,
 *     as Zeek's proxy does; {@link #DEFAULT_STALL_TIMEOUT} by default, half the endpoint's default
 *     stall timeout, so that the publishers' own buffers never stall behind a stopped subscriber
 * @param ioThreads JeroMQ I/O threads (Zeek's {@code proxy_io_threads} default is 2)
 * @param curve CURVE server keys, or empty for plain ZMTP
 */
public record ZeroMqProxyConfig(
        String listenXpub,
        String listenXsub,
        int sendHighWaterMark,
        int receiveHighWaterMark,
        long maxFrameBytes,
        int maxTopics,
        Duration stallTimeout,
        int ioThreads,
        Optional<CurveServerKeys> curve) {
    /**
     * 500 ms: below the endpoint's default stall timeout of 1 s. A publisher behind a proxy that
     * waits for a stopped subscriber makes no progress either; were the proxy to wait as long as
     * the publishers' stall timeout, their buffer policy (by default: drop and re-attach the link)
     * would fire before the proxy gave up on the stopped subscriber.
     */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMillis(500);

    /** Zeek's default XPUB endpoint. */
    public static final String DEFAULT_XPUB = "tcp://127.0.0.1:5555";

    /** Zeek's default XSUB endpoint. */
    public static final String DEFAULT_XSUB = "tcp://127.0.0.1:5556";

    /** Validates. */
    public ZeroMqProxyConfig {
        Objects.requireNonNull(listenXpub, "listenXpub");
        Objects.requireNonNull(listenXsub, "listenXsub");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(curve, "curve");
        if (sendHighWaterMark < 0 || receiveHighWaterMark < 0) {
            throw new IllegalArgumentException("high-water marks must be >= 0");
        }
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be > 0");
        }
        if (maxTopics <= 0) {
            throw new IllegalArgumentException("maxTopics must be > 0");
        }
        if (stallTimeout.isNegative()) {
            throw new IllegalArgumentException("stallTimeout must be >= 0");
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be >= 1");
        }
    }

    /**
     * Zeek's endpoints and high-water marks, frames up to 64 MiB, 100,000 topics, a stall timeout
     * of {@link #DEFAULT_STALL_TIMEOUT}, 2 I/O threads, no CURVE.
     */
    public static ZeroMqProxyConfig defaults() {
        return new ZeroMqProxyConfig(
                DEFAULT_XPUB, DEFAULT_XSUB, 1000, 1000, 64L << 20, 100_000, DEFAULT_STALL_TIMEOUT, 2, Optional.empty());
    }

    /** With another XPUB endpoint. */
    public ZeroMqProxyConfig withListenXpub(String url) {
        return with(f -> f.listenXpub = url);
    }

    /** With another XSUB endpoint. */
    public ZeroMqProxyConfig withListenXsub(String url) {
        return with(f -> f.listenXsub = url);
    }

    /** With other high-water marks. */
    public ZeroMqProxyConfig withHighWaterMarks(int send, int receive) {
        return with(f -> {
            f.sendHighWaterMark = send;
            f.receiveHighWaterMark = receive;
        });
    }

    /** With another frame bound. */
    public ZeroMqProxyConfig withMaxFrameBytes(long bytes) {
        return with(f -> f.maxFrameBytes = bytes);
    }

    /** With another topic bound. */
    public ZeroMqProxyConfig withMaxTopics(int topics) {
        return with(f -> f.maxTopics = topics);
    }

    /** With another stall timeout ({@link Duration#ZERO}: wait forever, as Zeek). */
    public ZeroMqProxyConfig withStallTimeout(Duration timeout) {
        return with(f -> f.stallTimeout = timeout);
    }

    /** With another number of I/O threads. */
    public ZeroMqProxyConfig withIoThreads(int threads) {
        return with(f -> f.ioThreads = threads);
    }

    /** With CURVE on both sockets. */
    public ZeroMqProxyConfig withCurve(CurveServerKeys keys) {
        return with(f -> f.curve = Optional.of(keys));
    }

    /** A copy with {@code change} applied to its fields (validated by the constructor). */
    private ZeroMqProxyConfig with(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new ZeroMqProxyConfig(
                f.listenXpub,
                f.listenXsub,
                f.sendHighWaterMark,
                f.receiveHighWaterMark,
                f.maxFrameBytes,
                f.maxTopics,
                f.stallTimeout,
                f.ioThreads,
                f.curve);
    }

    /** The record's fields, mutable, for {@link #with}. */
    private static final class Fields {
        String listenXpub;
        String listenXsub;
        int sendHighWaterMark;
        int receiveHighWaterMark;
        long maxFrameBytes;
        int maxTopics;
        Duration stallTimeout;
        int ioThreads;
        Optional<CurveServerKeys> curve;

        Fields(ZeroMqProxyConfig c) {
            listenXpub = c.listenXpub;
            listenXsub = c.listenXsub;
            sendHighWaterMark = c.sendHighWaterMark;
            receiveHighWaterMark = c.receiveHighWaterMark;
            maxFrameBytes = c.maxFrameBytes;
            maxTopics = c.maxTopics;
            stallTimeout = c.stallTimeout;
            ioThreads = c.ioThreads;
            curve = c.curve;
        }
    }
}
