package io.jbroker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbroker.DataMessage;
import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.websocket.ZeekWebSocketGateway;
import io.jbroker.zeek.Event;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebSocket gateway against Debian's python3-websockets (a client neither jbroker nor we
 * wrote), in a separate process over 127.0.0.1: handshake with {@code X-Application-Name}, ack,
 * a thousand events each way in order, an error object for bad input, a clean close.
 */
class PythonWebSocketTest {
    private static final String PYTHON = "/usr/bin/python3";

    @BeforeAll
    static void needsPythonWebsockets() throws Exception {
        boolean ok = false;
        if (new File(PYTHON).canExecute()) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import websockets")
                    .redirectErrorStream(true)
                    .start();
            ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        if (!ok) {
            System.err.println("*** SKIPPING PythonWebSocketTest: " + PYTHON
                    + " cannot import websockets (install Debian's python3-websockets) ***");
        }
        assumeTrue(ok, "SKIPPED: " + PYTHON + " with python3-websockets is not available");
    }

    @Test
    void pythonWebsocketsClientThroughTheGateway(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("websocket_client.py");
        try (var in = PythonWebSocketTest.class.getResourceAsStream("/websocket_client.py")) {
            Files.copy(in, script);
        }
        int n = 1000;
        try (Endpoint ep = Endpoint.create(EndpointConfig.builder()
                        .tls(TlsConfig.off())
                        .ioThreads(1)
                        .build());
                ZeekWebSocketGateway gateway = ZeekWebSocketGateway.start(ep, "127.0.0.1", 0)) {
            Subscriber fromPython = ep.subscribe("/jvm/");
            String url = "ws://127.0.0.1:" + gateway.port() + "/v1/messages/json";
            Process py = new ProcessBuilder(PYTHON, script.toString(), url, String.valueOf(n), String.valueOf(n))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        lines.add(l);
                    }
                } catch (java.io.IOException e) {
                    lines.add("io error " + e);
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                assertThat(next(lines))
                        .isEqualTo("ack ack " + ep.id() + "-websocket-0 " + ZeekWebSocketGateway.VERSION);
                for (int i = 0; i < n; i++) {
                    DataMessage m = fromPython.get(Duration.ofSeconds(20));
                    assertThat(m).as("event %d from python", i).isNotNull();
                    assertThat(Event.parse(m.data())).isEqualTo(Event.of("Test::ping", Data.count(i)));
                }
                assertThat(next(lines)).isEqualTo("error deserialization_failed failed to decode JSON object");
                assertThat(next(lines)).isEqualTo("ready");
                for (int i = 0; i < n; i++) {
                    ep.publish(
                            "/py/from_jvm",
                            Event.of("Test::pong", Data.count(i)).toData());
                }
                for (int i = 0; i < n; i++) {
                    assertThat(next(lines)).isEqualTo("got /py/from_jvm Test::pong " + i);
                }
                assertThat(next(lines)).isEqualTo("closed 1000");
                assertThat(py.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(py.exitValue()).isZero();
            } finally {
                py.destroyForcibly();
            }
            assertThat(gateway.metrics().published()).isEqualTo(n);
        }
    }

    private static String next(BlockingQueue<String> lines) throws InterruptedException {
        String l = lines.poll(30, TimeUnit.SECONDS);
        assertThat(l).as("a line from the python client").isNotNull();
        return l;
    }
}
