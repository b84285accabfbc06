package io.jbroker.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Publisher;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.endpoint.testing.Endpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * At shutdown the gateway's 1001 "Terminating" close follows every message it had already taken
 * for a client: nothing queued for the socket is overtaken by the close and lost with it. Several
 * clients and tiny messages (about 70 bytes a frame), so that more than one drain batch of frames
 * (1024) still waits for the event loops when the gateway closes; with the close written directly
 * on the channel, a few thousand of the messages were lost. Real gateway on 127.0.0.1, the JDK's
 * WebSocket client.
 */
class GatewayShutdownOrderTest {
    private static final int CLIENTS = 4;
    private static final int MESSAGES = 5000;

    @RegisterExtension
    final Endpoints resources = new Endpoints();

    @Test
    void everyMessageTakenBeforeShutdownReachesTheClientBeforeTheTerminatingClose() throws Exception {
        Endpoint ep = resources.track(Endpoint.create(EndpointConfig.builder()
                .tls(TlsConfig.off())
                .ioThreads(1)
                .subscriberQueueSize(2 * MESSAGES)
                .build()));
        ZeekWebSocketGateway g = resources.track(ZeekWebSocketGateway.start(ep, "127.0.0.1", 0));
        String url = "ws://127.0.0.1:" + g.port() + "/v1/messages/json";
        List<JdkClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(resources.track(JdkClient.subscribed(url, "[\"/shutdown/\"]")));
        }
        try (Publisher p = ep.publisher("/shutdown/x", Duration.ofSeconds(30))) {
            for (int i = 0; i < MESSAGES; i++) {
                p.publish(Data.count(i));
            }
        }
        long taken = (long) CLIENTS * MESSAGES;
        GatewayTest.await(
                "every message taken for the clients", () -> g.metrics().delivered() == taken);
        g.close();

        for (JdkClient c : clients) {
            assertThat(c.awaitClose()).isEqualTo(1001);
            // The JDK client reports the close after every message before it.
            assertThat(c.texts.size()).as("messages before the close").isEqualTo(MESSAGES);
        }
    }
}
