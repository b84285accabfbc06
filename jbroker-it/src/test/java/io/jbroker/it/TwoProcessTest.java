package io.jbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jbroker node} and {@code jbroker pipe} in separate JVMs over 127.0.0.1: messages cross
 * process boundaries, a killed peer is reported and reconnected to, and a signal unpeers cleanly.
 * Plaintext ({@code --no-tls}) on both ends.
 */
class TwoProcessTest {
    /** Generous: JVMs start slowly when the machine is busy. Only an upper bound, never a timing check. */
    private static final Duration WAIT = Duration.ofSeconds(45);

    private final List<JbrokerProcess> processes = new ArrayList<>();

    @AfterEach
    void killEverything() {
        for (JbrokerProcess p : processes) {
            p.close();
        }
    }

    private JbrokerProcess start(String name, String... args) throws Exception {
        JbrokerProcess p = JbrokerProcess.start(name, args);
        processes.add(p);
        return p;
    }

    private static int listeningPort(JbrokerProcess node) throws InterruptedException {
        String first = node.out().await(l -> true, WAIT);
        assertThat(first).as("first line of %s", node.describe()).matches("listening on 127\\.0\\.0\\.1:\\d+");
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    }

    @Test
    void linesPipedIntoOneProcessArriveAtANodeInAnother() throws Exception {
        JbrokerProcess node = start("node", "node", "--listen", "127.0.0.1:0", "--topic", "/demo", "--no-tls");
        int port = listeningPort(node);
        JbrokerProcess pipe =
                start("pipe", "pipe", "publish", "--peer", "127.0.0.1:" + port, "--topic", "/demo/lines", "--no-tls");

        pipe.err().awaitStartingWith("status: peer_added ", WAIT);
        pipe.writeLine("hello");
        pipe.writeLine("grüße, 1 2 3");
        pipe.closeInput();

        assertThat(pipe.awaitExit(WAIT)).as(pipe.describe()).isZero();
        node.out().awaitStartingWith("status: peer_added ", WAIT);
        assertThat(node.out().awaitStartingWith("/demo/lines: ", WAIT)).isEqualTo("/demo/lines: hello");
        assertThat(node.out().awaitStartingWith("/demo/lines: ", WAIT)).isEqualTo("/demo/lines: grüße, 1 2 3");
    }

    @Test
    void killedNodeIsReportedLostAndTheRetryReconnectsToItsRestart() throws Exception {
        JbrokerProcess first = start("node-1", "node", "--listen", "127.0.0.1:0", "--topic", "/demo", "--no-tls");
        int port = listeningPort(first);
        JbrokerProcess pipe = start(
                "pipe",
                "pipe",
                "publish",
                "--peer",
                "127.0.0.1:" + port,
                "--topic",
                "/demo/x",
                "--retry",
                "200ms",
                "--no-tls");
        String added = pipe.err().awaitStartingWith("status: peer_added ", WAIT);
        assertThat(added).endsWith("(127.0.0.1:" + port + "): handshake successful");
        pipe.writeLine("before");
        first.out().await("/demo/x: before"::equals, WAIT);

        first.kill();

        String lost = pipe.err().awaitStartingWith("status: peer_lost ", WAIT);
        // A reason in parentheses may follow (a reset when the kernel closed the socket with RST).
        assertThat(lost).contains("(127.0.0.1:" + port + "): lost connection to remote peer");
        JbrokerProcess second =
                start("node-2", "node", "--listen", "127.0.0.1:" + port, "--topic", "/demo", "--no-tls");
        assertThat(listeningPort(second)).isEqualTo(port);
        pipe.err().awaitStartingWith("status: peer_added ", WAIT);
        pipe.writeLine("after");
        second.out().await("/demo/x: after"::equals, WAIT);

        pipe.closeInput();
        assertThat(pipe.awaitExit(WAIT)).as(pipe.describe()).isZero();
    }

    @Test
    void sigtermUnpeersWithByeBeforeExiting() throws Exception {
        JbrokerProcess server = start("server", "node", "--listen", "127.0.0.1:0", "--no-tls");
        int port = listeningPort(server);
        JbrokerProcess client = start("client", "node", "--peer", "127.0.0.1:" + port, "--retry", "0", "--no-tls");
        client.out().awaitStartingWith("status: peer_added ", WAIT);
        server.out().awaitStartingWith("status: peer_added ", WAIT);

        client.terminate();

        // peer_removed (not peer_lost) means the client ended the peering itself, with BYE.
        client.out().awaitStartingWith("status: peer_removed ", WAIT);
        assertThat(client.awaitExit(WAIT)).isEqualTo(128 + 15);
        server.out().awaitStartingWith("status: peer_lost ", WAIT);
    }
}
