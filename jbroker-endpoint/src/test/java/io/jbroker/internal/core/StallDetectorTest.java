package io.jbroker.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StallDetectorTest {
    private static final long STALL = TimeUnit.MILLISECONDS.toNanos(100);
    private final FakeClock clock = new FakeClock();

    @Test
    void overdueOnlyAfterTheTimeoutWithoutProgressSinceTheQueueFilled() {
        StallDetector d = new StallDetector(STALL, clock);
        clock.advanceMillis(1000); // idle before it filled: not counted
        d.full(clock.now());
        clock.advanceMillis(99);
        assertThat(d.overdue(clock.now())).isFalse();
        clock.advanceMillis(1);
        assertThat(d.overdue(clock.now())).isTrue();
    }

    @Test
    void laterFullsDoNotMoveTheStartButTheFirstAfterATakeDoes() {
        StallDetector d = new StallDetector(STALL, clock);
        d.full(clock.now());
        clock.advanceMillis(60);
        d.full(clock.now()); // still full, nothing taken: the start stays
        clock.advanceMillis(40);
        assertThat(d.overdue(clock.now())).isTrue();

        d.progress(clock.now()); // a take
        clock.advanceMillis(500); // idle, not full
        d.full(clock.now()); // filled again: measured from now
        clock.advanceMillis(99);
        assertThat(d.overdue(clock.now())).isFalse();
        clock.advanceMillis(1);
        assertThat(d.overdue(clock.now())).isTrue();
    }

    @Test
    void aStallLastsUntilTheQueueIsDownToHalf() {
        StallDetector d = new StallDetector(STALL, clock);
        d.full(clock.now());
        clock.advanceMillis(100);
        assertThat(d.overdue(clock.now())).isTrue();
        d.stall();
        assertThat(d.isStalled()).isTrue();
        assertThat(d.overdue(clock.now())).as("declared once").isFalse();
        d.progress(clock.now());
        assertThat(d.isStalled()).isTrue();
        assertThat(d.fullSinceHalf()).isTrue();
        d.belowHalf();
        assertThat(d.isStalled()).isFalse();
        assertThat(d.fullSinceHalf()).isFalse();
    }

    @Test
    void aZeroTimeoutNeverStallsAndLetsNobodyWait() {
        StallDetector d = new StallDetector(0, clock);
        d.full(clock.now());
        clock.advanceMillis(10_000);
        assertThat(d.enabled()).isFalse();
        assertThat(d.overdue(clock.now())).isFalse();
    }
}
