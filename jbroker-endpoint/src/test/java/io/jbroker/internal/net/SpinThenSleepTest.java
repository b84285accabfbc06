package io.jbroker.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.SelectStrategy;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SpinThenSleepTest {
    @Test
    void pollsWithinTheWindowAfterActivityAndSleepsAfterIt() throws Exception {
        SpinThenSleep s = new SpinThenSleep(TimeUnit.MILLISECONDS.toNanos(50));

        assertThat(s.calculateStrategy(() -> 3, false))
                .as("ready events are handled")
                .isEqualTo(3);
        assertThat(s.calculateStrategy(() -> 0, false))
                .as("idle, within the window")
                .isEqualTo(SelectStrategy.CONTINUE);
        Thread.sleep(80);
        assertThat(s.calculateStrategy(() -> 0, false))
                .as("idle past the window")
                .isEqualTo(SelectStrategy.SELECT);
        assertThat(s.calculateStrategy(() -> 0, true))
                .as("tasks count as activity")
                .isZero();
        assertThat(s.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.CONTINUE);
    }
}
