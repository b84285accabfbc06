package io.jbroker.internal.tls;

import io.jbroker.endpoint.InvalidSettingException;
import io.jbroker.endpoint.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The certificates and key of certificate mode, loaded from the PEM files a {@link TlsConfig}
 * names. Every failure is an {@link InvalidSettingException} naming the {@link TlsConfig.Builder}
 * setting; its message names the file and never contains key material. Immutable once loaded.
 */
public final class CertificateMaterial {
    private static final String CHAIN = "certificateChain";
    private static final String KEY = "privateKey";
    private static final String CA_FILE = "caFile";
    private static final String CA_DIRECTORY = "caDirectory";

    private final X509Certificate[] chain;
    private final PrivateKey key;
    private final X509Certificate[] trusted;

    private CertificateMaterial(X509Certificate[] chain, PrivateKey key, X509Certificate[] trusted) {
        this.chain = chain;
        this.key = key;
        this.trusted = trusted;
    }

    /**
     * Reads and parses the files of a certificate-mode configuration.
     *
     * @throws IllegalArgumentException naming the file that is missing or does not parse
     */
    public static CertificateMaterial load(TlsConfig config) {
        if (config.mode() != TlsConfig.Mode.CERTIFICATE) {
            throw new IllegalArgumentException("not a certificate-mode configuration: " + config);
        }
        Path chainFile = config.certificateChain().orElseThrow();
        List<X509Certificate> chain = certificates(chainFile, CHAIN);
        if (chain.isEmpty()) {
            throw invalid(CHAIN, "no certificate in certificate chain file " + chainFile, null);
        }
        Path keyFile = config.privateKey().orElseThrow();
        char[] passphrase = config.passphrase().orElse(null);
        PrivateKey key;
        try {
            key = PemPrivateKeys.read(readable(keyFile, KEY), passphrase);
        } catch (InvalidSettingException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw invalid(KEY, "cannot load private key file " + keyFile + ": " + e.getMessage(), e);
        } finally {
            if (passphrase != null) {
                java.util.Arrays.fill(passphrase, '\0');
            }
        }
        if (!key.getAlgorithm().equals(chain.get(0).getPublicKey().getAlgorithm())) {
            throw invalid(
                    KEY,
                    "private key file " + keyFile + " holds a " + key.getAlgorithm()
                            + " key but the first certificate in " + chainFile + " is for "
                            + chain.get(0).getPublicKey().getAlgorithm(),
                    null);
        }
        List<X509Certificate> trusted = new ArrayList<>();
        config.caFile().ifPresent(f -> trusted.addAll(certificates(f, CA_FILE)));
        config.caDirectory().ifPresent(d -> trusted.addAll(directoryCertificates(d)));
        if (trusted.isEmpty()) {
            throw invalid(
                    config.caFile().isPresent() ? CA_FILE : CA_DIRECTORY,
                    "no CA certificate in "
                            + config.caFile().map(Path::toString).orElse("")
                            + config.caDirectory().map(d -> " " + d).orElse(""),
                    null);
        }
        return new CertificateMaterial(
                chain.toArray(new X509Certificate[0]), key, trusted.toArray(new X509Certificate[0]));
    }

    public X509Certificate[] chain() {
        return chain.clone();
    }

    public PrivateKey key() {
        return key;
    }

    public X509Certificate[] trusted() {
        return trusted.clone();
    }

    private static InvalidSettingException invalid(String setting, String reason, Throwable cause) {
        return new InvalidSettingException(setting, reason, List.of(), cause);
    }

    private static byte[] readable(Path file, String setting) {
        if (!Files.isRegularFile(file)) {
            throw invalid(setting, "no such file: " + file, null);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw invalid(setting, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(Path file, String setting) {
        byte[] bytes = readable(file, setting);
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c :
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw invalid(setting, "no PEM certificate in " + file, null);
            }
            return out;
        } catch (CertificateException e) {
            throw invalid(setting, "cannot parse certificates in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Like OpenSSL's capath: every regular file that holds certificates; other files are skipped. */
    private static List<X509Certificate> directoryCertificates(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw invalid(CA_DIRECTORY, "no such CA directory: " + dir, null);
        }
        List<X509Certificate> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    try {
                        out.addAll(certificates(f, CA_DIRECTORY));
                    } catch (IllegalArgumentException notACertificate) {
                        // not a certificate file; OpenSSL ignores these too
                    }
                }
            }
        } catch (IOException e) {
            throw invalid(CA_DIRECTORY, "cannot list CA directory " + dir + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw invalid(CA_DIRECTORY, "no CA certificate in directory " + dir, null);
        }
        return out;
    }
}
