package io.jbroker.endpoint;

import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.endpoint.OutboundPeerings.Outbound;
import io.jbroker.internal.net.ConnectionHandler;
import io.jbroker.internal.net.PeerConnection;
import io.jbroker.internal.peer.HandshakeResult;
import io.jbroker.internal.peer.LocalPeerRegistry;
import io.jbroker.internal.wire.Filter;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * What happens to Broker peering connections: the outcome of each handshake (a new peering, a
 * failed or redundant attempt, a connection closed during the handshake) and the end of each
 * peering, turned into {@link BrokerPeering}'s bookkeeping, status and error events, and retries.
 *
 * <p>Threading: no state of its own; every callback runs on the connection's I/O thread.
 */
final class PeeringOutcomes implements ConnectionHandler.Outcome, PeerConnection.Listener {
    private final BrokerPeering peering;
    private final PeeringContext context;
    private final OutboundPeerings outbound;
    private final LocalPeerRegistry registry;
    private final PeerConnection.Settings settings;

    PeeringOutcomes(
            BrokerPeering peering, PeeringContext context, OutboundPeerings outbound, LocalPeerRegistry registry) {
        this.peering = peering;
        this.context = context;
        this.outbound = outbound;
        this.registry = registry;
        EndpointConfig config = context.config();
        this.settings = new PeerConnection.Settings(
                config.peerBufferMessages(),
                config.peerBufferBytes(),
                config.peerOverflowPolicy(),
                config.stallTimeout(),
                config.heartbeatInterval(),
                config.peerTimeout());
    }

    /** The handler of a new connection: of the outbound peering {@code o}, or accepted (null). */
    ConnectionHandler handler(Outbound o) {
        return new ConnectionHandler(this, new Attempt(o, context.announced()));
    }

    @Override
    public void succeeded(ChannelHandlerContext ctx, ConnectionHandler handler, HandshakeResult.Success r) {
        Attempt attempt = (Attempt) handler.attachment();
        Outbound o = attempt.outbound();
        NetworkInfo n = o != null ? o.network : remoteInfo(ctx.channel().remoteAddress());
        PeerConnection pc = new PeerConnection(
                context.config().id(), r.remote(), r.remoteFilter(), context.router(), this, ctx.channel(), settings);
        if (!peering.establish(new Peering(pc, n, o))) {
            // Broker's core rejects a second peering with a known peer by closing it.
            ctx.close();
            return;
        }
        // The pipeline gets the handler before this event-loop task ends and any queued frame is drained.
        ctx.pipeline().replace(handler, "peer", pc);
        context.announceIfChangedSince(pc, attempt.announcedAtStart());
        context.emit(new Status(
                StatusCode.ENDPOINT_DISCOVERED, EndpointInfo.of(r.remote()), "found a new peer in the network"));
        context.emit(new Status(StatusCode.PEER_ADDED, EndpointInfo.of(r.remote(), n), "handshake successful"));
        if (o != null) {
            o.result.complete(r.remote());
        }
    }

    @Override
    public void failed(ChannelHandlerContext ctx, ConnectionHandler handler, HandshakeResult.Failure r) {
        Outbound o = ((Attempt) handler.attachment()).outbound();
        if (r.redundant()) {
            if (o != null && r.remote() != null) {
                o.result.complete(r.remote());
            }
            return;
        }
        if (o != null) {
            outbound.attemptFailed(
                    o, "unable to connect to remote peer (" + r.code().brokerName() + ": " + r.description() + ")");
        } else {
            NetworkInfo from = remoteInfo(ctx.channel().remoteAddress());
            context.emitError(
                    ErrorEvent.of(
                            r.code(),
                            EndpointInfo.of(r.remote() != null ? r.remote() : EndpointId.NIL, from),
                            r.description()),
                    from.address());
        }
    }

    @Override
    public void closedEarly(ChannelHandlerContext ctx, ConnectionHandler handler) {
        Outbound o = ((Attempt) handler.attachment()).outbound();
        if (o != null) {
            outbound.attemptFailed(o, "unable to connect to remote peer (closed during handshake)");
        }
    }

    @Override
    public void malformed(PeerConnection peer, ErrorCode code, String reason) {
        context.emitError(
                ErrorEvent.of(code, EndpointInfo.of(peer.remoteId()), reason),
                remoteInfo(peer.channel().remoteAddress()).address());
    }

    @Override
    public void closed(PeerConnection peer, String reason, boolean removedLocally) {
        BrokerPeering.Ended ended = peering.ended(peer, !removedLocally, removedLocally && reason != null);
        if (ended == null) {
            return;
        }
        context.router().removePeer(peer.remoteId());
        Peering p = ended.peering();
        try {
            registry.disconnected(peer.remoteId());
            peering.reportDrops(p);
            String why = reason != null ? " (" + reason + ")" : "";
            EndpointInfo info = EndpointInfo.of(peer.remoteId(), p.network);
            if (removedLocally) {
                context.emit(new Status(StatusCode.PEER_REMOVED, info, "removed connection to remote peer" + why));
            } else {
                context.emit(new Status(StatusCode.PEER_LOST, info, "lost connection to remote peer" + why));
            }
            context.emit(new Status(
                    StatusCode.ENDPOINT_UNREACHABLE, EndpointInfo.of(peer.remoteId()), "lost the last path"));
        } finally {
            if (ended.reconnect()) {
                outbound.reconnect(p.outbound);
            }
        }
    }

    private static NetworkInfo remoteInfo(SocketAddress a) {
        if (a instanceof InetSocketAddress) {
            InetSocketAddress i = (InetSocketAddress) a;
            return new NetworkInfo(
                    i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString(),
                    i.getPort(),
                    Duration.ZERO);
        }
        return new NetworkInfo(String.valueOf(a), 0, Duration.ZERO);
    }

    /** One connection attempt: its outbound peering (null if accepted) and the filter at its start. */
    private record Attempt(Outbound outbound, Filter announcedAtStart) {}
}
