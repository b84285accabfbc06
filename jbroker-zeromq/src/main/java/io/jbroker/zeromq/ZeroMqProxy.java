package io.jbroker.zeromq;

import io.jbroker.zeromq.internal.ProxyLoop;
import java.util.Optional;

/**
 * The central XPUB/XSUB proxy of a Zeek ZeroMQ cluster (what a Zeek manager runs in a thread), on
 * JeroMQ. Nodes connect their XSUB to {@link #xpubEndpoint()} and their XPUB to {@link
 * #xsubEndpoint()}; the proxy passes data messages from publishers to subscribers unchanged, every
 * subscription from subscribers to all publishers, and an unsubscription when no subscriber holds
 * the prefix any more (what Zeek's libzmq proxy does on the wire; see docs/zeromq-proxy.md).
 *
 * <p>Bounded: per-connection high-water marks, a frame size bound, a topic bound. A full subscriber
 * holds the relay back (as in Zeek) for at most the stall timeout; after that JeroMQ skips full
 * subscribers and the proxy counts the messages relayed so ({@link
 * ZeroMqProxyMetrics#messagesRelayedLossy()}).
 *
 * <p>Threading: one relay thread of its own plus JeroMQ's I/O threads; the methods may be called
 * from any thread. Errors: a bind failure is thrown by {@link #start}; malformed input from peers
 * is counted and never stops the relay.
 */
public final class ZeroMqProxy implements AutoCloseable {
    private final ProxyLoop loop;
    private final Thread thread;
    private boolean closed;

    private ZeroMqProxy(ProxyLoop loop) {
        this.loop = loop;
        this.thread = new Thread(loop, "jbroker-zmq-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Binds both sockets and starts relaying.
     *
     * @throws org.zeromq.ZMQException if an endpoint cannot be bound (e.g. in use)
     */
    public static ZeroMqProxy start(ZeroMqProxyConfig config) {
        return new ZeroMqProxy(new ProxyLoop(config));
    }

    /** With Zeek's defaults ({@link ZeroMqProxyConfig#defaults()}). */
    public static ZeroMqProxy start() {
        return start(ZeroMqProxyConfig.defaults());
    }

    /** The bound XPUB endpoint, e.g. {@code tcp://127.0.0.1:5555} (nodes' XSUB connect here). */
    public String xpubEndpoint() {
        return loop.xpubEndpoint();
    }

    /** The bound XSUB endpoint, e.g. {@code tcp://127.0.0.1:5556} (nodes' XPUB connect here). */
    public String xsubEndpoint() {
        return loop.xsubEndpoint();
    }

    /** The counters so far. */
    public ZeroMqProxyMetrics metrics() {
        return loop.counters().snapshot();
    }

    /** Why the relay stopped on its own (a socket failure), if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(loop.failure());
    }

    /** Stops relaying, closes both sockets (linger 0) and waits for the relay thread. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (thread.isAlive()) {
            loop.terminate();
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        loop.closeContext();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
