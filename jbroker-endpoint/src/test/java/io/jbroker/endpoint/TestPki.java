package io.jbroker.endpoint;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for tests: P-256 keys, PEM files written the way OpenSSL
 * writes them. Node certificates have a CN and no subject alternative names, so a hostname check
 * would fail. The BouncyCastle provider is passed per call, never installed JVM-wide.
 */
final class TestPki {
    static final String PASSPHRASE = "correct horse";
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    final Path dir;
    final Path caFile;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestPki(Path dir, KeyPair caKeys, X509Certificate ca) throws IOException {
        this.dir = dir;
        this.caKeys = caKeys;
        this.ca = ca;
        this.caFile = dir.resolve("ca.pem");
        writePem(caFile, ca);
    }

    /** A new CA with its certificate in {@code dir/ca.pem}. */
    static TestPki create(Path dir, String caName) throws Exception {
        Files.createDirectories(dir);
        KeyPair keys = newKeys();
        X500Name name = new X500Name("CN=" + caName);
        X509Certificate cert = sign(
                new JcaX509v3CertificateBuilder(name, serial(), from(), until(), name, keys.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
                keys.getPrivate());
        return new TestPki(dir, keys, cert);
    }

    /**
     * Node files: {@code <name>.crt} (chain: node, CA), {@code <name>.key} (PKCS#8), {@code
     * <name>.enc.key} (encrypted PKCS#8, PBES2) and {@code <name>.sec1.key} (traditional EC).
     */
    TlsConfig.Builder node(String name, boolean encryptedKey) throws Exception {
        KeyPair keys = newKeys();
        X509Certificate cert = sign(
                new JcaX509v3CertificateBuilder(
                                ca, serial(), from(), until(), new X500Name("CN=" + name), keys.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(
                                Extension.keyUsage,
                                true,
                                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                            KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                        })),
                caKeys.getPrivate());
        Path chain = dir.resolve(name + ".crt");
        writePem(chain, cert, ca);
        Path plainKey = dir.resolve(name + ".key");
        writePem(plainKey, new JcaPKCS8Generator(keys.getPrivate(), null));
        writePem(dir.resolve(name + ".sec1.key"), sec1(keys.getPrivate()));
        Path encKey = dir.resolve(name + ".enc.key");
        writePem(
                encKey,
                new JcaPKCS8Generator(
                        keys.getPrivate(),
                        new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                                .setPRF(PKCS8Generator.PRF_HMACSHA256)
                                .setProvider(BC)
                                .setPassword(PASSPHRASE.toCharArray())
                                .build()));
        TlsConfig.Builder b = TlsConfig.certificates().certificateChain(chain).caFile(caFile);
        return encryptedKey ? b.privateKey(encKey).passphrase(PASSPHRASE) : b.privateKey(plainKey);
    }

    /** OpenSSL's traditional {@code EC PRIVATE KEY}, with the curve inside as OpenSSL writes it. */
    private static org.bouncycastle.util.io.pem.PemObject sec1(PrivateKey key) throws IOException {
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo info =
                org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey inner =
                org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        org.bouncycastle.asn1.sec.ECPrivateKey withCurve = new org.bouncycastle.asn1.sec.ECPrivateKey(
                256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters());
        return new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", withCurve.getEncoded());
    }

    static void writePem(Path file, Object... objects) throws IOException {
        try (Writer w = Files.newBufferedWriter(file);
                JcaPEMWriter pem = new JcaPEMWriter(w)) {
            for (Object o : objects) {
                pem.writeObject(o);
            }
        }
    }

    private static KeyPair newKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, java.security.cert.CertificateException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date from() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date until() {
        return Date.from(Instant.now().plus(Duration.ofDays(1)));
    }
}
