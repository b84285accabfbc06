package io.jbroker.cli;

import io.jbroker.BrokerException;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.store.Store;
import io.jbroker.store.StoreEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Runs {@code jbroker store master|clone}: an endpoint that listens and/or peers, the attached
 * store, one line per store event and per status or error event, until a signal or {@code
 * --duration}.
 */
final class StoreNode {
    private static final Duration PEERING_WAIT = Duration.ofSeconds(10);

    private StoreNode() {}

    static int run(
            String command,
            StoreNodeOptions o,
            Streams streams,
            String role,
            BiFunction<Endpoint, Consumer<StoreEvent>, Store> attach)
            throws InterruptedException {
        EndpointConfig config = o.endpoint.buildOrReport();
        if (config == null) {
            return 1;
        }
        LineOutput out = new LineOutput(streams.out());
        LineOutput err = new LineOutput(streams.err());
        try (Lifetime lifetime = new Lifetime(command);
                DeliveryThread delivery = new DeliveryThread(command + "-output");
                Endpoint ep = Endpoint.create(config)) {
            if (o.listen != null) {
                int port;
                try {
                    port = ep.listen(o.listen.host(), o.listen.port());
                } catch (BrokerException e) {
                    err.line(command.replace('-', ' ') + ": " + e.getMessage());
                    return 1;
                }
                out.line("listening on " + o.listen.withPort(port));
            }
            Subscriber events = ep.statusSubscriber();
            List<CompletableFuture<?>> peerings = new ArrayList<>();
            for (HostPort p : o.peers) {
                peerings.add(ep.peer(p.host(), p.port(), o.retry.interval()));
            }
            awaitPeerings(peerings);
            Store store;
            StoreEventLines lines = new StoreEventLines(out);
            try {
                store = attach.apply(ep, lines); // listening from the start: no attach-time event is missed
            } catch (BrokerException e) {
                err.line(command.replace('-', ' ') + ": " + e.getMessage());
                return 1;
            }
            try (store) {
                out.line("attached " + role + " " + o.name);
                lines.start();
                events.onMessage(m -> out.line(EventLines.event(m)), delivery.executor());
                lifetime.awaitStop(o.duration);
            }
        }
        return 0;
    }

    /**
     * Waits (bounded) until every peering is up or failed, so that a master sees a peer's master
     * of the same store ({@code master_exists}) and a clone finds its master at once; failures
     * are reported by the status lines, and a clone keeps looking for its master afterwards.
     */
    private static void awaitPeerings(List<CompletableFuture<?>> peerings) throws InterruptedException {
        try {
            CompletableFuture.allOf(
                            peerings.stream().map(f -> f.handle((v, e) -> null)).toArray(CompletableFuture[]::new))
                    .get(PEERING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // not up yet (retrying) or failed: reported as status lines, the store attaches anyway
        }
    }

    /**
     * Prints one line per store event; events that come before {@link #start} (while the store is
     * being attached) are kept and printed then, after the {@code attached} line. Store thread
     * and command thread.
     */
    private static final class StoreEventLines implements Consumer<StoreEvent> {
        private final LineOutput out;
        private List<String> early = new ArrayList<>();

        StoreEventLines(LineOutput out) {
            this.out = out;
        }

        @Override
        public synchronized void accept(StoreEvent e) {
            String line = StoreValues.eventLine(e);
            if (early != null) {
                early.add(line);
            } else {
                out.line(line);
            }
        }

        synchronized void start() {
            early.forEach(out::line);
            early = null;
        }
    }
}
