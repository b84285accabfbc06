package io.jbroker.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes: the one way tests wait for something
 * asynchronous, instead of a fixed sleep. Shared by every module's tests through jbroker-core's
 * test-jar. The deadline only bounds the wait; a test never asserts how long it took.
 */
public final class Poll {
    /** How often the condition is checked. */
    private static final long INTERVAL_MILLIS = 5;

    private Poll() {}

    /**
     * Waits until {@code condition} holds.
     *
     * @throws AssertionError naming {@code what} if it does not within {@code timeout}, or if
     *     interrupted
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "");
    }

    /** {@link #until(String, Duration, BooleanSupplier)} with a 10 s timeout. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, Duration.ofSeconds(10), condition);
    }

    /**
     * Like {@link #until(String, Duration, BooleanSupplier)}; on a timeout the message ends with
     * {@code context} (the state worth seeing, computed only then).
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> context) {
        if (!holds(timeout, condition)) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what + context.get());
        }
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @return whether it held within {@code timeout}
     * @throws AssertionError if interrupted
     */
    public static boolean holds(Duration timeout, BooleanSupplier condition) {
        return value(timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty())
                .isPresent();
    }

    /**
     * Waits until {@code probe} finds something.
     *
     * @return what it found, or empty if it found nothing within {@code timeout}
     * @throws AssertionError if interrupted
     */
    public static <T> Optional<T> value(Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent() || System.nanoTime() - deadline > 0) {
                return found;
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while polling", e);
            }
        }
    }
}
