package io.jbroker.cli;

import io.jbroker.data.StringValue;
import io.jbroker.endpoint.EndpointConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jbroker pipe publish}: publishes each line of standard input as a Broker string. Lines
 * are read only once the peering is up; at the end of the input the endpoint unpeers with BYE,
 * which goes out after every queued message, so nothing read is lost on a healthy connection.
 */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Peers with a Broker node, then publishes each line of standard input (without its newline, bytes"
                    + " unchanged) as a string on TOPIC. At the end of the input (or after --count lines) it"
                    + " unpeers cleanly: every line read has been written before the BYE.",
            "Status and error events are printed on standard error. Lines read while no peering is up are lost;"
                    + " without --retry, losing the peering ends the command with status 1.",
            "Peerings use Broker's anonymous TLS unless --no-tls or certificate options are given. To reach"
                    + " another pipe through a jbroker node, run the node with --forward and a --topic that covers the pipes'"
                    + " topic."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:the input was published",
            "1:bad configuration, the peering failed or was lost, or the input could not be read",
            "2:usage error",
            ExitStatus.SIGINT,
            ExitStatus.SIGTERM
        })
final class PipePublishCommand implements Callable<Integer> {
    private final Streams streams;

    @Mixin
    PeerOption peer;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to publish on.")
    String topic;

    @Mixin
    RetryOption retry;

    @Option(names = "--count", paramLabel = "N", description = "Stop after publishing N lines.")
    Long count;

    @Mixin
    EndpointOptions endpoint;

    PipePublishCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws InterruptedException {
        EndpointConfig config = endpoint.buildOrReport();
        if (config == null) {
            return 1;
        }
        LineOutput err = new LineOutput(streams.err());
        AtomicReference<IOException> readFailure = new AtomicReference<>();
        try (Lifetime lifetime = new Lifetime("jbroker-pipe-publish");
                PipeSession session = new PipeSession("pipe publish", config, err, lifetime, retry.interval())) {
            if (!session.peer(peer.hostPort())) {
                return lifetime.stopRequested() ? 0 : 1;
            }
            Thread reader = new Thread(() -> publishLines(session, lifetime, readFailure), "jbroker-pipe-stdin");
            reader.setDaemon(true);
            reader.start();
            lifetime.awaitStop(null);
            if (readFailure.get() != null) {
                err.line("jbroker pipe publish: cannot read standard input: " + readFailure.get());
                return 1;
            }
            return session.peeringGone() ? 1 : 0;
        }
    }

    private void publishLines(PipeSession session, Lifetime lifetime, AtomicReference<IOException> failure) {
        InputStream in = streams.in();
        LineReader lines = new LineReader(in);
        long published = 0;
        try {
            while ((count == null || published < count) && !lifetime.stopRequested() && lines.next()) {
                if (lines.isOverlong()) {
                    continue;
                }
                session.endpoint().publish(topic, StringValue.ofBytes(Arrays.copyOf(lines.bytes(), lines.length())));
                published++;
            }
        } catch (IOException e) {
            failure.set(e);
        } finally {
            lifetime.stop();
        }
    }
}
