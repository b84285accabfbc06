package io.jbroker.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.zeek.log.AsciiFormat;
import io.jbroker.zeek.log.JsonFormat;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LogWriterConfigTest {
    private final LogWriterConfig base = LogWriterConfig.defaults(Path.of("logs"));

    @Test
    void eachWitherChangesOnlyItsOwnFields() {
        Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        LogWriterConfig c = base.withOutput(LogOutput.JSON)
                .withRotationInterval(Duration.ofHours(1))
                .withRotationDatePattern("yyyyMMdd")
                .withQueue(5, Duration.ofSeconds(2))
                .withThreads(3)
                .withClock(clock);
        assertThat(c)
                .isEqualTo(new LogWriterConfig(
                        Path.of("logs"),
                        LogOutput.JSON,
                        AsciiFormat.zeekDefaults(),
                        JsonFormat.zeekDefaults(),
                        Duration.ofHours(1),
                        "yyyyMMdd",
                        5,
                        Duration.ofSeconds(2),
                        3,
                        clock));
        assertThat(base.withAscii(base.ascii()).withJson(base.json())).isEqualTo(base);
    }

    @Test
    void withersValidateLikeTheConstructor() {
        assertThatThrownBy(() -> base.withThreads(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withRotationInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withRotationDatePattern("yyyy-{")).isInstanceOf(IllegalArgumentException.class);
    }
}
