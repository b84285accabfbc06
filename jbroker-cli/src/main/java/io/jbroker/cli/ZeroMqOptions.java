package io.jbroker.cli;

import io.jbroker.zeromq.ZeroMqConfig;
import picocli.CommandLine.Option;

/** Where a ZeroMQ node connects: the proxy's XPUB (for its XSUB) and XSUB (for its XPUB). */
final class ZeroMqOptions {
    @Option(
            names = "--connect-xsub",
            paramLabel = "URL",
            defaultValue = ZeroMqConfig.DEFAULT_XSUB,
            description = "Connect the node's XSUB to the proxy's XPUB here (zeekctl: port 27760)."
                    + " Default: ${DEFAULT-VALUE}.")
    String connectXsub;

    @Option(
            names = "--connect-xpub",
            paramLabel = "URL",
            defaultValue = ZeroMqConfig.DEFAULT_XPUB,
            description = "Connect the node's XPUB to the proxy's XSUB here (zeekctl: port 27761)."
                    + " Default: ${DEFAULT-VALUE}.")
    String connectXpub;

    ZeroMqConfig config(String name) {
        return ZeroMqConfig.defaults().withEndpoints(connectXsub, connectXpub).withName(name);
    }
}
