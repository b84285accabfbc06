package io.jbroker.logger;

import java.util.function.BooleanSupplier;

/** Waiting for a condition with a deadline (never a sleep as synchronization). */
final class Poll {
    private Poll() {}

    static void until(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
