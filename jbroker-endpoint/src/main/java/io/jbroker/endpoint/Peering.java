package io.jbroker.endpoint;

import io.jbroker.endpoint.OutboundPeerings.Outbound;
import io.jbroker.internal.net.PeerConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One established Broker peering: its connection, where it is, its outbound peering (null if
 * accepted) and the drops already reported. Immutable but for {@code reportedDrops}, which any
 * thread may advance (see {@link DropReporter#outputBuffer}).
 */
final class Peering {
    final PeerConnection connection;
    final NetworkInfo network;
    final Outbound outbound;
    /** Drops already reported in a status event. */
    final AtomicLong reportedDrops = new AtomicLong();

    Peering(PeerConnection connection, NetworkInfo network, Outbound outbound) {
        this.connection = connection;
        this.network = network;
        this.outbound = outbound;
    }

    PeerInfo info(long disconnects) {
        PeerConnection c = connection;
        long rtt = c.rttNanos();
        return new PeerInfo(
                c.remoteId(),
                network,
                c.filter().prefixes(),
                outbound != null,
                PeerStatus.PEERED,
                c.messagesIn(),
                c.bytesIn(),
                c.messagesOut(),
                c.bytesOut(),
                c.dropped(),
                c.queuedMessages(),
                c.queuedBytes(),
                disconnects,
                c.isPaused(),
                rtt < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(rtt)));
    }
}
