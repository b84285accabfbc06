package io.jbroker.cli;

import io.jbroker.DataMessage;
import io.jbroker.data.TextFormat;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jbroker pipe subscribe}: prints the value of every message a peer publishes on the
 * topics, one line each in Broker's text form.
 */
@Command(
        name = "subscribe",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Subscribes to TOPIC (a prefix; repeatable), peers with a Broker node and prints the value of each"
                    + " message received, one line each in Broker's text form (strings unquoted, bytes unchanged).",
            "Runs until --count messages were printed, SIGINT/SIGTERM, or the peering ends without --retry"
                    + " (the end of the stream). Status and error events are printed on standard error.",
            "Peerings use Broker's anonymous TLS unless --no-tls or certificate options are given. To reach"
                    + " another pipe through a jbroker node, run the node with --forward and a --topic that covers the pipes'"
                    + " topic."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:--count reached, or the peer went away",
            "1:bad configuration, or the peering failed",
            "2:usage error",
            ExitStatus.SIGINT,
            ExitStatus.SIGTERM
        })
final class PipeSubscribeCommand implements Callable<Integer> {
    private final Streams streams;

    @Mixin
    PeerOption peer;

    @Option(
            names = "--topic",
            required = true,
            paramLabel = "TOPIC",
            description = "Topic prefix to subscribe to; repeatable.")
    List<String> topics = new ArrayList<>();

    @Mixin
    RetryOption retry;

    @Option(names = "--count", paramLabel = "N", description = "Stop after printing N messages.")
    Long count;

    @Mixin
    EndpointOptions endpoint;

    PipeSubscribeCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws InterruptedException {
        EndpointConfig config = endpoint.buildOrReport();
        if (config == null) {
            return 1;
        }
        LineOutput out = new LineOutput(streams.out());
        LineOutput err = new LineOutput(streams.err());
        try (Lifetime lifetime = new Lifetime("jbroker-pipe-subscribe");
                PipeSession session = new PipeSession("pipe subscribe", config, err, lifetime, retry.interval());
                Subscriber data = session.endpoint().subscribe(topics)) {
            if (!session.peer(peer.hostPort())) {
                return lifetime.stopRequested() ? 0 : 1;
            }
            long printed = 0;
            while (count == null || printed < count) {
                DataMessage m = data.get(Duration.ofMillis(100));
                if (m != null) {
                    out.line(TextFormat.toBytes(m.data()));
                    printed++;
                } else if (lifetime.stopRequested()) {
                    break;
                }
            }
            return 0;
        }
    }
}
