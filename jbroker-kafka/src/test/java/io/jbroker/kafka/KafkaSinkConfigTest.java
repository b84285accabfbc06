package io.jbroker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbroker.zeek.log.JsonFormat;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaSinkConfigTest {
    private final KafkaSinkConfig base = KafkaSinkConfig.defaults("127.0.0.1:9092");

    @Test
    void eachWitherChangesOnlyItsOwnFields() {
        KafkaSinkConfig c = base.withTopic("t")
                .withKey("uid")
                .withQueue(7, Duration.ofSeconds(3))
                .withInFlight(11, 1234)
                .withCloseTimeout(Duration.ofSeconds(5))
                .withProducerProperties(Map.of("linger.ms", "1"));
        assertThat(c)
                .isEqualTo(new KafkaSinkConfig(
                        "127.0.0.1:9092",
                        "t",
                        Optional.of("uid"),
                        Map.of("linger.ms", "1"),
                        7,
                        11,
                        1234,
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(5),
                        base.json()));
        assertThat(base.withTopic("t").withTopic(base.topic())).isEqualTo(base);
        assertThat(base.withJson(JsonFormat.zeekDefaults())).isEqualTo(base);
    }

    @Test
    void keyEmptyOrNullMeansNoKeyAndPropertiesAccumulate() {
        assertThat(base.withKey("uid").withKey("").key()).isEmpty();
        assertThat(base.withKey(null).key()).isEmpty();
        KafkaSinkConfig p = base.withProducerProperties(Map.of("linger.ms", "1"))
                .withProducerProperties(Map.of("acks", "1", "linger.ms", "2"));
        assertThat(p.producerProperties()).containsOnly(Map.entry("linger.ms", "2"), Map.entry("acks", "1"));
        assertThat(p.effectiveProducerProperties())
                .containsEntry("acks", "1")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092");
    }

    @Test
    void withersValidateLikeTheConstructor() {
        assertThatThrownBy(() -> base.withQueue(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withTopic("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withCloseTimeout(null)).isInstanceOf(NullPointerException.class);
    }
}
