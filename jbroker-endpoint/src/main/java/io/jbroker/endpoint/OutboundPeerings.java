package io.jbroker.endpoint;

import io.jbroker.BrokerException;
import io.jbroker.EndpointId;
import io.jbroker.ErrorCode;
import io.jbroker.internal.net.NetworkErrors;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The outbound peerings requested with {@link Endpoint#peer}, one per {@code host:port}: each with
 * the future its callers get copies of and its retry interval. A failed attempt is reported as a
 * {@code peer_unavailable} error event and, with a positive interval, repeated after it; so is a
 * lost peering ({@link #keepAfterLoss}, {@link #reconnect}).
 *
 * <p>Threading: the map and {@code closed} are guarded by this object's monitor. {@link
 * BrokerPeering} calls {@link #keepAfterLoss} and {@link #cancel(Outbound)} while holding its own
 * lock: the lock order is the peering lock, then this monitor, never the reverse. An {@link
 * Outbound}'s fields are volatile: written under either lock, read by I/O threads without one.
 */
final class OutboundPeerings {
    private final PeeringContext context;
    private final ScheduledExecutorService retries;
    private final Consumer<Outbound> connector;

    // Guarded by this:
    private final Map<String, Outbound> byAddress = new HashMap<>();
    private boolean closed;

    /**
     * @param retries runs the delayed attempts (the endpoint's I/O threads)
     * @param connector starts one connection attempt, reporting its failure to {@link
     *     #attemptFailed}
     */
    OutboundPeerings(PeeringContext context, ScheduledExecutorService retries, Consumer<Outbound> connector) {
        this.context = context;
        this.retries = retries;
        this.connector = connector;
    }

    /** Starts peering with {@code n} unless already under way; the caller's own copy of its future. */
    CompletableFuture<EndpointId> peer(NetworkInfo n) {
        Outbound o;
        synchronized (this) {
            String key = key(n);
            o = byAddress.get(key);
            if (o != null) {
                return o.result.copy(); // each caller's own: completing it changes no one else's
            }
            o = new Outbound(n);
            byAddress.put(key, o);
        }
        CompletableFuture<EndpointId> mine = o.result.copy();
        connector.accept(o);
        return mine;
    }

    /** An attempt failed: reports it, then retries after the interval or fails the future. */
    void attemptFailed(Outbound o, String why) {
        NetworkInfo n = o.network;
        context.emitError(
                ErrorEvent.of(ErrorCode.PEER_UNAVAILABLE, EndpointInfo.of(EndpointId.NIL, n), why), n.address());
        boolean retry;
        synchronized (this) {
            retry = !closed && !o.cancelled && !n.retry().isZero();
            if (!retry) {
                byAddress.remove(key(n), o);
            }
        }
        if (retry) {
            retryLater(o);
        } else {
            o.result.completeExceptionally(
                    new BrokerException(ErrorCode.PEER_UNAVAILABLE, "cannot peer with " + key(n) + ": " + why));
        }
    }

    /** Stops retrying {@code host:port}; the cancelled peering, or null if there is none. */
    synchronized Outbound cancel(String host, int port) {
        Outbound o = byAddress.remove(NetworkErrors.hostPort(host, port));
        if (o != null) {
            o.cancelled = true;
        }
        return o;
    }

    /** Stops retrying {@code o} (its peering is being unpeered). */
    synchronized void cancel(Outbound o) {
        o.cancelled = true;
        byAddress.remove(key(o.network), o);
    }

    /**
     * The peering of {@code o} ended: whether it is to be re-established ({@code mayRetry}, not
     * cancelled, a positive interval); if not, it is forgotten. Then call {@link #reconnect}.
     */
    synchronized boolean keepAfterLoss(Outbound o, boolean mayRetry) {
        boolean keep = mayRetry && !closed && !o.cancelled && !o.network.retry().isZero();
        if (!keep) {
            byAddress.remove(key(o.network), o);
        }
        return keep;
    }

    /** Re-establishes a lost peering after its retry interval, with a new future. */
    void reconnect(Outbound o) {
        o.result = new CompletableFuture<>();
        retryLater(o);
    }

    private void retryLater(Outbound o) {
        retries.schedule(() -> connector.accept(o), o.network.retry().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Cancels every outbound peering, failing its future with {@code shutting_down}. */
    synchronized void close() {
        closed = true;
        for (Outbound o : byAddress.values()) {
            o.cancelled = true;
            o.result.completeExceptionally(new BrokerException(ErrorCode.SHUTTING_DOWN, "endpoint closed"));
        }
        byAddress.clear();
    }

    private static String key(NetworkInfo n) {
        return NetworkErrors.hostPort(n.address(), n.port());
    }

    /** One outbound peering. */
    static final class Outbound {
        final NetworkInfo network;
        volatile CompletableFuture<EndpointId> result = new CompletableFuture<>();
        volatile boolean cancelled;
        /** Its established peering, if any; written under the peering lock. */
        volatile Peering peering;

        Outbound(NetworkInfo network) {
            this.network = network;
        }
    }
}
