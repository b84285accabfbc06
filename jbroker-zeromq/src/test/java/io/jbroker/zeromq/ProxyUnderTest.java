package io.jbroker.zeromq;

import java.time.Duration;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/** A proxy a scenario runs against: libzmq's (Zeek's options), ours, or a naive JeroMQ one. */
interface ProxyUnderTest extends AutoCloseable {
    String xpub();

    String xsub();

    @Override
    void close();

    /** libzmq's zmq_proxy with XPUB_VERBOSER and XPUB_NODROP, as Zeek's manager runs it. */
    static ProxyUnderTest libzmq(String... args) {
        LibZmq.Proxy p = LibZmq.startProxy(args);
        return new ProxyUnderTest() {
            public String xpub() {
                return p.xpub();
            }

            public String xsub() {
                return p.xsub();
            }

            public void close() {
                p.close();
            }

            public String toString() {
                return "libzmq proxy " + String.join(" ", args);
            }
        };
    }

    /** Our {@link ZeroMqProxy} on ephemeral ports. */
    static ProxyUnderTest jbroker() {
        return jbroker(ZeroMqProxyConfig.defaults().withStallTimeout(Duration.ZERO));
    }

    static ProxyUnderTest jbroker(ZeroMqProxyConfig config) {
        ZeroMqProxy p =
                ZeroMqProxy.start(config.withListenXpub("tcp://127.0.0.1:*").withListenXsub("tcp://127.0.0.1:*"));
        return new ProxyUnderTest() {
            public String xpub() {
                return p.xpubEndpoint();
            }

            public String xsub() {
                return p.xsubEndpoint();
            }

            public void close() {
                p.close();
            }

            public String toString() {
                return "jbroker ZeroMqProxy";
            }
        };
    }

    /**
     * JeroMQ's own {@code ZMQ.proxy(xsub, xpub)} with {@code XPUB_VERBOSER}: what one gets by
     * translating Zeek's proxy to JeroMQ one to one.
     */
    static ProxyUnderTest naiveJeroMq() {
        ZMQ.Context ctx = ZMQ.context(1);
        ZMQ.Socket xpub = ctx.socket(SocketType.XPUB);
        ZMQ.Socket xsub = ctx.socket(SocketType.XSUB);
        xpub.setXpubVerboser(true);
        xpub.setXpubNoDrop(true);
        xpub.setLinger(0);
        xsub.setLinger(0);
        xpub.bind("tcp://127.0.0.1:*");
        xsub.bind("tcp://127.0.0.1:*");
        String pubEndpoint = xpub.getLastEndpoint();
        String subEndpoint = xsub.getLastEndpoint();
        Thread t = new Thread(
                () -> {
                    try {
                        ZMQ.proxy(xsub, xpub, null);
                    } catch (ZMQException e) {
                        // context terminated
                    } finally {
                        xpub.close();
                        xsub.close();
                    }
                },
                "naive-jeromq-proxy");
        t.setDaemon(true);
        t.start();
        return new ProxyUnderTest() {
            public String xpub() {
                return pubEndpoint;
            }

            public String xsub() {
                return subEndpoint;
            }

            public void close() {
                ctx.term();
            }

            public String toString() {
                return "naive JeroMQ ZMQ.proxy with XPUB_VERBOSER";
            }
        };
    }
}
