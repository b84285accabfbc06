package io.jbroker.internal.tls;

import io.jbroker.BrokerException;
import io.jbroker.ErrorCode;
import io.jbroker.endpoint.TlsConfig;
import io.jbroker.internal.peer.TcpRole;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/**
 * An endpoint's TLS setup, made once from its {@link TlsConfig}: hands out the TLS handler for each
 * new connection, TLS client on the connecting side and TLS server on the accepting side
 * (independent of the Broker originator). Thread-safe.
 *
 * <p>Certificate mode runs on the JDK's TLS (TLS 1.3 and 1.2, client certificate required, trust
 * only in the configured CAs, no hostname check, as Broker). Anonymous mode runs {@link
 * AnonymousTls} through {@link AnonTlsHandler}.
 */
public final class TransportSecurity {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final TlsConfig.Mode mode;
    private final AnonymousTls anonymous;
    private final SslContext server;
    private final SslContext client;

    private TransportSecurity(TlsConfig.Mode mode, AnonymousTls anonymous, SslContext server, SslContext client) {
        this.mode = mode;
        this.anonymous = anonymous;
        this.server = server;
        this.client = client;
    }

    /**
     * Prepares the TLS setup of {@code config}.
     *
     * @throws BrokerException ({@link ErrorCode#CANNOT_OPEN_FILE}) if a certificate-mode file can no
     *     longer be loaded
     */
    public static TransportSecurity of(TlsConfig config) {
        switch (config.mode()) {
            case OFF:
                return new TransportSecurity(TlsConfig.Mode.OFF, null, null, null);
            case ANONYMOUS:
                return new TransportSecurity(TlsConfig.Mode.ANONYMOUS, new AnonymousTls(), null, null);
            default:
                CertificateMaterial m;
                try {
                    m = CertificateMaterial.load(config);
                } catch (IllegalArgumentException e) {
                    throw new BrokerException(ErrorCode.CANNOT_OPEN_FILE, e.getMessage(), e);
                }
                try {
                    SslContext server = SslContextBuilder.forServer(m.key(), m.chain())
                            .sslProvider(SslProvider.JDK)
                            .protocols(PROTOCOLS)
                            .trustManager(m.trusted())
                            .clientAuth(ClientAuth.REQUIRE)
                            .build();
                    SslContext client = SslContextBuilder.forClient()
                            .sslProvider(SslProvider.JDK)
                            .protocols(PROTOCOLS)
                            .keyManager(m.key(), m.chain())
                            .trustManager(m.trusted())
                            .build();
                    return new TransportSecurity(TlsConfig.Mode.CERTIFICATE, null, server, client);
                } catch (SSLException e) {
                    throw new BrokerException(
                            ErrorCode.CANNOT_OPEN_FILE, "cannot set up TLS from " + config + ": " + e.getMessage(), e);
                }
        }
    }

    public TlsConfig.Mode mode() {
        return mode;
    }

    /** The TLS handler for a new connection, or null when TLS is off. */
    public ChannelHandler newHandler(Channel ch, TcpRole role) {
        boolean isClient = role == TcpRole.CONNECTOR;
        switch (mode) {
            case OFF:
                return null;
            case ANONYMOUS:
                return new AnonTlsHandler(anonymous, isClient);
            default:
                SslHandler h = (isClient ? client : server).newHandler(ch.alloc());
                h.setHandshakeTimeoutMillis(0); // TlsGate owns the timeout
                return h;
        }
    }
}
