package io.jbroker.internal.tls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CertificateStatusRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * Broker's anonymous TLS profile on BouncyCastle's low-level TLS engine: TLS 1.2 only, the single
 * cipher suite {@code TLS_ECDH_anon_WITH_AES_256_CBC_SHA} (0xc019) and the single group secp384r1,
 * as OpenSSL's {@code AECDH-AES256-SHA@SECLEVEL=0} with {@code P-384} in Broker. No certificates
 * and no verification. The JDK's and BCJSSE's {@code jdk.tls.disabledAlgorithms} do not apply to
 * this engine, so no JVM-wide security setting is touched.
 *
 * <p>Thread-safe: one instance per endpoint makes a fresh {@link TlsProtocol} per connection. The
 * crypto runs on the JDK's default JCA providers (AES and SHA-1 from SunJCE, ECDH from SunEC).
 */
public final class AnonymousTls {
    /** {@code TLS_ECDH_anon_WITH_AES_256_CBC_SHA}. */
    public static final int CIPHER_SUITE = CipherSuite.TLS_ECDH_anon_WITH_AES_256_CBC_SHA;
    /** secp384r1 (P-384). */
    public static final int GROUP = NamedGroup.secp384r1;

    private final TlsCrypto crypto = new JcaTlsCryptoProvider().create(new SecureRandom());

    /** A protocol engine for one connection and its peer callbacks, not started yet. */
    public Engine newEngine(boolean client, Runnable onHandshakeComplete) {
        return client ? new ClientEngine(onHandshakeComplete) : new ServerEngine(onHandshakeComplete);
    }

    /** One connection's non-blocking TLS state machine. */
    public abstract static class Engine {
        final TlsProtocol protocol;

        Engine(TlsProtocol protocol) {
            this.protocol = protocol;
        }

        /** Starts the handshake (the client queues its ClientHello as output). */
        abstract void start() throws IOException;

        TlsProtocol protocol() {
            return protocol;
        }
    }

    private final class ClientEngine extends Engine {
        private final AnonClient peer;

        ClientEngine(Runnable onDone) {
            super(new TlsClientProtocol());
            this.peer = new AnonClient(crypto, onDone);
        }

        @Override
        void start() throws IOException {
            ((TlsClientProtocol) protocol).connect(peer);
        }
    }

    private final class ServerEngine extends Engine {
        private final AnonServer peer;

        ServerEngine(Runnable onDone) {
            super(new TlsServerProtocol());
            this.peer = new AnonServer(crypto, onDone);
        }

        @Override
        void start() throws IOException {
            ((TlsServerProtocol) protocol).accept(peer);
        }
    }

    private static final class AnonClient extends DefaultTlsClient {
        private final Runnable onDone;

        AnonClient(TlsCrypto crypto, Runnable onDone) {
            super(crypto);
            this.onDone = onDone;
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {CIPHER_SUITE};
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.TLSv12.only();
        }

        @Override
        protected Vector<Integer> getSupportedGroups(@SuppressWarnings("rawtypes") Vector namedGroupRoles) {
            Vector<Integer> groups = new Vector<>();
            groups.add(GROUP);
            return groups;
        }

        @Override
        protected CertificateStatusRequest getCertificateStatusRequest() {
            return null; // no certificates, nothing to staple (Broker offers no status_request either)
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    // An anonymous suite has no server certificate; one arriving is a protocol error.
                    throw new TlsFatalAlert(AlertDescription.unexpected_message);
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest certificateRequest) {
                    return null;
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            onDone.run();
        }
    }

    private static final class AnonServer extends DefaultTlsServer {
        private final Runnable onDone;

        AnonServer(TlsCrypto crypto, Runnable onDone) {
            super(crypto);
            this.onDone = onDone;
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {CIPHER_SUITE};
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.TLSv12.only();
        }

        @Override
        public int[] getSupportedGroups() {
            return new int[] {GROUP};
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            onDone.run();
        }
    }
}
