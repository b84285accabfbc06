package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

class ZeroMqProxyCommandTest {
    private static final Pattern FIRST =
            Pattern.compile("proxy xpub=(tcp://127\\.0\\.0\\.1:\\d+) xsub=(tcp://127\\.0\\.0\\.1:\\d+)");

    @Test
    void groupListsTheProxy() {
        CliRun run = CliRun.run("", "zeromq", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outText()).startsWith("Usage: jbroker zeromq").contains("proxy");
    }

    @Test
    void printsTheBoundEndpointsFirstAndMetricsWhenStopping() {
        CliRun run = CliRun.run(
                "",
                "zeromq",
                "proxy",
                "--listen-xpub",
                "tcp://127.0.0.1:0",
                "--listen-xsub",
                "tcp://127.0.0.1:0",
                "--duration",
                "300ms",
                "--metrics-interval",
                "100ms");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        List<String> lines = run.outText().lines().toList();
        assertThat(lines.get(0)).matches(FIRST);
        assertThat(lines.get(0)).doesNotContain(":0 ");
        assertThat(lines.get(lines.size() - 1))
                .startsWith("metrics: proxy messages=0 frames=0 bytes=0 subscriptions=0")
                .contains("running=true");
    }

    @Test
    void relaysBetweenNodesWhileRunning() throws InterruptedException {
        BackgroundRun run = BackgroundRun.start(
                "zeromq",
                "proxy",
                "--listen-xpub",
                "tcp://127.0.0.1:0",
                "--listen-xsub",
                "tcp://127.0.0.1:0",
                "--duration",
                "8s",
                "--metrics-interval",
                "7s");
        try {
            String first = run.awaitLine(l -> l.startsWith("proxy "), Duration.ofSeconds(30))
                    .orElseThrow(() -> new AssertionError("no first line; stderr: " + run.err()));
            Matcher m = FIRST.matcher(first);
            assertThat(m.matches()).isTrue();
            try (ZMQ.Context ctx = ZMQ.context(1);
                    ZMQ.Socket subscriber = ctx.socket(SocketType.XSUB);
                    ZMQ.Socket publisher = ctx.socket(SocketType.XPUB)) {
                subscriber.setLinger(0);
                publisher.setLinger(0);
                // JeroMQ 0.6.0 leaves 1 to 5% of fresh connections without their handshake until
                // the handshake interval drops it and it connects again (see ZeroMqConfig).
                subscriber.setHandshakeIvl(1000);
                publisher.setHandshakeIvl(1000);
                subscriber.setReceiveTimeOut(20_000);
                publisher.setReceiveTimeOut(100);
                publisher.setXpubVerbose(true);
                subscriber.connect(m.group(1));
                publisher.connect(m.group(2));
                subscriber.send(new byte[] {1, 't'});
                byte[] subscription = null;
                for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                        subscription == null && System.nanoTime() < deadline; ) {
                    subscriber.getEvents(); // lets it handle a reconnect: it then sends "t" again
                    subscription = publisher.recv();
                }
                assertThat(subscription).isEqualTo(new byte[] {1, 't'});
                publisher.sendMore("t.x");
                publisher.sendMore("node-id");
                publisher.sendMore("broker-bin-v1");
                publisher.send(new byte[] {0x0e, 0});
                assertThat(subscriber.recvStr()).isEqualTo("t.x");
                assertThat(subscriber.recvStr()).isEqualTo("node-id");
                assertThat(subscriber.recvStr()).isEqualTo("broker-bin-v1");
                assertThat(subscriber.recv()).isEqualTo(new byte[] {0x0e, 0});
            }
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(String.join("\n", run.outLines()))
                    .contains("metrics: proxy messages=1 frames=4 bytes=" + (3 + 7 + 13 + 2) + " subscriptions=1");
        } finally {
            run.close();
        }
    }

    @Test
    void aPortInUseIsAnErrorWithExitStatus1() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun run = CliRun.run(
                    "",
                    "zeromq",
                    "proxy",
                    "--listen-xpub",
                    "tcp://127.0.0.1:" + taken.getLocalPort(),
                    "--listen-xsub",
                    "tcp://127.0.0.1:0",
                    "--duration",
                    "100ms");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err())
                    .startsWith("jbroker zeromq proxy: cannot bind")
                    .contains("Address already in use (errno 48)");
        }
    }

    @Test
    void incompleteCurveKeysAreAUsageError() {
        CliRun run = CliRun.run("", "zeromq", "proxy", "--curve-server-public", "x".repeat(40), "--duration", "100ms");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("CURVE needs");
    }
}
