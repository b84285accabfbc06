package io.jbroker.internal.core;

import io.jbroker.EndpointId;
import java.util.Arrays;

/**
 * An immutable snapshot of who receives what: the established peer links and the local sinks.
 * The router reads the current snapshot without locking; every change makes a new snapshot.
 */
final class RoutingTable {
    static final RoutingTable EMPTY = new RoutingTable(new PeerLink[0], new LocalSink[0]);

    final PeerLink[] peers;
    final LocalSink[] sinks;

    private RoutingTable(PeerLink[] peers, LocalSink[] sinks) {
        this.peers = peers;
        this.sinks = sinks;
    }

    RoutingTable withPeer(PeerLink link) {
        PeerLink[] base = withoutPeerArray(link.remoteId());
        PeerLink[] next = Arrays.copyOf(base, base.length + 1);
        next[base.length] = link;
        return new RoutingTable(next, sinks);
    }

    RoutingTable withoutPeer(EndpointId id) {
        return new RoutingTable(withoutPeerArray(id), sinks);
    }

    private PeerLink[] withoutPeerArray(EndpointId id) {
        return Arrays.stream(peers).filter(p -> !p.remoteId().equals(id)).toArray(PeerLink[]::new);
    }

    RoutingTable withSink(LocalSink sink) {
        LocalSink[] next = Arrays.copyOf(sinks, sinks.length + 1);
        next[sinks.length] = sink;
        return new RoutingTable(peers, next);
    }

    RoutingTable withoutSink(LocalSink sink) {
        return new RoutingTable(
                peers, Arrays.stream(sinks).filter(s -> s != sink).toArray(LocalSink[]::new));
    }

    PeerLink peer(EndpointId id) {
        for (PeerLink p : peers) {
            if (p.remoteId().equals(id)) {
                return p;
            }
        }
        return null;
    }
}
