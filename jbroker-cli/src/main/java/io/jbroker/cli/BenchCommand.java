package io.jbroker.cli;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;
import io.jbroker.Topic;
import io.jbroker.endpoint.Endpoint;
import io.jbroker.endpoint.PeerInfo;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/**
 * {@code jbroker bench}: the counterpart of upstream Broker's {@code broker-throughput}, with the
 * same three event shapes, topic and event names, plus a round-trip latency probe.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Throughput and latency between two Broker nodes, like upstream's broker-throughput: a server"
                    + " counts what a client publishes on /benchmark/events; either side can be upstream's.",
            "Both print a 'rate:' line per second and, last, one line 'summary: received|sent=N rate=R"
                    + " mb_per_s=M cpu_s=C peak_rss_mb=P dropped=D' (R: the median per-second rate without the"
                    + " first and last second of traffic)."
        },
        subcommands = {BenchServerCommand.class, BenchClientCommand.class, BenchLatencyCommand.class})
final class BenchCommand {
    /** Where the latency probe publishes its pings; the bench server answers each on {@link #PONG_TOPIC}. */
    static final String PING_TOPIC = "/benchmark/ping";

    static final String PONG_TOPIC = "/benchmark/pong";

    /**
     * Waits up to 10 s until a peer's filter covers {@code topic} (a server may subscribe after the
     * peering is up).
     *
     * @throws BrokerException ({@link ErrorCode#PEER_TIMEOUT}) naming {@code what} if none does
     */
    static void awaitSubscription(Endpoint ep, String topic, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Topic t = Topic.of(topic);
        while (System.nanoTime() < deadline) {
            for (PeerInfo p : ep.metrics().peers()) { // Broker peers and transport links
                if (p.topics().stream().anyMatch(t::startsWith)) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new BrokerException(ErrorCode.PEER_TIMEOUT, what + ": it did not subscribe to " + topic + " within 10 s");
    }
}
