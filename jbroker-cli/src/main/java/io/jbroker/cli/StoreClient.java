package io.jbroker.cli;

import io.jbroker.BrokerException;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.store.Store;
import io.jbroker.store.StoreOptions;
import io.jbroker.store.Stores;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Runs one operator command ({@code jbroker store get|put|erase|keys}): a fresh endpoint peers with
 * {@code --peer}, attaches a clone of the store (reads wait for its snapshot), runs the operation,
 * prints its lines and detaches. Errors are one line on standard error and exit status 1.
 */
final class StoreClient {
    /** The operation: returns the lines to print. */
    @FunctionalInterface
    interface Operation {
        List<String> run(Store clone, Duration timeout) throws TimeoutException, InterruptedException;
    }

    private static final Duration PEER_RETRY = Duration.ofMillis(200);

    private StoreClient() {}

    static int run(String command, StoreClientOptions o, Streams streams, Operation op) {
        EndpointConfig config = o.endpoint.buildOrReport();
        if (config == null) {
            return 1;
        }
        LineOutput out = new LineOutput(streams.out());
        LineOutput err = new LineOutput(streams.err());
        String prefix = "jbroker store " + command + ": ";
        try (Endpoint ep = Endpoint.create(config)) {
            try {
                // retried until the timeout, so a node that is still starting is waited for
                ep.peerBlocking(o.peer.host(), o.peer.port(), PEER_RETRY, o.timeout);
            } catch (BrokerException e) {
                err.line(prefix + "cannot peer with " + o.peer + ": " + e.getMessage());
                return 1;
            }
            try (Store clone =
                    Stores.attachClone(ep, o.name, StoreOptions.defaults().withMaxGetDelay(o.timeout))) {
                op.run(clone, o.timeout).forEach(out::line);
            } catch (BrokerException e) {
                err.line(prefix + e.getMessage());
                return 1;
            } catch (TimeoutException e) {
                err.line(prefix + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.line(prefix + "interrupted");
                return 1;
            }
        }
        return 0;
    }

    /** Polls until {@code condition} holds (the master's update reached the clone) or the timeout. */
    static void await(String what, Duration timeout, BooleanSupplier condition)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("not confirmed within " + timeout + ": " + what);
            }
            Thread.sleep(10);
        }
    }
}
