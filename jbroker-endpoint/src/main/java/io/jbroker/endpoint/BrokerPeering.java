package io.jbroker.endpoint;

import io.jbroker.BrokerException;
import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.endpoint.OutboundPeerings.Outbound;
import io.jbroker.internal.net.Network;
import io.jbroker.internal.net.NetworkErrors;
import io.jbroker.internal.net.PeerConnection;
import io.jbroker.internal.peer.LocalPeerRegistry;
import io.jbroker.internal.tls.TransportSecurity;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Broker peering over TCP: the I/O threads and sockets ({@link Network}), listening, outbound
 * peerings with retry ({@link OutboundPeerings}), the handshakes' outcomes ({@link
 * PeeringOutcomes}) and the established peerings, each a {@link PeerConnection} registered with the
 * router, with the counters of ended ones for the endpoint's totals. It sees the rest of the
 * endpoint only through its {@link PeeringContext}, as a transport sees it through its {@link
 * io.jbroker.spi.TransportContext}.
 *
 * <p>Threading: {@code established}, {@code endedPeerings}, {@code listeners}, {@code closedTraffic}
 * and {@code closed} are owned by {@link #lock} (methods named {@code ...Locked} assert that the
 * caller holds it). Handshake outcomes and connection closes arrive on the connection's I/O thread;
 * events are emitted outside the lock.
 */
final class BrokerPeering {
    private final PeeringContext context;
    private final EndpointConfig config;
    private final LocalPeerRegistry registry = new LocalPeerRegistry();
    private final Network network;
    private final PeeringOutcomes outcomes;
    private final OutboundPeerings outbound;
    private final LongAdder disconnects = new LongAdder();

