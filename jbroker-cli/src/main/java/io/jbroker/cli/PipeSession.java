package io.jbroker.cli;

import io.jbroker.DataMessage;
import io.jbroker.EndpointId;
import io.jbroker.Topic;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Status;
import io.jbroker.endpoint.StatusCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What both pipe commands do around their data: an endpoint with one outbound peering, status and
 * error events printed on standard error, and a stop when the peering is gone for good (lost or
 * removed without {@code --retry}). Closing closes the endpoint (BYE after everything queued).
 */
final class PipeSession implements AutoCloseable {
    private final String name;
    private final LineOutput err;
    private final Lifetime lifetime;
    private final DeliveryThread delivery;
    private final Endpoint endpoint;
    private final Duration retry;
    private volatile boolean peeringGone;

    PipeSession(String name, EndpointConfig config, LineOutput err, Lifetime lifetime, Duration retry) {
        this.name = name;
        this.err = err;
        this.lifetime = lifetime;
        this.retry = retry;
        this.delivery = new DeliveryThread(name.replace(' ', '-') + "-events");
        this.endpoint = Endpoint.create(config);
        endpoint.statusSubscriber().onMessage(this::event, delivery.executor());
    }

    Endpoint endpoint() {
        return endpoint;
    }

    private void event(DataMessage m) {
        err.line(EventLines.event(m));
        if (retry.isZero() && m.topic().equals(Topic.STATUSES)) {
            StatusCode code = Status.fromData(m.data()).code();
            if (code == StatusCode.PEER_LOST || code == StatusCode.PEER_REMOVED) {
                peeringGone = true;
                lifetime.stop();
            }
        }
    }

    /** True once the only peering ended and will not be retried. */
    boolean peeringGone() {
        return peeringGone;
    }

    /**
     * Starts peering with {@code peer} and waits for the handshake, a stop, or the failure of the
     * peering (reported on standard error).
     *
     * @return true when peered
     */
    boolean peer(HostPort peer) throws InterruptedException {
        CompletableFuture<EndpointId> peered = endpoint.peer(peer.host(), peer.port(), retry);
        while (!lifetime.stopRequested()) {
            try {
                peered.get(100, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                // Keep waiting; --retry may bring the peer up later.
            } catch (ExecutionException e) {
                err.line("jbroker " + name + ": " + e.getCause().getMessage());
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        endpoint.close();
        delivery.close();
    }
}
