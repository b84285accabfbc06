package io.jbroker.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {
    @Test
    void returnsOnceTheConditionHolds() {
        AtomicInteger calls = new AtomicInteger();

        Poll.until("the third call", Duration.ofSeconds(10), () -> calls.incrementAndGet() >= 3);

        assertThat(calls).hasValue(3);
    }

    @Test
    void timeoutNamesWhatWasAwaitedAndTheContext() {
        assertThatThrownBy(() -> Poll.until("never", Duration.ofMillis(20), () -> false, () -> "; state: idle"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after PT0.02S waiting for never; state: idle");
    }

    @Test
    void holdsAndValueReportATimeoutWithoutThrowing() {
        assertThat(Poll.holds(Duration.ofMillis(20), () -> false)).isFalse();
        assertThat(Poll.value(Duration.ofMillis(20), Optional::empty)).isEmpty();
        assertThat(Poll.value(Duration.ofSeconds(10), () -> Optional.of("x"))).contains("x");
    }

    @Test
    void interruptionFailsAndKeepsTheInterruptFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Poll.holds(Duration.ofSeconds(10), () -> false))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
