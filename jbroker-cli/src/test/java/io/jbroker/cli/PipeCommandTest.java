package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.data.Data;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipeCommandTest {
    @Test
    void publishWithoutTopicIsAUsageError() {
        CliRun run = CliRun.run("", "pipe", "publish", "--peer", "127.0.0.1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--topic=TOPIC'");
    }

    @Test
    void pipeWithoutDirectionIsAUsageError() {
        CliRun run = CliRun.run("", "pipe", "--peer", "127.0.0.1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--peer");
    }

    @Test
    void unreachablePeerWithoutRetryFailsWithPeerUnavailable() throws Exception {
        int port = PlainEndpoints.closedPort();

        CliRun run = CliRun.run(
                "never sent\n", "pipe", "publish", "--peer", "127.0.0.1:" + port, "--topic", "/t", "--no-tls");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains("error: peer_unavailable (127.0.0.1:" + port
                        + "): unable to connect to remote peer: connection refused")
                .contains("jbroker pipe publish: cannot peer with 127.0.0.1:" + port
                        + ": unable to connect to remote peer: connection refused");
    }

    @Test
    void publishSendsEveryStdinLineAsAStringBeforeUnpeering() throws Exception {
        try (Endpoint ep = PlainEndpoints.listening();
                Subscriber sub = ep.subscribe("/t")) {
            int port = ep.listen("127.0.0.1", 0);

            CliRun run = CliRun.run(
                    "one\ntwo\n\nlast without newline",
                    "pipe",
                    "publish",
                    "--peer",
                    "127.0.0.1:" + port,
                    "--topic",
                    "/t/x",
                    "--no-tls");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(receive(sub, 4))
                    .containsExactly(
                            DataMessage.of("/t/x", Data.string("one")),
                            DataMessage.of("/t/x", Data.string("two")),
                            DataMessage.of("/t/x", Data.string("")),
                            DataMessage.of("/t/x", Data.string("last without newline")));
            assertThat(run.err()).contains("status: peer_added " + ep.id() + " (127.0.0.1:" + port + ")");
        }
    }

    @Test
    void publishStopsAfterCountLines() throws Exception {
        try (Endpoint ep = PlainEndpoints.listening();
                Subscriber sub = ep.subscribe("/t")) {
            int port = ep.listen("127.0.0.1", 0);

            CliRun run = CliRun.run(
                    "a\nb\nc\n",
                    "pipe",
                    "publish",
                    "--peer",
                    "127.0.0.1:" + port,
                    "--topic",
                    "/t",
                    "--count",
                    "2",
                    "--no-tls");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(receive(sub, 2))
                    .containsExactly(DataMessage.of("/t", Data.string("a")), DataMessage.of("/t", Data.string("b")));
            assertThat(sub.get(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void subscribePrintsOneValueLinePerMessageUntilCount() throws Exception {
        try (Endpoint ep = PlainEndpoints.listening()) {
            int port = ep.listen("127.0.0.1", 0);
            CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.run(
                    "",
                    "pipe",
                    "subscribe",
                    "--peer",
                    "127.0.0.1:" + port,
                    "--topic",
                    "/t",
                    "--count",
                    "2",
                    "--no-tls"));
            assertThat(PlainEndpoints.await(() -> !ep.peers().isEmpty(), Duration.ofSeconds(20)))
                    .isTrue();

            ep.publish("/other", Data.string("not subscribed"));
            ep.publish("/t/a", Data.string("hello"));
            ep.publish("/t/b", Data.vector(Data.count(1), Data.string("x")));

            CliRun done = run.get(30, TimeUnit.SECONDS);
            assertThat(done.exitCode()).as(done.err()).isZero();
            assertThat(done.outText()).isEqualTo("hello\n(1, x)\n");
        }
    }

    /** The README's example: a node, a subscribing pipe and a publishing pipe, through the node. */
    @Test
    void twoPipesExchangeLinesThroughANodeThatForwards() throws Exception {
        try (BackgroundRun node = BackgroundRun.start(
                "node", "--listen", "127.0.0.1:0", "--topic", "/demo", "--forward", "--no-tls", "--duration", "60s")) {
            String peer = "127.0.0.1:" + node.listeningPort();
            CompletableFuture<CliRun> subscribe = CompletableFuture.supplyAsync(() -> CliRun.run(
                    "", "pipe", "subscribe", "--peer", peer, "--topic", "/demo", "--count", "1", "--no-tls"));
            assertThat(node.awaitLine(l -> l.startsWith("status: peer_added "), Duration.ofSeconds(30)))
                    .isPresent();

            CliRun publish =
                    CliRun.run("hello\n", "pipe", "publish", "--peer", peer, "--topic", "/demo/lines", "--no-tls");

            assertThat(publish.exitCode()).as(publish.err()).isZero();
            CliRun received = subscribe.get(30, TimeUnit.SECONDS);
            assertThat(received.exitCode()).as(received.err()).isZero();
            assertThat(received.outText()).isEqualTo("hello\n");
            assertThat(node.awaitLine(l -> l.equals("/demo/lines: hello"), Duration.ofSeconds(30)))
                    .isPresent();
            node.stop();
        }
    }

    @Test
    void ipv6PeersArePrintedWithBrackets() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ipv6LoopbackWorks(), "IPv6 loopback [::1] is not available here: skipping the IPv6 printing test");
        try (BackgroundRun node = BackgroundRun.start("node", "--listen", "[::1]:0", "--no-tls", "--duration", "60s")) {
            int port = node.listeningPort();
            assertThat(node.outLines().get(0)).isEqualTo("listening on [::1]:" + port);

            CliRun publish =
                    CliRun.run("hello\n", "pipe", "publish", "--peer", "[::1]:" + port, "--topic", "/t", "--no-tls");

            assertThat(publish.exitCode()).as(publish.err()).isZero();
            assertThat(publish.err()).contains("([::1]:" + port + "): "); // the peer it dialled
            assertThat(node.awaitLine(l -> l.startsWith("status: peer_added "), Duration.ofSeconds(30)))
                    .hasValueSatisfying(l -> assertThat(l).containsPattern("\\(\\[(::1|0:0:0:0:0:0:0:1)\\]:\\d+\\): "));
            node.stop();
        }
    }

    private static boolean ipv6LoopbackWorks() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("::1"))) {
            return s.getLocalPort() > 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void helpSaysThatPipesReachEachOtherOnlyThroughAForwardingNode() {
        assertThat(CliRun.run("", "node", "--help").outText().replaceAll("\\s+", " "))
                .contains("--forward")
                .contains("on the topics of --topic: needed for peers such as two pipes to reach each other through"
                        + " this node");
        for (String direction : List.of("publish", "subscribe")) {
            assertThat(CliRun.run("", "pipe", direction, "--help").outText().replaceAll("\\s+", " "))
                    .as("pipe %s --help", direction)
                    .contains("another pipe through a jbroker node, run the node with --forward and a --topic that"
                            + " covers the pipes' topic");
        }
    }

    private static List<DataMessage> receive(Subscriber sub, int n) throws InterruptedException {
        List<DataMessage> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (got.size() < n && System.nanoTime() < deadline) {
            DataMessage m = sub.get(Duration.ofMillis(100));
            if (m != null) {
                got.add(m);
            }
        }
        return got;
    }
}
