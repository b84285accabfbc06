package io.jbroker.cli;

import io.jbroker.prometheus.JbrokerCollectors;
import io.jbroker.prometheus.MetricsServer;
import io.jbroker.zeromq.CurveServerKeys;
import io.jbroker.zeromq.ZeroMqProxy;
import io.jbroker.zeromq.ZeroMqProxyConfig;
import io.jbroker.zeromq.ZeroMqProxyMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jbroker zeromq proxy}: hosts the central XPUB/XSUB proxy of a Zeek ZeroMQ cluster (what a
 * Zeek manager runs in a thread) until a signal or {@code --duration}.
 */
@Command(
        name = "proxy",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Runs the central XPUB/XSUB proxy of a Zeek ZeroMQ cluster until SIGINT/SIGTERM or --duration."
                    + " Zeek nodes connect their XSUB to the XPUB endpoint and their XPUB to the XSUB endpoint.",
            "Output: 'proxy xpub=URL xsub=URL' first (the bound endpoints, also for port 0), then"
                    + " 'metrics: proxy ...' lines with --metrics-interval.",
            "CURVE (Zeek 8.2+): give the server key pair and the client public key, or set Zeek's environment"
                    + " variables ZEEK_CLUSTER_BACKEND_ZEROMQ_CURVE_SERVER_PUBLICKEY, ..._SERVER_SECRETKEY and"
                    + " ..._CLIENT_PUBLICKEY."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped by signal or --duration", "1:cannot bind or bad configuration", "2:usage error"})
final class ZeroMqProxyCommand implements Callable<Integer> {
    static final String ENV_PREFIX = "ZEEK_CLUSTER_BACKEND_ZEROMQ_CURVE_";

    private final Streams streams;
    Map<String, String> env = System.getenv();

    @Spec
    CommandSpec spec;

    @Option(
            names = "--listen-xpub",
            paramLabel = "URL",
            defaultValue = ZeroMqProxyConfig.DEFAULT_XPUB,
            description = "Bind the XPUB here (nodes' XSUB connect to it; zeekctl uses port 27760)."
                    + " Default: ${DEFAULT-VALUE}.")
    String listenXpub;

    @Option(
            names = "--listen-xsub",
            paramLabel = "URL",
            defaultValue = ZeroMqProxyConfig.DEFAULT_XSUB,
            description = "Bind the XSUB here (nodes' XPUB connect to it; zeekctl uses port 27761)."
                    + " Default: ${DEFAULT-VALUE}.")
    String listenXsub;

    @Option(
            names = "--high-water-mark",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Messages queued per connection before the proxy waits (0: no limit)."
                    + " Default: ${DEFAULT-VALUE} (libzmq's, which Zeek's proxy keeps).")
    int highWaterMark;

    @Option(
            names = "--stall-timeout",
            paramLabel = "DURATION",
            defaultValue = "500ms",
            converter = DurationConverter.class,
            description = "How long a full subscriber may hold the others back before the proxy skips full"
                    + " subscribers (counted as 'lossy'); 0 waits forever, as Zeek's proxy. Keep it below the"
                    + " nodes' stall timeout (1s by default), or their publishers' buffer policy fires first."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration stallTimeout;

    @Option(
            names = "--max-frame-bytes",
            paramLabel = "BYTES",
            defaultValue = "67108864",
            description = "Disconnect a peer that sends a larger frame. Default: ${DEFAULT-VALUE}.")
    long maxFrameBytes;

    @Option(names = "--curve-server-public", paramLabel = "Z85", description = "CURVE server public key.")
    String curveServerPublic;

    @Option(names = "--curve-server-secret", paramLabel = "Z85", description = "CURVE server secret key.")
    String curveServerSecret;

    @Option(
            names = "--curve-client-public",
            paramLabel = "Z85",
            description = "The one CURVE client public key accepted.")
    String curveClientPublic;

    @Mixin
    StopOption stop;

    @Option(
            names = "--metrics-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Print a 'metrics: proxy' line this often, and once more when stopping.")
    Duration metricsInterval;

    @picocli.CommandLine.Mixin
    MetricsOption metrics;

    ZeroMqProxyCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    @SuppressWarnings("try") // the metrics server is only closed, never referenced
    public Integer call() throws InterruptedException, IOException {
        LineOutput out = new LineOutput(streams.out());
        LineOutput err = new LineOutput(streams.err());
        ZeroMqProxyConfig config;
        try {
            config = ZeroMqProxyConfig.defaults()
                    .withListenXpub(listenXpub)
                    .withListenXsub(listenXsub)
                    .withHighWaterMarks(highWaterMark, highWaterMark)
                    .withStallTimeout(stallTimeout)
                    .withMaxFrameBytes(maxFrameBytes);
            CurveServerKeys curve = curveKeys();
            if (curve != null) {
                config = config.withCurve(curve);
            }
        } catch (IllegalArgumentException e) {
            err.line("jbroker zeromq proxy: " + e.getMessage());
            return 1;
        }
        ZeroMqProxy proxy;
        try {
            proxy = ZeroMqProxy.start(config);
        } catch (ZMQException | IllegalArgumentException e) {
            err.line("jbroker zeromq proxy: cannot bind " + listenXpub + " / " + listenXsub + ": " + reason(e));
            return 1;
        }
        try (Lifetime lifetime = new Lifetime("jbroker-zeromq-proxy");
                DeliveryThread delivery = new DeliveryThread("jbroker-zeromq-proxy-output");
                ZeroMqProxy p = proxy) {
            out.line("proxy xpub=" + p.xpubEndpoint() + " xsub=" + p.xsubEndpoint());
            try (MetricsServer served = metrics.start(out, r -> JbrokerCollectors.registerZeroMqProxy(p, r))) {
                return serve(p, lifetime, delivery, out, err);
            }
        }
    }

    private int serve(ZeroMqProxy p, Lifetime lifetime, DeliveryThread delivery, LineOutput out, LineOutput err)
            throws InterruptedException {
        // The last line is the one printed when stopping: a periodic one may not follow it.
        boolean[] stopped = new boolean[1];
        if (metricsInterval != null && !metricsInterval.isZero()) {
            delivery.every(metricsInterval, () -> {
                synchronized (stopped) {
                    if (!stopped[0]) {
                        out.line(metricsLine(p.metrics()));
                    }
                }
            });
        }
        lifetime.awaitStop(stop.limit());
        synchronized (stopped) {
            stopped[0] = true;
            if (metricsInterval != null) {
                out.line(metricsLine(p.metrics()));
            }
        }
        if (p.failure().isPresent()) {
            err.line("jbroker zeromq proxy: relay failed: " + p.failure().get());
            return 1;
        }
        return 0;
    }

    /** JeroMQ's exceptions carry only "Errno N": name the error. */
    private static String reason(RuntimeException e) {
        if (e instanceof ZMQException) {
            int code = ((ZMQException) e).getErrorCode();
            try {
                return ZMQ.Error.findByCode(code).getMessage() + " (errno " + code + ")";
            } catch (IllegalArgumentException unknown) {
                return e.getMessage();
            }
        }
        return e.getMessage();
    }

    /** The CURVE keys from the options, else from Zeek's environment variables, else null. */
    private CurveServerKeys curveKeys() {
        boolean anyOption = curveServerPublic != null || curveServerSecret != null || curveClientPublic != null;
        String serverPublic = anyOption ? curveServerPublic : env.get(ENV_PREFIX + "SERVER_PUBLICKEY");
        String serverSecret = anyOption ? curveServerSecret : env.get(ENV_PREFIX + "SERVER_SECRETKEY");
        String clientPublic = anyOption ? curveClientPublic : env.get(ENV_PREFIX + "CLIENT_PUBLICKEY");
        if (serverPublic == null && serverSecret == null && clientPublic == null) {
            return null;
        }
        if (serverPublic == null || serverSecret == null || clientPublic == null) {
            throw new ParameterException(
                    spec.commandLine(), "CURVE needs the server public and secret keys and the client public key");
        }
        return new CurveServerKeys(serverPublic, serverSecret, clientPublic);
    }

    static String metricsLine(ZeroMqProxyMetrics m) {
        return String.format(
                Locale.ROOT,
                "metrics: proxy messages=%d frames=%d bytes=%d subscriptions=%d unsubscriptions=%d topics=%d"
                        + " rejected_subscriptions=%d invalid=%d stalls=%d lossy=%d curve_accepted=%d"
                        + " curve_denied=%d running=%b",
                m.messagesRelayed(),
                m.framesRelayed(),
                m.bytesRelayed(),
                m.subscriptionsForwarded(),
                m.unsubscriptionsForwarded(),
                m.topics(),
                m.subscriptionsRejected(),
                m.invalidSubscriberMessages(),
                m.stalls(),
                m.messagesRelayedLossy(),
                m.curveAccepted(),
                m.curveDenied(),
                m.running());
    }
}
