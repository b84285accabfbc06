package io.jbroker.logger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.logger.LogPathStats;
import org.junit.jupiter.api.Test;

class CountersTest {
    @Test
    void pathsPastTheLimitShareOtherAndEverythingAddsToTheTotals() {
        Counters c = new Counters();
        for (int i = 0; i < Counters.MAX_PATHS + 5; i++) {
            c.path("p" + i).accepted(1);
        }
        c.path("p0").written(1, 10);
        c.invalidPath().rejected(3);

        assertThat(c.snapshot()).hasSize(Counters.MAX_PATHS + 1);
        LogPathStats other = c.snapshot().get(Counters.MAX_PATHS);
        assertThat(other.path()).isEqualTo(Counters.OTHER_PATHS);
        assertThat(other.recordsAccepted()).isEqualTo(5);
        assertThat(other.recordsRejected()).isEqualTo(3);
        assertThat(other.batchesRejected()).isEqualTo(1);
        LogPathStats totals = c.totals().snapshot();
        assertThat(totals.recordsAccepted()).isEqualTo(Counters.MAX_PATHS + 5);
        assertThat(totals.recordsWritten()).isEqualTo(1);
        assertThat(totals.bytesWritten()).isEqualTo(10);
        assertThat(totals.recordsRejected()).isEqualTo(3);
    }

    @Test
    void otherIsLeftOutWhileItCountedNothing() {
        Counters c = new Counters();
        c.path("conn").accepted(2);
        assertThat(c.snapshot()).extracting(LogPathStats::path).containsExactly("conn");
    }
}
