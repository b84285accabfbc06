package io.jbroker.cli;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/** A JeroMQ XPUB/XSUB proxy on free ports of 127.0.0.1 ({@code ZMQ.proxy} in a thread). */
final class TestProxy implements AutoCloseable {
    private final ZMQ.Context context = ZMQ.context(1);
    private final Thread thread;
    final String xpub;
    final String xsub;

    TestProxy() {
        ZMQ.Socket front = context.socket(SocketType.XSUB);
        ZMQ.Socket back = context.socket(SocketType.XPUB);
        back.setXpubVerbose(true);
        back.setXpubNoDrop(true); // as Zeek's proxy: wait for a slow subscriber instead of dropping
        back.setLinger(0);
        front.setLinger(0);
        back.bind("tcp://127.0.0.1:*");
        front.bind("tcp://127.0.0.1:*");
        xpub = back.getLastEndpoint();
        xsub = front.getLastEndpoint();
        thread = new Thread(
                () -> {
                    try {
                        ZMQ.proxy(front, back, null);
                    } catch (RuntimeException e) {
                        // terminated
                    } finally {
                        back.close();
                        front.close();
                    }
                },
                "cli-test-proxy");
        thread.setDaemon(true);
        thread.start();
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