    private final Object lock = new Object();
    // Guarded by lock:
    private final Map<EndpointId, Peering> established = new LinkedHashMap<>();
    private final Map<EndpointId, Long> endedPeerings = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<EndpointId, Long> eldest) {
            return size() > 4096;
        }
    };
    private final List<Channel> listeners = new ArrayList<>();
    private Traffic closedTraffic = Traffic.ZERO;
    private boolean closed;

    BrokerPeering(PeeringContext context) {
        this.context = context;
        this.config = context.config();
        this.network = new Network(
                config.nativeTransport(),
                config.busyPoll(),
                config.ioSpin(),
                config.ioThreads(),
                config.id(),
                context::announced,
                registry,
                config.maxFrameLength(),
                config.handshakeTimeout(),
                TransportSecurity.of(config.tls()));
        this.outbound = new OutboundPeerings(context, network.group(), this::connect);
        this.outcomes = new PeeringOutcomes(this, context, outbound, registry);
    }

    /** The I/O threads, which also run the endpoint's maintenance task. */
    EventLoopGroup group() {
        return network.group();
    }

    /** Listens on {@code host:port}; the bound port. */
    int listen(String host, int port) {
        try {
            Channel ch = network.listen(host, port, c -> outcomes.handler(null));
            synchronized (lock) {
                listeners.add(ch);
            }
            return ((InetSocketAddress) ch.localAddress()).getPort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException(
                    ErrorCode.CANNOT_OPEN_RESOURCE, "interrupted while binding " + NetworkErrors.hostPort(host, port));
        } catch (Exception e) { // Netty rethrows checked exceptions (BindException) undeclared
            throw new BrokerException(
                    ErrorCode.CANNOT_OPEN_RESOURCE,
                    "cannot listen on " + NetworkErrors.hostPort(host, port) + ": " + NetworkErrors.describe(e),
                    e);
        }
    }

    CompletableFuture<EndpointId> peer(String host, int port, Duration retry) {
        return outbound.peer(new NetworkInfo(host, port, retry));
    }

    private void connect(Outbound o) {
        NetworkInfo n = o.network;
        network.connect(n.address(), n.port(), ch -> outcomes.handler(o)).addListener(f -> {
            if (!f.isSuccess()) {
                outbound.attemptFailed(o, "unable to connect to remote peer: " + NetworkErrors.describe(f.cause()));
            }
        });
    }

    /** See {@link Endpoint#unpeer(String, int)}. */
    boolean unpeer(String host, int port) {
        Outbound o = outbound.cancel(host, port);
        Peering p = o != null ? o.peering : null;
        if (p == null) {
            synchronized (lock) {
                for (Peering q : established.values()) {
                    if (q.network.address().equals(host) && q.network.port() == port) {
                        p = q;
                    }
                }
            }
        }
        if (p == null) {
            if (o == null) {
                context.emitError(
                        ErrorEvent.of(
                                ErrorCode.PEER_INVALID,
                                EndpointInfo.of(EndpointId.NIL, new NetworkInfo(host, port, Duration.ZERO)),
                                "cannot unpeer from unknown peer"),
                        host);
                return false;
            }
            o.result.completeExceptionally(new BrokerException(ErrorCode.PEER_INVALID, "peering cancelled"));
            return true;
        }
        p.connection.unpeer(config.unpeerTimeout().toMillis());
        return true;
    }

    /** See {@link Endpoint#unpeer(EndpointId)}. */
    boolean unpeer(EndpointId peerId) {
        Peering p;
        synchronized (lock) {
            p = established.get(peerId);
            if (p == null) {
                return false;
            }
            if (p.outbound != null) {
                outbound.cancel(p.outbound);
            }
        }
        p.connection.unpeer(config.unpeerTimeout().toMillis());
        return true;
    }

    /**
     * Registers a peering whose handshake succeeded, routable in the same step as listed in {@link
     * #peers()} (so a caller that sees it there can publish to it); false if the endpoint is closing
     * or the peer is already peered (Broker's core then closes the new connection).
     */
    boolean establish(Peering p) {
        assert !Thread.holdsLock(outbound) : "lock order: the peering lock, then the outbound peerings'";
        synchronized (lock) {
            EndpointId remote = p.connection.remoteId();
            if (closed || established.containsKey(remote)) {
                return false;
            }
            established.put(remote, p);
            context.router().addPeer(p.connection);
            if (p.outbound != null) {
                p.outbound.peering = p;
            }
            return true;
        }
    }

    /**
     * Forgets the peering of {@code peer} once its connection closed, counting its traffic for the
     * totals; null if it was not the established peering of its peer (a redundant connection).
     *
     * @param lost closed by the peer or the network (not here)
     * @param forced closed here with a reason (overflow, peer timeout, not reading): not an unpeer,
     *     so an outbound peering with a retry interval reconnects, as a lost one does
     */
    Ended ended(PeerConnection peer, boolean lost, boolean forced) {
        assert !Thread.holdsLock(outbound) : "lock order: the peering lock, then the outbound peerings'";
        synchronized (lock) {
            Peering p = established.get(peer.remoteId());
            if (p == null || p.connection != peer) {
                return null;
            }
            established.remove(peer.remoteId());
            Outbound o = p.outbound;
            if (o != null) {
                o.peering = null;
            }
            boolean reconnect = o != null && outbound.keepAfterLoss(o, !closed && (lost || forced));
            closedTraffic = closedTraffic.plus(traffic(peer));
            if (forced || lost) {
                endedPeerings.merge(peer.remoteId(), 1L, Long::sum);
            }
            if (forced) {
                disconnects.increment();
            }
            return new Ended(p, reconnect);
        }
    }

    /** The established peerings with their traffic counters. */
    List<PeerInfo> peers() {
        synchronized (lock) {
            return peersLocked();
        }
    }

    private List<PeerInfo> peersLocked() {
        assert Thread.holdsLock(lock);
        List<PeerInfo> out = new ArrayList<>();
        for (Peering p : established.values()) {
            out.add(p.info(endedPeerings.getOrDefault(p.connection.remoteId(), 0L)));
        }
        return out;
    }

    /** The peerings and the totals of ended ones, in one step: no peering counted twice or not at all. */
    Snapshot snapshot() {
        synchronized (lock) {
            return new Snapshot(peersLocked(), closedTraffic);
        }
    }

    /** Peerings closed here with a reason (overflow, peer timeout, not reading) since the start. */
    long disconnects() {
        return disconnects.sum();
    }

    /** Reports what each peering's overflow policy dropped since the last report. */
    void reportDrops() {
        List<Peering> ps;
        synchronized (lock) {
            ps = new ArrayList<>(established.values());
        }
        for (Peering p : ps) {
            reportDrops(p);
        }
    }

    void reportDrops(Peering p) {
        DropReporter.outputBuffer(
                context::emit,
                config.peerOverflowPolicy(),
                EndpointInfo.of(p.connection.remoteId(), p.network),
                p.connection.dropped(),
                p.reportedDrops);
    }

    /** Closes for new peerings (pending {@code peer} futures fail) and lists what to shut down. */
    Closing closeForNew() {
        synchronized (lock) {
            closed = true;
            outbound.close();
            return new Closing(new ArrayList<>(established.values()), new ArrayList<>(listeners));
        }
    }

    /**
     * The blocking part of closing (not on an I/O thread): stops accepting, sends BYE to every peer
     * and waits up to the unpeer timeout for them to close.
     */
    void shutDown(Closing c) {
        registry.shutdown();
        for (Channel l : c.listeners()) {
            l.close().syncUninterruptibly();
        }
        for (Peering p : c.peers()) {
            p.connection.unpeer(config.unpeerTimeout().toMillis());
        }
        long deadline = System.nanoTime() + config.unpeerTimeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(200);
        for (Peering p : c.peers()) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                p.connection.channel().closeFuture().awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left));
            }
        }
    }

    /** Stops the I/O threads. */
    void stopIo() {
        network.close();
    }

    /** Whether every I/O thread has ended. */
    boolean ioTerminated() {
        return network.group().isTerminated();
    }

    private static Traffic traffic(PeerConnection c) {
        return new Traffic(c.messagesIn(), c.bytesIn(), c.messagesOut(), c.bytesOut(), c.dropped());
    }

    /** A peering that {@link #ended}, and whether to re-establish it. */
    record Ended(Peering peering, boolean reconnect) {}

    /** What {@link #closeForNew} found to shut down. */
    record Closing(List<Peering> peers, List<Channel> listeners) {}

    /** The established peerings and the traffic of ended ones. */
    record Snapshot(List<PeerInfo> peers, Traffic closed) {}
}
