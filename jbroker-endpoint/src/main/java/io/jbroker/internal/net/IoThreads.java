package io.jbroker.internal.net;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.ThreadFactory;

/**
 * The endpoint's I/O threads and how to recognise them: calls that wait for I/O (closing, a
 * blocking peering, a waiting publish or take) must not run on one, since the I/O they wait for
 * may need the very thread they block. Every transport that runs user callbacks on its own threads
 * should make them with {@link #factory}.
 */
public final class IoThreads {
    private IoThreads() {}

    /** Daemon threads named {@code prefix-<pool>-<n>}, recognised by {@link #isCurrent()}. */
    public static ThreadFactory factory(String prefix) {
        return new DefaultThreadFactory(prefix, true) {
            @Override
            protected Thread newThread(Runnable r, String name) {
                return new IoThread(threadGroup, r, name);
            }
        };
    }

    /** Whether the calling thread is an I/O thread of any endpoint in this JVM. */
    public static boolean isCurrent() {
        return Thread.currentThread() instanceof IoThread;
    }

    /**
     * Throws unless the caller may block.
     *
     * @throws IllegalStateException on an I/O thread, naming {@code call}
     */
    public static void requireNotCurrent(String call) {
        if (isCurrent()) {
            throw new IllegalStateException(call + " waits for I/O and must not be called on an I/O thread ("
                    + Thread.currentThread().getName() + "), e.g. from a handler run by a direct executor;"
                    + " call it from another thread or use its non-blocking form");
        }
    }

    private static final class IoThread extends FastThreadLocalThread {
        IoThread(ThreadGroup group, Runnable r, String name) {
            super(group, r, name);
        }
    }
}
