package io.jbroker.websocket.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads. */
public final class DaemonThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger n = new AtomicInteger();

    public DaemonThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
