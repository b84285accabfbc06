package io.jbroker.endpoint;

import io.jbroker.testing.Poll;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** This package's short name for {@link Poll#until}, the shared poll-until helper. */
final class Await {
    private Await() {}

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        Poll.until(what, timeout, condition);
    }

    static void until(String what, BooleanSupplier condition) {
        Poll.until(what, condition);
    }
}
