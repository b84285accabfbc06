package io.jbroker.zeromq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ZeroMqProxyConfigTest {
    private final ZeroMqProxyConfig base = ZeroMqProxyConfig.defaults();

    @Test
    void defaultsAreZeeksEndpointsAndAStallTimeoutBelowTheNodes() {
        assertThat(base.listenXpub()).isEqualTo("tcp://127.0.0.1:5555");
        assertThat(base.listenXsub()).isEqualTo("tcp://127.0.0.1:5556");
        assertThat(base.stallTimeout()).isEqualTo(ZeroMqProxyConfig.DEFAULT_STALL_TIMEOUT);
        assertThat(base.curve()).isEmpty();
    }

    @Test
    void eachWitherChangesOnlyItsOwnFields() {
        ZeroMqProxyConfig c = base.withListenXpub("tcp://127.0.0.1:1")
                .withListenXsub("tcp://127.0.0.1:2")
                .withHighWaterMarks(3, 4)
                .withMaxFrameBytes(5)
                .withMaxTopics(6)
                .withStallTimeout(Duration.ofSeconds(7))
                .withIoThreads(8);
        assertThat(c)
                .isEqualTo(new ZeroMqProxyConfig(
                        "tcp://127.0.0.1:1",
                        "tcp://127.0.0.1:2",
                        3,
                        4,
                        5,
                        6,
                        Duration.ofSeconds(7),
                        8,
                        Optional.empty()));
        assertThat(base.withMaxTopics(6).withMaxTopics(base.maxTopics())).isEqualTo(base);
    }

    @Test
    void withersValidateLikeTheConstructor() {
        assertThatThrownBy(() -> base.withIoThreads(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withHighWaterMarks(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withStallTimeout(null)).isInstanceOf(NullPointerException.class);
    }
}
