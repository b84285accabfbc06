package io.jbroker.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue #11 fault 5: repeated reports per key are limited, counted and summarised (fake clock). */
class ReportLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final ReportLimiter<String> limiter = new ReportLimiter<>(3, Duration.ofSeconds(10), 4, now::get);

    private int admitted(String key, int reports) {
        int n = 0;
        for (int i = 0; i < reports; i++) {
            if (limiter.admit(key)) {
                n++;
            }
        }
        return n;
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void theFirstReportsOfAnIntervalPassTheRestAreCountedAndSummarisedOnceWhenItEnds() {
        assertThat(admitted("a", 100)).isEqualTo(3);
        assertThat(limiter.suppressedCount()).isEqualTo(97);
        advance(Duration.ofSeconds(9));
        assertThat(limiter.endedIntervals()).isEmpty();
        advance(Duration.ofSeconds(1));
        assertThat(limiter.endedIntervals()).containsExactly(new ReportLimiter.Suppressed<>("a", 97));
        assertThat(limiter.endedIntervals()).isEmpty(); // reported once
        assertThat(admitted("a", 2)).isEqualTo(2); // a new interval
    }

    @Test
    void keysAreLimitedIndependently() {
        assertThat(admitted("a", 5)).isEqualTo(3);
        assertThat(admitted("b", 5)).isEqualTo(3);
        advance(Duration.ofSeconds(10));
        assertThat(limiter.endedIntervals())
                .containsExactlyInAnyOrder(
                        new ReportLimiter.Suppressed<>("a", 2), new ReportLimiter.Suppressed<>("b", 2));
    }

    @Test
    void anIntervalWithoutSuppressionEndsWithoutASummary() {
        assertThat(admitted("a", 3)).isEqualTo(3);
        advance(Duration.ofSeconds(10));
        assertThat(limiter.endedIntervals()).isEmpty();
        assertThat(limiter.suppressedCount()).isZero();
    }

    @Test
    void aReportAfterTheIntervalEndedStartsANewOneAndKeepsTheOldSummary() {
        admitted("a", 5);
        advance(Duration.ofSeconds(11));
        assertThat(admitted("a", 4)).isEqualTo(3); // before anyone collected the summary
        assertThat(limiter.endedIntervals()).containsExactly(new ReportLimiter.Suppressed<>("a", 2));
        advance(Duration.ofSeconds(10));
        assertThat(limiter.endedIntervals()).containsExactly(new ReportLimiter.Suppressed<>("a", 1));
    }

    @Test
    void keysBeyondTheCapacityAreSuppressedTogetherUnderANullKey() {
        for (int i = 0; i < 4; i++) {
            assertThat(admitted("k" + i, 1)).isEqualTo(1);
        }
        // A scan from many addresses: the table is full, so further keys are only counted.
        for (int i = 4; i < 100; i++) {
            assertThat(admitted("k" + i, 1)).isZero();
        }
        advance(Duration.ofSeconds(10));
        assertThat(limiter.endedIntervals()).containsExactly(new ReportLimiter.Suppressed<>(null, 96));
        assertThat(admitted("new", 1)).isEqualTo(1); // the table was emptied with the ended intervals
    }
}
