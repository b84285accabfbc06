package io.jbroker.websocket.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * TLS for {@code wss://} clients: the JDK's default trust store (or a CA file) and a hostname check
 * (HTTPS rules: the name or IP address of the URL must be in the certificate's subject alternative
 * names), unless explicitly insecure (no checks at all, for self-signed test setups).
 */
public final class ClientTls {
    private final SslContext context;
    private final boolean verifyHostname;

    private ClientTls(SslContext context, boolean verifyHostname) {
        this.context = context;
        this.verifyHostname = verifyHostname;
    }

    /** Trust the JDK's CAs, or only those in {@code caFile} (PEM) if not null; or nothing if insecure. */
    public static ClientTls create(Path caFile, boolean insecure) throws IOException {
        SslContextBuilder b = SslContextBuilder.forClient();
        if (insecure) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (caFile != null) {
            b.trustManager(caFile.toFile());
        }
        try {
            return new ClientTls(b.build(), !insecure);
        } catch (SSLException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot read CA file " + caFile + ": " + e.getMessage(), e);
        }
    }

    /** A handler for a connection to {@code host:port}. */
    public SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
        SslHandler h = context.newHandler(alloc, host, port);
        if (verifyHostname) {
            SSLEngine engine = h.engine();
            SSLParameters p = engine.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(p);
        }
        return h;
    }
}
