package io.jbroker.logger;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for a condition with a deadline (never a sleep as synchronization). */
final class Poll {
    private Poll() {}

    static void until(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        until(what, timeoutMillis, condition, () -> "");
    }

    /** As {@link #until(String, long, BooleanSupplier)}; the failure message ends with {@code state}. */
    static void until(String what, long timeoutMillis, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " " + state.get());
            }
            Thread.sleep(5);
        }
    }
}
