package io.jbroker.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.data.Data;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same exchange over every way the I/O threads can run: NIO or epoll, sleeping, spinning, busy. */
class IoThreadModesTest {
    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of("nio", (UnaryOperator<EndpointConfig.Builder>) b -> b.nativeTransport(false)),
                Arguments.of("nio, spin 1 ms", (UnaryOperator<EndpointConfig.Builder>)
                        b -> b.nativeTransport(false).ioSpin(Duration.ofMillis(1))),
                Arguments.of("native", (UnaryOperator<EndpointConfig.Builder>) b -> b),
                Arguments.of("native, spin 1 ms", (UnaryOperator<EndpointConfig.Builder>)
                        b -> b.ioSpin(Duration.ofMillis(1))),
                Arguments.of("native, busy poll", (UnaryOperator<EndpointConfig.Builder>)
                        b -> b.busyPoll(true).ioThreads(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void messagesCrossBothWays(String name, UnaryOperator<EndpointConfig.Builder> mode) throws Exception {
        try (Endpoint a = Endpoint.create(
                        mode.apply(EndpointConfig.builder().tls(TlsConfig.off()).ioThreads(1))
                                .build());
                Endpoint b = Endpoint.create(
                        mode.apply(EndpointConfig.builder().tls(TlsConfig.off()).ioThreads(1))
                                .build())) {
            Subscriber atA = a.subscribe("/to-a");
            Subscriber atB = b.subscribe("/to-b");
            int port = a.listen("127.0.0.1", 0);
            b.peerBlocking("127.0.0.1", port, Duration.ZERO, Duration.ofSeconds(10));
            Await.until(
                    "filters",
                    () -> EndpointPairTest.peerSubscribed(a, b.id(), "/to-b")
                            && EndpointPairTest.peerSubscribed(b, a.id(), "/to-a"));

            for (int i = 0; i < 100; i++) {
                a.publish("/to-b", Data.count(i));
                DataMessage m = atB.get(Duration.ofSeconds(10));
                assertThat(m.data()).isEqualTo(Data.count(i));
                b.publish("/to-a", Data.count(i));
                assertThat(atA.get(Duration.ofSeconds(10)).data()).isEqualTo(Data.count(i));
            }
        }
    }
}
