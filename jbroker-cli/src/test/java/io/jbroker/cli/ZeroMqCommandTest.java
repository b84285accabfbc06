package io.jbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbroker.DataMessage;
import io.jbroker.data.CountValue;
import io.jbroker.data.StringValue;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.Subscriber;
import io.jbroker.testing.Poll;
import io.jbroker.zeromq.JeroMqProxy;
import io.jbroker.zeromq.ZeroMqProxy;
import io.jbroker.zeromq.ZeroMqProxyConfig;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code jbroker zeromq node}, {@code jbroker bridge} and {@code jbroker node --format json}. */
class ZeroMqCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String[] node(JeroMqProxy p, String... more) {
        String[] base = {"zeromq", "node", "--connect-xsub", p.xpub(), "--connect-xpub", p.xsub()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static String[] node(ZeroMqProxy p, String... more) {
        String[] base = {"zeromq", "node", "--connect-xsub", p.xpubEndpoint(), "--connect-xpub", p.xsubEndpoint()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void nodePrintsWhatAnotherNodePublishesFromStandardInput() throws Exception {
        try (JeroMqProxy proxy = new JeroMqProxy();
                BackgroundRun json = BackgroundRun.start(
                        node(proxy, "--name", "rx", "--topic", "zeek.cli", "--format", "json", "--duration", "6s"));
                BackgroundRun text =
                        BackgroundRun.start(node(proxy, "--name", "rx2", "--topic", "zeek.cli", "--duration", "6s"))) {
            assertThat(json.awaitLine(l -> l.startsWith("ready zeromq_rx_"), WAIT))
                    .isPresent();
            assertThat(text.awaitLine(l -> l.startsWith("ready zeromq_rx2_"), WAIT))
                    .isPresent();

            CliRun pub = CliRun.run(
                    "{\"@data-type\":\"count\",\"data\":42}\n{\"@data-type\":\"string\",\"data\":\"hi\"}\n",
                    node(proxy, "--name", "tx", "--publish", "zeek.cli.x"));

            assertThat(pub.err()).doesNotContain("error:").contains("status: peer_added ");
            assertThat(pub.exitCode()).isZero();
            String ready = pub.outText().lines().findFirst().orElse("");
            assertThat(ready).matches("ready zeromq_tx_[^_]+_\\d+_N[0-9A-Za-z]{17}");
            String txId = ready.substring("ready ".length());
            assertThat(json.awaitLine(l -> l.contains("\"hi\""), WAIT)).isPresent();
            assertThat(json.outLines())
                    .contains(
                            "{\"topic\":\"zeek.cli.x\",\"sender\":\"" + txId
                                    + "\",\"data\":{\"@data-type\":\"count\",\"data\":42}}",
                            "{\"topic\":\"zeek.cli.x\",\"sender\":\"" + txId
                                    + "\",\"data\":{\"@data-type\":\"string\",\"data\":\"hi\"}}");
            assertThat(text.awaitLine(l -> l.equals("zeek.cli.x: hi"), WAIT)).isPresent();
            assertThat(text.outLines()).contains("zeek.cli.x: 42");
            assertThat(json.awaitExit(WAIT)).isZero();
            assertThat(text.awaitExit(WAIT)).isZero();
        }
    }

    @Test
    void twoMembersSeeEachOtherUpAndTheStoppedOneDown() throws Exception {
        // jbroker's proxy: it passes a node's unsubscriptions on when its connection goes.
        try (ZeroMqProxy ours = ZeroMqProxy.start(ZeroMqProxyConfig.defaults()
                        .withListenXpub("tcp://127.0.0.1:*")
                        .withListenXsub("tcp://127.0.0.1:*"));
                BackgroundRun worker =
                        BackgroundRun.start(node(ours, "--name", "w1", "--member", "worker", "--duration", "20s"))) {
            String workerReady =
                    worker.awaitLine(l -> l.startsWith("ready "), WAIT).orElseThrow();
            String workerId = workerReady.substring("ready ".length());
            try (BackgroundRun manager =
                    BackgroundRun.start(node(ours, "--name", "m", "--member", "manager", "--duration", "3s"))) {
                String managerId = manager.awaitLine(l -> l.startsWith("ready "), WAIT)
                        .orElseThrow()
                        .substring("ready ".length());
                assertThat(manager.awaitExit(WAIT)).isZero();
                assertThat(manager.err()).contains("status: node_up w1 " + workerId);
                assertThat(manager.outLines()).as("hellos are no event lines").containsExactly("ready " + managerId);
                Poll.until("worker sees the manager up", WAIT, () -> worker.err()
                        .contains("status: node_up m " + managerId));
                // The manager's node-id topic goes with its connection.
                Poll.until("worker sees the manager down", WAIT, () -> worker.err()
                        .contains("status: node_down m " + managerId));
            }
        }
    }

    @Test
    void unknownMemberTypeIsAUsageError() {
        CliRun run = CliRun.run("", "zeromq", "node", "--member", "boss");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--member must be manager, logger, proxy or worker, got boss");
    }

    @Test
    void badInputLineIsReportedAndTheRestPublished() throws Exception {
        try (JeroMqProxy proxy = new JeroMqProxy();
                BackgroundRun rx =
                        BackgroundRun.start(node(proxy, "--name", "rx", "--topic", "zeek.bad", "--duration", "5s"))) {
            assertThat(rx.awaitLine(l -> l.startsWith("ready "), WAIT)).isPresent();
            CliRun pub = CliRun.run(
                    "not json\n{\"@data-type\":\"count\",\"data\":7}\n",
                    node(proxy, "--name", "tx", "--publish", "zeek.bad.x"));
            assertThat(pub.exitCode()).isEqualTo(1);
            assertThat(pub.err()).contains("line 1 is not a JSON v1 value");
            assertThat(rx.awaitLine(l -> l.equals("zeek.bad.x: 7"), WAIT)).isPresent();
            rx.awaitExit(WAIT);
        }
    }

    @Test
    void nodeWithoutAProxyIsNotReady() {
        CliRun run = CliRun.run(
                "",
                "zeromq",
                "node",
                "--connect-xsub",
                "tcp://127.0.0.1:1",
                "--connect-xpub",
                "tcp://127.0.0.1:1",
                "--ready-timeout",
                "300ms");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("not ready to publish within");
    }

    @Test
    void bridgeRelaysBetweenABrokerPeerAndZeroMqNodes() throws Exception {
        try (JeroMqProxy proxy = new JeroMqProxy();
                BackgroundRun bridge = BackgroundRun.start(
                        "bridge",
                        "--listen",
                        "127.0.0.1:0",
                        "--no-tls",
                        "--connect-xsub",
                        proxy.xpub(),
                        "--connect-xpub",
                        proxy.xsub(),
                        "--topic",
                        "zeek.br",
                        "--duration",
                        "8s");
                BackgroundRun rx =
                        BackgroundRun.start(node(proxy, "--name", "rx", "--topic", "zeek.br.z", "--duration", "8s"));
                Endpoint broker = PlainEndpoints.listening()) {
            int port = bridge.listeningPort();
            assertThat(bridge.awaitLine(l -> l.startsWith("ready zeromq_bridge_"), WAIT))
                    .isPresent();
            assertThat(rx.awaitLine(l -> l.startsWith("ready "), WAIT)).isPresent();
            Subscriber atBroker = broker.subscribe("zeek.br.b");
            broker.peerBlocking("127.0.0.1", port, Duration.ZERO, WAIT);
            assertThat(PlainEndpoints.await(
                            () -> broker.peers().size() == 1
                                    && broker.peers().get(0).topics().stream()
                                            .anyMatch(t -> t.toString().equals("zeek.br")),
                            WAIT))
                    .isTrue();

            // ZeroMQ -> Broker: a node publishing from standard input.
            CliRun pub = CliRun.run(
                    "{\"@data-type\":\"string\",\"data\":\"to broker\"}\n",
                    node(proxy, "--name", "tx", "--publish", "zeek.br.b.1"));
            assertThat(pub.exitCode()).isZero();
            DataMessage m = atBroker.get(WAIT);
            assertThat(m).isNotNull();
            assertThat(m.data()).isEqualTo(StringValue.of("to broker"));

            // Broker -> ZeroMQ: printed by the other node (it may take the bridge a moment to learn rx's
            // subscription, so publish until it shows).
            Optional<String> got = Optional.empty();
            for (int i = 0; i < 100 && got.isEmpty(); i++) {
                broker.publish("zeek.br.z.1", CountValue.of(i));
                got = rx.awaitLine(l -> l.startsWith("zeek.br.z.1: "), Duration.ofMillis(100));
            }
            assertThat(got).isPresent();
            bridge.awaitExit(WAIT);
            rx.awaitExit(WAIT);
        }
    }

    @Test
    void benchThroughAProxyIsLossless() throws Exception {
        try (JeroMqProxy proxy = new JeroMqProxy();
                BackgroundRun server = BackgroundRun.start(
                        "bench",
                        "server",
                        "--zeromq",
                        "--connect-xsub",
                        proxy.xpub(),
                        "--connect-xpub",
                        proxy.xsub(),
                        "--duration",
                        "30s")) {
            assertThat(server.awaitLine(l -> l.startsWith("ready zeromq_bench-server_"), WAIT))
                    .isPresent();
            CliRun latency = CliRun.run(
                    "",
                    "bench",
                    "latency",
                    "--zeromq",
                    "--connect-xsub",
                    proxy.xpub(),
                    "--connect-xpub",
                    proxy.xsub(),
                    "--count",
                    "200",
                    "--warmup",
                    "50");
            assertThat(latency.exitCode()).as(latency.err()).isZero();
            assertThat(latency.outText()).contains("summary: round_trips=200 ");
            CliRun client = CliRun.run(
                    "",
                    "bench",
                    "client",
                    "--zeromq",
                    "--connect-xsub",
                    proxy.xpub(),
                    "--connect-xpub",
                    proxy.xsub(),
                    "--type",
                    "2",
                    "--duration",
                    "1s",
                    "--stop-server");
            assertThat(client.exitCode()).as(client.err()).isZero();
            String sent = client.outText()
                    .lines()
                    .filter(l -> l.startsWith("summary: sent="))
                    .findFirst()
                    .orElseThrow();
            long n = Long.parseLong(sent.replaceAll("summary: sent=(\\d+) .*", "$1"));
            assertThat(n).isPositive();
            assertThat(sent).endsWith(" dropped=0");
            assertThat(server.awaitExit(WAIT)).isZero();
            assertThat(server.outLines()).as(sent).anyMatch(l -> l.startsWith("summary: received=" + n + " "));
        }
    }

    @Test
    void brokerNodePrintsJsonLines() throws Exception {
        try (BackgroundRun node = BackgroundRun.start(
                        "node",
                        "--listen",
                        "127.0.0.1:0",
                        "--no-tls",
                        "--topic",
                        "/j",
                        "--format",
                        "json",
                        "--duration",
                        "5s");
                Endpoint peer = PlainEndpoints.listening()) {
            int port = node.listeningPort();
            peer.peerBlocking("127.0.0.1", port, Duration.ZERO, WAIT);
            assertThat(PlainEndpoints.await(
                            () -> !peer.peers().isEmpty()
                                    && !peer.peers().get(0).topics().isEmpty(),
                            WAIT))
                    .isTrue();
            peer.publish("/j/x", CountValue.of(5));
            assertThat(node.awaitLine(
                            l -> l.equals(
                                    "{\"topic\":\"/j/x\",\"sender\":null,\"data\":{\"@data-type\":\"count\",\"data\":5}}"),
                            WAIT))
                    .isPresent();
            assertThat(node.awaitLine(l -> l.startsWith("{\"status\":\"peer_added "), WAIT))
                    .isPresent();
            node.awaitExit(WAIT);
        }
    }
}
