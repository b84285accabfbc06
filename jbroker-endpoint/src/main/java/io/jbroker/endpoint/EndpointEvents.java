package io.jbroker.endpoint;

import io.jbroker.DataMessage;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.internal.core.ReportLimiter;
import io.jbroker.internal.core.Router;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The endpoint's status and error events: delivers each one to the local subscribers of {@link
 * Topic#STATUSES} or {@link Topic#ERRORS}, and limits error events per kind and address ({@link
 * Endpoint#ERROR_REPORT_BURST} per {@link Endpoint#ERROR_REPORT_INTERVAL}) so that a flood of bad
 * frames or connections cannot flood the status subscriber.
 *
 * <p>Threading: any thread may emit, I/O threads included. The only mutable state is the {@link
 * ReportLimiter}, which guards itself (one short lock per call); {@link #reportSuppressedErrors}
 * runs on the maintenance task.
 */
final class EndpointEvents {
    private static final int ERROR_REPORT_KEYS = 1024;

    private final Router router;
    private final ReportLimiter<ErrorKey> errorReports;

    EndpointEvents(Router router, LongSupplier reportClock) {
        this.router = router;
        this.errorReports = new ReportLimiter<>(
                Endpoint.ERROR_REPORT_BURST, Endpoint.ERROR_REPORT_INTERVAL, ERROR_REPORT_KEYS, reportClock);
    }

    /** Delivers {@code event} to the local subscribers of its topic. */
    void emit(EndpointEvent event) {
        Topic topic = event instanceof Status ? Topic.STATUSES : Topic.ERRORS;
        router.deliverLocally(new DataMessage(topic, event.toData()));
    }

    /**
     * Emits an error event unless {@link Endpoint#ERROR_REPORT_BURST} events of its kind from
     * {@code address} passed in the current interval; those held back are counted and summarised by
     * {@link #reportSuppressedErrors}.
     */
    void emitError(ErrorEvent event, String address) {
        if (errorReports.admit(new ErrorKey(event.code(), address))) {
            emit(event);
        }
    }

    /** One error event per kind and address whose interval ended with events held back. */
    void reportSuppressedErrors() {
        String per = " (at most " + Endpoint.ERROR_REPORT_BURST + " of a kind per address in "
                + Endpoint.ERROR_REPORT_INTERVAL.toSeconds() + " s are reported)";
        for (ReportLimiter.Suppressed<ErrorKey> s : errorReports.endedIntervals()) {
            ErrorKey k = s.key();
            emit(
                    k == null
                            ? new ErrorEvent(
                                    ErrorCode.UNSPECIFIED,
                                    Optional.empty(),
                                    s.count() + " more errors suppressed: too many addresses at once" + per)
                            : new ErrorEvent(
                                    k.code(),
                                    Optional.empty(),
                                    s.count() + " more " + k.code().brokerName() + " errors from " + k.address()
                                            + " suppressed" + per));
        }
    }

    /** Error events held back since the start. */
    long suppressedCount() {
        return errorReports.suppressedCount();
    }

    /** What the error-report limit counts per: the kind of error and the peer's address. */
    private record ErrorKey(ErrorCode code, String address) {}
}
