package io.jbroker.endpoint;

import io.jbroker.EndpointId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Immutable endpoint configuration, made by {@link #builder()} and validated once in {@link
 * Builder#build()}. Defaults live here and are documented per setter.
 */
public final class EndpointConfig {
    private final EndpointId id;
    private final boolean forwarding;
    private final int ioThreads;
    private final boolean nativeTransport;
    private final boolean busyPoll;
    private final Duration ioSpin;
    private final int maxFrameLength;
    private final Duration handshakeTimeout;
    private final Duration unpeerTimeout;
    private final int peerBufferMessages;
    private final long peerBufferBytes;
    private final OverflowPolicy peerOverflowPolicy;
    private final int subscriberQueueSize;
    private final long subscriberQueueBytes;
    private final OverflowPolicy subscriberOverflowPolicy;
    private final Duration stallTimeout;
    private final Duration heartbeatInterval;
    private final Duration peerTimeout;
    private final Duration duplicateWindow;
    private final TlsConfig tls;

    private EndpointConfig(Builder b) {
        this.id = b.id != null ? b.id : EndpointId.random();
        this.forwarding = b.forwarding;
        this.ioThreads = b.ioThreads;
        this.nativeTransport = b.nativeTransport;
        this.busyPoll = b.busyPoll;
        this.ioSpin = b.ioSpin;
        this.maxFrameLength = b.maxFrameLength;
        this.handshakeTimeout = b.handshakeTimeout;
        this.unpeerTimeout = b.unpeerTimeout;
        this.peerBufferMessages = b.peerBufferMessages;
        this.peerBufferBytes = b.peerBufferBytes;
        this.peerOverflowPolicy = b.peerOverflowPolicy;
        this.subscriberQueueSize = b.subscriberQueueSize;
        this.subscriberQueueBytes = b.subscriberQueueBytes;
        this.subscriberOverflowPolicy = b.subscriberOverflowPolicy;
        this.stallTimeout = b.stallTimeout;
        this.heartbeatInterval = b.heartbeatInterval;
        this.peerTimeout = b.peerTimeout;
        this.duplicateWindow = b.duplicateWindow;
        this.tls = b.tls;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults throughout, with a random endpoint ID. */
    public static EndpointConfig defaults() {
        return builder().build();
    }

    public EndpointId id() {
        return id;
    }

    public boolean forwarding() {
        return forwarding;
    }

    public int ioThreads() {
        return ioThreads;
    }

    public boolean nativeTransport() {
        return nativeTransport;
    }

    public boolean busyPoll() {
        return busyPoll;
    }

    public Duration ioSpin() {
        return ioSpin;
    }

    public int maxFrameLength() {
        return maxFrameLength;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public Duration unpeerTimeout() {
        return unpeerTimeout;
    }

    public int peerBufferMessages() {
        return peerBufferMessages;
    }

    public long peerBufferBytes() {
        return peerBufferBytes;
    }

    public OverflowPolicy peerOverflowPolicy() {
        return peerOverflowPolicy;
    }

    public int subscriberQueueSize() {
        return subscriberQueueSize;
    }

    public long subscriberQueueBytes() {
        return subscriberQueueBytes;
    }

    public OverflowPolicy subscriberOverflowPolicy() {
        return subscriberOverflowPolicy;
    }

    public Duration stallTimeout() {
        return stallTimeout;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public Duration peerTimeout() {
        return peerTimeout;
    }

    public Duration duplicateWindow() {
        return duplicateWindow;
    }

    public TlsConfig tls() {
        return tls;
    }

    /** Collects settings; not thread-safe. */
    public static final class Builder {
        private EndpointId id;
        private boolean forwarding;
        private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private boolean nativeTransport = true;
        private boolean busyPoll;
        private Duration ioSpin = Duration.ZERO;
        private int maxFrameLength = 16 * 1024 * 1024;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration unpeerTimeout = Duration.ofSeconds(3);
        private int peerBufferMessages = 8192;
        private long peerBufferBytes = 64L * 1024 * 1024;
        private OverflowPolicy peerOverflowPolicy = OverflowPolicy.DISCONNECT;
        private int subscriberQueueSize = 8192;
        private long subscriberQueueBytes = 64L * 1024 * 1024;
        private OverflowPolicy subscriberOverflowPolicy = OverflowPolicy.DROP_OLDEST;
        private Duration stallTimeout = Duration.ofSeconds(1);
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration peerTimeout = Duration.ofSeconds(10);
        private Duration duplicateWindow = Duration.ZERO;
        private TlsConfig tls = TlsConfig.anonymous();

        private Builder() {}

        /** The endpoint's ID. Default: a new random version-4 UUID. */
        public Builder id(EndpointId id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * Whether messages received from one peer are relayed to others (multi-hop). Default: off,
         * as Zeek runs Broker. jbroker decrements the TTL when relaying so nothing circulates
         * forever.
         */
        public Builder forwarding(boolean forwarding) {
            this.forwarding = forwarding;
            return this;
        }

        /** Netty I/O threads. Default: the number of cores. */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = ioThreads;
            return this;
        }

        /**
         * Whether to use Netty's Linux epoll transport where it is available (fewer system calls,
         * lower latency); Java NIO otherwise or when off. Both speak the same bytes. Default: on.
         */
        public Builder nativeTransport(boolean nativeTransport) {
            this.nativeTransport = nativeTransport;
            return this;
        }

        /**
         * Whether idle I/O threads spin on the socket instead of sleeping (epoll transport only):
         * the lowest latency, because no thread has to be woken for a message, at the price of
         * one busy core per I/O thread, so use it with few {@link #ioThreads} on nodes with cores
         * to spare. Default: off.
         */
        public Builder busyPoll(boolean busyPoll) {
            this.busyPoll = busyPoll;
            return this;
        }

        /**
         * How long an I/O thread keeps polling its sockets after the last activity before it
         * sleeps: a reply within this window is handled without a thread wake-up (lower latency
         * for request/response traffic), at the cost of at most one window of busy polling per
         * burst. Off by default because on a host shared with Zeek's workers the CPU is better spent
         * on packets. Default: zero (sleep at once).
         */
        public Builder ioSpin(Duration spin) {
            this.ioSpin = Objects.requireNonNull(spin, "spin");
            return this;
        }

        /** Largest frame accepted from a peer, in bytes. Default: 16 MiB. */
        public Builder maxFrameLength(int maxFrameLength) {
            this.maxFrameLength = maxFrameLength;
            return this;
        }

        /**
         * Transport security of every peering, listening and connecting alike; both ends of a
         * peering must use the same mode. Default: {@link TlsConfig#anonymous()}, as upstream Broker
         * and Zeek (TLS on, anonymous unless certificates are configured).
         */
        public Builder tls(TlsConfig tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Time a peer has to complete the handshake; applies to the TLS handshake and then again to
         * the Broker handshake. Default: 10 s.
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Time to wait for the pong answering a BYE ping before closing. Default: 3 s (Broker's). */
        public Builder unpeerTimeout(Duration timeout) {
            this.unpeerTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Outbound buffer per peer, in messages. Default: 8192. */
        public Builder peerBufferMessages(int messages) {
            this.peerBufferMessages = messages;
            return this;
        }

        /** Outbound buffer per peer, in bytes. Default: 64 MiB. */
        public Builder peerBufferBytes(long bytes) {
            this.peerBufferBytes = bytes;
            return this;
        }

        /** What happens when a peer's outbound buffer is full. Default: disconnect (Broker's). */
        public Builder peerOverflowPolicy(OverflowPolicy policy) {
            this.peerOverflowPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Queue length of each subscriber. Default: 8192. */
        public Builder subscriberQueueSize(int size) {
            this.subscriberQueueSize = size;
            return this;
        }

        /**
         * Queue size of each subscriber in bytes (the encoded size of the values, as on the wire; the
         * endpoint's own status events count as 0). Default: 64 MiB.
         */
        public Builder subscriberQueueBytes(long bytes) {
            this.subscriberQueueBytes = bytes;
            return this;
        }

        /** What happens when a subscriber's queue is full. Default: drop the oldest message. */
        public Builder subscriberOverflowPolicy(OverflowPolicy policy) {
            this.subscriberOverflowPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How long a full buffer may hold back what feeds it while its consumer takes nothing. Until
         * then a full subscriber pauses the socket reads of the peers that feed it and a {@link
         * Publisher} waits for room at a full subscriber or peer, so bursts are absorbed without
         * loss; a buffer that stays full this long without progress is stalled and its overflow
         * policy applies at once, so one stuck consumer never holds up the rest for longer. Zero
         * turns back-pressure off: the policy applies as soon as a buffer is full. Default: 1 s.
         */
        public Builder stallTimeout(Duration timeout) {
            this.stallTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * After this long without receiving anything from a peer, send it a ping (Broker answers
         * every ping with a pong). Default: 1 s.
         */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * A peer that sends nothing (not even the pong to a heartbeat) for this long, or that reads
         * nothing while messages wait for it for this long or the {@link #stallTimeout} if that is
         * longer (for that long a peer may hold us back for a full subscriber of its own), is
         * disconnected (reported as {@code peer_removed} with the reason); an outbound peering with
         * a retry interval then reconnects. Zero: never. Default: 10 s.
         */
        public Builder peerTimeout(Duration timeout) {
            this.peerTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Suppresses copies of a received data message that arrive over several paths within this
         * window, for meshes with cycles and forwarding on. A node then delivers and relays as many
         * copies of a message as the busiest single path brought, so repeats along one path are
         * never lost; identical content (same topic and payload) from different peers within the
         * window collapses into one, which is why this is off by default. Default: zero (off).
         */
        public Builder duplicateWindow(Duration window) {
            this.duplicateWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws InvalidSettingException naming the first invalid setting
         */
        public EndpointConfig build() {
            require(ioThreads >= 1, "ioThreads", "must be at least 1");
            require(!ioSpin.isNegative() && ioSpin.compareTo(Duration.ofSeconds(1)) <= 0, "ioSpin", "must be 0 to 1 s");
            require(maxFrameLength >= 64, "maxFrameLength", "must be at least 64 bytes");
            require(
                    !handshakeTimeout.isNegative() && !handshakeTimeout.isZero(),
                    "handshakeTimeout",
                    "must be positive");
            require(!unpeerTimeout.isNegative(), "unpeerTimeout", "must not be negative");
            require(peerBufferMessages >= 1, "peerBufferMessages", "must be at least 1");
            require(
                    peerBufferBytes >= maxFrameLength,
                    "peerBufferBytes",
                    "must hold at least one maximal frame (maxFrameLength)",
                    "maxFrameLength");
            require(subscriberQueueSize >= 1, "subscriberQueueSize", "must be at least 1");
            require(subscriberQueueBytes >= 1, "subscriberQueueBytes", "must be at least 1");
            require(!stallTimeout.isNegative(), "stallTimeout", "must not be negative");
            require(
                    !heartbeatInterval.isNegative() && !heartbeatInterval.isZero(),
                    "heartbeatInterval",
                    "must be positive");
            require(
                    !peerTimeout.isNegative() && (peerTimeout.isZero() || peerTimeout.compareTo(heartbeatInterval) > 0),
                    "peerTimeout",
                    "must be zero (off) or longer than heartbeatInterval",
                    "heartbeatInterval");
            require(!duplicateWindow.isNegative(), "duplicateWindow", "must not be negative");
            return new EndpointConfig(this);
        }

        private static void require(boolean ok, String setting, String reason, String... related) {
            if (!ok) {
                throw new InvalidSettingException(setting, reason, List.of(related));
            }
        }
    }
}
