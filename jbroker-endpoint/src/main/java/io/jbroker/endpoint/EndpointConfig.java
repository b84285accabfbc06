package io.jbroker.endpoint;

import io.jbroker.EndpointId;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable endpoint configuration, made by {@link #builder()} and validated once in {@link
 * Builder#build()}. Defaults live here and are documented per setter.
 */
public final class EndpointConfig {
    private final EndpointId id;
    private final boolean forwarding;
    private final int ioThreads;
    private final int maxFrameLength;
    private final Duration handshakeTimeout;
    private final Duration unpeerTimeout;
    private final int peerBufferMessages;
    private final long peerBufferBytes;
    private final OverflowPolicy peerOverflowPolicy;
    private final int subscriberQueueSize;
    private final OverflowPolicy subscriberOverflowPolicy;
    private final Duration duplicateWindow;
    private final TlsConfig tls;

    private EndpointConfig(Builder b) {
        this.id = b.id != null ? b.id : EndpointId.random();
        this.forwarding = b.forwarding;
        this.ioThreads = b.ioThreads;
        this.maxFrameLength = b.maxFrameLength;
        this.handshakeTimeout = b.handshakeTimeout;
        this.unpeerTimeout = b.unpeerTimeout;
        this.peerBufferMessages = b.peerBufferMessages;
        this.peerBufferBytes = b.peerBufferBytes;
        this.peerOverflowPolicy = b.peerOverflowPolicy;
        this.subscriberQueueSize = b.subscriberQueueSize;
        this.subscriberOverflowPolicy = b.subscriberOverflowPolicy;
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

    public OverflowPolicy subscriberOverflowPolicy() {
        return subscriberOverflowPolicy;
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
        private int maxFrameLength = 16 * 1024 * 1024;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration unpeerTimeout = Duration.ofSeconds(3);
        private int peerBufferMessages = 8192;
        private long peerBufferBytes = 64L * 1024 * 1024;
        private OverflowPolicy peerOverflowPolicy = OverflowPolicy.DISCONNECT;
        private int subscriberQueueSize = 8192;
        private OverflowPolicy subscriberOverflowPolicy = OverflowPolicy.DROP_OLDEST;
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

        /** What happens when a subscriber's queue is full. Default: drop the oldest message. */
        public Builder subscriberOverflowPolicy(OverflowPolicy policy) {
            this.subscriberOverflowPolicy = Objects.requireNonNull(policy, "policy");
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
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public EndpointConfig build() {
            require(ioThreads >= 1, "ioThreads must be at least 1");
            require(maxFrameLength >= 64, "maxFrameLength must be at least 64 bytes");
            require(!handshakeTimeout.isNegative() && !handshakeTimeout.isZero(), "handshakeTimeout must be positive");
            require(!unpeerTimeout.isNegative(), "unpeerTimeout must not be negative");
            require(peerBufferMessages >= 1, "peerBufferMessages must be at least 1");
            require(peerBufferBytes >= maxFrameLength, "peerBufferBytes must hold at least one maximal frame");
            require(subscriberQueueSize >= 1, "subscriberQueueSize must be at least 1");
            require(!duplicateWindow.isNegative(), "duplicateWindow must not be negative");
            return new EndpointConfig(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
