package io.jbroker.zeromq;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * A central XPUB/XSUB proxy for tests, on JeroMQ ({@code ZMQ.proxy} in a thread), bound to free
 * ports on 127.0.0.1. Its XPUB is verbose, so every subscription reaches the publishers. Shared
 * with other modules' tests through this module's test-jar.
 */
public final class JeroMqProxy implements AutoCloseable {
    private final ZMQ.Context context = ZMQ.context(1);
    private final Thread thread;
    private final String xpubEndpoint;
    private final String xsubEndpoint;

    public JeroMqProxy() {
        ZMQ.Socket xpub = context.socket(SocketType.XPUB);
        ZMQ.Socket xsub = context.socket(SocketType.XSUB);
        xpub.setXpubVerbose(true);
        xpub.setXpubNoDrop(true); // as Zeek's proxy: wait for a slow subscriber instead of dropping
        xpub.setLinger(0);
        xsub.setLinger(0);
        xpub.bind("tcp://127.0.0.1:*");
        xsub.bind("tcp://127.0.0.1:*");
        xpubEndpoint = xpub.getLastEndpoint();
        xsubEndpoint = xsub.getLastEndpoint();
        thread = new Thread(
                () -> {
                    try {
                        ZMQ.proxy(xsub, xpub, null);
                    } catch (RuntimeException e) {
                        // Terminated.
                    } finally {
                        xpub.close();
                        xsub.close();
                    }
                },
                "test-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    /** Where nodes connect their XSUB. */
    public String xpub() {
        return xpubEndpoint;
    }

    /** Where nodes connect their XPUB. */
    public String xsub() {
        return xsubEndpoint;
    }

    public ZeroMqConfig nodeConfig(String name) {
        return ZeroMqConfig.defaults().withEndpoints(xpubEndpoint, xsubEndpoint).withName(name);
    }

    @Override
    public void close() {
        context.term();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
