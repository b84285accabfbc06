/** Broker's wire protocol and the endpoint: peering, pub/sub and status events on Netty. */
module io.jbroker.endpoint {
    requires transitive io.jbroker.core;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.tls;

    exports io.jbroker.endpoint;
    exports io.jbroker.spi;
    exports io.jbroker.internal.command to
            io.jbroker.store;
}
