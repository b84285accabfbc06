package io.jbroker.endpoint;

import io.jbroker.internal.tls.CertificateMaterial;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an endpoint secures its peerings, in the three modes upstream Broker has. There is no
 * negotiation between modes: both ends of a peering must use the same one, and a mismatch fails the
 * connection on both sides with a "TLS" error event (see docs/tls.md).
 *
 * <ul>
 *   <li>{@link Mode#OFF}: plain TCP (Broker's {@code broker.disable-ssl = true}, Zeek's
 *       {@code --no-tls} style setups).
 *   <li>{@link Mode#ANONYMOUS}: Broker's default. TLS 1.2 with {@code
 *       TLS_ECDH_anon_WITH_AES_256_CBC_SHA} on secp384r1; encrypted but not authenticated.
 *   <li>{@link Mode#CERTIFICATE}: TLS 1.2 or 1.3; each side presents a certificate chain that the
 *       other verifies against its CA file or directory (client authentication required, no
 *       hostname check, as Broker).
 * </ul>
 *
 * <p>Immutable and thread-safe. {@link Builder#build()} loads and parses every file once, so a
 * missing or broken file is reported at configuration time; the files are read again when an
 * endpoint starts. {@link #toString()} never shows the passphrase.
 */
public final class TlsConfig {
    /** The three transport modes. */
    public enum Mode {
        OFF,
        ANONYMOUS,
        CERTIFICATE
    }

    private static final TlsConfig OFF = new TlsConfig(Mode.OFF, null, null, null, null, null);
    private static final TlsConfig ANONYMOUS = new TlsConfig(Mode.ANONYMOUS, null, null, null, null, null);

    private final Mode mode;
    private final Path certificateChain;
    private final Path privateKey;
    private final char[] passphrase;
    private final Path caFile;
    private final Path caDirectory;

    private TlsConfig(
            Mode mode, Path certificateChain, Path privateKey, char[] passphrase, Path caFile, Path caDirectory) {
        this.mode = mode;
        this.certificateChain = certificateChain;
        this.privateKey = privateKey;
        this.passphrase = passphrase;
        this.caFile = caFile;
        this.caDirectory = caDirectory;
    }

    /** Plain TCP. */
    public static TlsConfig off() {
        return OFF;
    }

    /** Broker's default: anonymous ECDH TLS 1.2, no certificates. */
    public static TlsConfig anonymous() {
        return ANONYMOUS;
    }

    /** Starts a certificate-mode configuration. */
    /**
     * Broker's rule for its {@code broker.disable-ssl} and {@code broker.ssl.*} options: TLS off
     * if disabled, certificate mode if any certificate option is given, anonymous otherwise.
     * Absent options are {@code null}.
     *
     * @throws IllegalArgumentException if certificate mode lacks a file or a file does not load
     */
    public static TlsConfig fromOptions(
            boolean disabled, Path certificate, Path key, String passphrase, Path caFile, Path caDirectory) {
        if (disabled) {
            return off();
        }
        if (certificate == null && key == null && passphrase == null && caFile == null && caDirectory == null) {
            return anonymous();
        }
        Builder b = certificates();
        if (certificate != null) {
            b.certificateChain(certificate);
        }
        if (key != null) {
            b.privateKey(key);
        }
        if (passphrase != null) {
            b.passphrase(passphrase);
        }
        if (caFile != null) {
            b.caFile(caFile);
        }
        if (caDirectory != null) {
            b.caDirectory(caDirectory);
        }
        return b.build();
    }

    public static Builder certificates() {
        return new Builder();
    }

    public Mode mode() {
        return mode;
    }

    /** PEM file with this node's certificate first, then any intermediates (certificate mode). */
    public Optional<Path> certificateChain() {
        return Optional.ofNullable(certificateChain);
    }

    /** PEM file with this node's private key (certificate mode). */
    public Optional<Path> privateKey() {
        return Optional.ofNullable(privateKey);
    }

    /** A copy of the private key's passphrase, if the key is encrypted. */
    public Optional<char[]> passphrase() {
        return passphrase == null ? Optional.empty() : Optional.of(passphrase.clone());
    }

    /** PEM file of trusted CA certificates (certificate mode; this or {@link #caDirectory()}). */
    public Optional<Path> caFile() {
        return Optional.ofNullable(caFile);
    }

    /** Directory whose PEM files are trusted CA certificates (certificate mode). */
    public Optional<Path> caDirectory() {
        return Optional.ofNullable(caDirectory);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TlsConfig)) {
            return false;
        }
        TlsConfig t = (TlsConfig) o;
        return mode == t.mode
                && Objects.equals(certificateChain, t.certificateChain)
                && Objects.equals(privateKey, t.privateKey)
                && Arrays.equals(passphrase, t.passphrase)
                && Objects.equals(caFile, t.caFile)
                && Objects.equals(caDirectory, t.caDirectory);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, certificateChain, privateKey, caFile, caDirectory);
    }

    @Override
    public String toString() {
        if (mode != Mode.CERTIFICATE) {
            return "TlsConfig[" + mode + "]";
        }
        return "TlsConfig[CERTIFICATE, certificateChain=" + certificateChain + ", privateKey=" + privateKey
                + (passphrase != null ? ", passphrase=***" : "")
                + (caFile != null ? ", caFile=" + caFile : "")
                + (caDirectory != null ? ", caDirectory=" + caDirectory : "") + "]";
    }

    /** Collects the files of certificate mode; not thread-safe. */
    public static final class Builder {
        private Path certificateChain;
        private Path privateKey;
        private char[] passphrase;
        private Path caFile;
        private Path caDirectory;

        private Builder() {}

        /** PEM certificate chain, own certificate first. Required. */
        public Builder certificateChain(Path file) {
            this.certificateChain = Objects.requireNonNull(file, "file");
            return this;
        }

        /** PEM private key: PKCS#8 (plain or encrypted), or unencrypted PKCS#1 RSA / SEC1 EC. Required. */
        public Builder privateKey(Path file) {
            this.privateKey = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Passphrase of an encrypted private key (copied). Default: none. */
        public Builder passphrase(char[] passphrase) {
            this.passphrase = Objects.requireNonNull(passphrase, "passphrase").clone();
            return this;
        }

        /** Passphrase of an encrypted private key. Default: none. */
        public Builder passphrase(String passphrase) {
            return passphrase(Objects.requireNonNull(passphrase, "passphrase").toCharArray());
        }

        /** PEM file of trusted CA certificates. One of this and {@link #caDirectory} is required. */
        public Builder caFile(Path file) {
            this.caFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Directory of PEM CA certificates (files that hold none are ignored). */
        public Builder caDirectory(Path directory) {
            this.caDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Checks that every file exists and parses, then builds.
         *
         * @throws InvalidSettingException naming the missing setting or the file that cannot be
         *     read or parsed
         */
        public TlsConfig build() {
            if (certificateChain == null) {
                throw new InvalidSettingException(
                        "certificateChain", "certificate mode needs a certificate chain file", List.of());
            }
            if (privateKey == null) {
                throw new InvalidSettingException("privateKey", "certificate mode needs a private key file", List.of());
            }
            if (caFile == null && caDirectory == null) {
                throw new InvalidSettingException(
                        "caFile", "certificate mode needs a CA file or a CA directory", List.of());
            }
            TlsConfig config = new TlsConfig(
                    Mode.CERTIFICATE,
                    certificateChain,
                    privateKey,
                    passphrase == null ? null : passphrase.clone(),
                    caFile,
                    caDirectory);
            CertificateMaterial.load(config);
            return config;
        }
    }
}
