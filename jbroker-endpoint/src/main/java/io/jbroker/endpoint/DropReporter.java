package io.jbroker.endpoint;

import io.jbroker.internal.net.IoThreads;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The endpoint's maintenance task, run every 100 ms on one I/O thread: summarises the error events
 * the rate limit held back, applies the policy of subscribers and links that stalled, and once a
 * second reports in {@code messages_dropped} status events what overflow policies dropped since
 * the last report (peerings, transport links, subscribers).
 *
 * <p>Threading: {@link #run} runs on the maintenance task only, which owns {@code lastReport} and
 * every {@link Subscriber#reportedDrops}. {@link #outputBuffer} may run on any thread: the count
 * already reported of each buffer is an {@link AtomicLong}, so a drop is reported once.
 */
final class DropReporter implements Runnable {
    static final long PERIOD_MILLIS = 100;
    private static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EndpointConfig config;
    private final EndpointEvents events;
    private final SubscriptionRegistry subscriptions;
    private final BrokerPeering peering;
    private final TransportHub hub;
    private long lastReport = System.nanoTime(); // maintenance task only

    DropReporter(
            EndpointConfig config,
            EndpointEvents events,
            SubscriptionRegistry subscriptions,
            BrokerPeering peering,
            TransportHub hub) {
        this.config = config;
        this.events = events;
        this.subscriptions = subscriptions;
        this.peering = peering;
        this.hub = hub;
    }

    @Override
    public void run() {
        assert IoThreads.isCurrent() : "the maintenance task runs on an I/O thread";
        events.reportSuppressedErrors();
        long now = System.nanoTime();
        for (Subscriber s : subscriptions.subscribers()) {
            s.queue().checkStall(now);
        }
        hub.checkStalls(now);
        if (now - lastReport < REPORT_NANOS) {
            return;
        }
        lastReport = now;
        peering.reportDrops();
        hub.reportDrops();
        for (Subscriber s : subscriptions.subscribers()) {
            long d = s.droppedCount();
            if (d > s.reportedDrops && !s.statusEvents() && !s.isClosed()) {
                events.emit(new Status(
                        StatusCode.MESSAGES_DROPPED,
                        EndpointInfo.of(config.id()),
                        "subscriber " + s.topics() + " queue full (policy "
                                + policyName(config.subscriberOverflowPolicy()) + "): " + (d - s.reportedDrops)
                                + " messages dropped, " + d + " in all"));
                s.reportedDrops = d;
            }
        }
    }

    /**
     * Reports what the output buffer of {@code who} (a peering or a link) dropped since the last
     * report, {@code reported} holding the count already reported; also when the buffer's link ends.
     */
    static void outputBuffer(
            Consumer<EndpointEvent> emit, OverflowPolicy policy, EndpointInfo who, long dropped, AtomicLong reported) {
        long before = reported.getAndAccumulate(dropped, Math::max);
        if (dropped > before) {
            emit.accept(new Status(
                    StatusCode.MESSAGES_DROPPED,
                    who,
                    "output buffer full (policy " + policyName(policy) + "): " + (dropped - before)
                            + " messages dropped, " + dropped + " in all"));
        }
    }

    private static String policyName(OverflowPolicy p) {
        return p.name().toLowerCase(Locale.ROOT);
    }
}
