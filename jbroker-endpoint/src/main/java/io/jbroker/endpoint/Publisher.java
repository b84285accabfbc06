package io.jbroker.endpoint;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes a stream of values on one topic with back-pressure: when a receiver's bounded buffer
 * (a peer's outbound buffer or a local subscriber's queue) is full, the publishing thread waits
 * for room instead of dropping, up to a timeout, as long as that receiver makes progress. A
 * receiver that takes nothing for the stall timeout ({@link EndpointConfig#stallTimeout()}) stops
 * holding the publisher back: its overflow policy applies (counted and reported there) and the
 * publish says so, so one stuck receiver costs the others at most one stall timeout. Nothing is
 * ever queued without bound and nothing is lost silently.
 *
 * <p>Thread-safe; several threads may publish through one publisher, but never an I/O thread (a
 * handler run by a direct executor): waiting there would block the very I/O that makes room, so
 * {@code publish} throws {@link IllegalStateException} there; use the non-blocking {@link
 * Endpoint#publish(String, Data)} in handlers. Closing twice is harmless.
 */
public final class Publisher implements AutoCloseable {
    private final Endpoint endpoint;
    private final Topic topic;
    private final Duration defaultTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder published = new LongAdder();
    private final LongAdder timedOut = new LongAdder();

    Publisher(Endpoint endpoint, Topic topic, Duration defaultTimeout) {
        this.endpoint = endpoint;
        this.topic = topic;
        this.defaultTimeout = defaultTimeout;
    }

    public Topic topic() {
        return topic;
    }

    /**
     * Publishes, waiting up to {@code timeout} for room at every receiver.
     *
     * @return true if every receiver took the value without its policy discarding anything; false
     *     if at least one had no room in time or is stalled, so its overflow policy acted
     *     (receivers that had room still got it)
     * @throws IllegalStateException on an I/O thread
     * @throws BrokerException ({@link ErrorCode#SHUTTING_DOWN}) if this publisher or its endpoint is
     *     closed, also when the endpoint closes while the publish waits
     */
    public boolean publish(Data value, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(value, "value");
        if (closed.get()) {
            throw new BrokerException(ErrorCode.SHUTTING_DOWN, "publisher is closed");
        }
        boolean all = endpoint.publishWaiting(topic, value, System.nanoTime() + timeout.toNanos());
        if (all) {
            published.increment();
        } else {
            timedOut.increment();
        }
        return all;
    }

    /**
     * Publishes, waiting up to the publisher's default timeout.
     *
     * @throws BrokerException ({@link ErrorCode#REQUEST_TIMEOUT}) if a receiver had no room in time
     */
    public void publish(Data value) throws InterruptedException {
        if (!publish(value, defaultTimeout)) {
            throw new BrokerException(
                    ErrorCode.REQUEST_TIMEOUT, "no room at a receiver of " + topic + " within " + defaultTimeout);
        }
    }

    /** Values every receiver accepted. */
    public long publishedCount() {
        return published.sum();
    }

    /** Publishes that timed out at one or more receivers. */
    public long timedOutCount() {
        return timedOut.sum();
    }

    /** Whether this publisher or its endpoint is closed. */
    public boolean isClosed() {
        return closed.get() || endpoint.isClosed();
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
