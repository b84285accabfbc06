package io.jbroker.cli;

import io.jbroker.endpoint.EndpointConfigFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The TLS options shared by the network commands. They override the {@code broker.ssl.*} and
 * {@code broker.disable-ssl} keys of a configuration file; {@link #resolve} merges both into {@link
 * TlsSettings}.
 */
final class TlsOptions {
    /** Environment variable holding the private key's passphrase. */
    static final String PASSPHRASE_ENV = "JBROKER_TLS_PASSPHRASE";

    @Option(
            names = "--no-tls",
            description = "Peer over plain TCP instead of TLS (like broker.disable-ssl = true). Both ends must"
                    + " agree: Broker does not negotiate.")
    boolean noTls;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            description = "PEM certificate (chain) of this node, with --tls-key; switches to authenticated TLS,"
                    + " where peers' certificates are checked against --tls-ca-file or --tls-ca-dir.")
    Path certificate;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert.")
    Path key;

    @Option(
            names = "--tls-passphrase-file",
            paramLabel = "FILE",
            description = "File whose first line is the passphrase of --tls-key (else the environment variable "
                    + PASSPHRASE_ENV + ").")
    Path passphraseFile;

    @Option(
            names = "--tls-ca-file",
            paramLabel = "FILE",
            description = "PEM file of CA certificates that peers' certificates must chain to.")
    Path caFile;

    @Option(names = "--tls-ca-dir", paramLabel = "DIR", description = "Directory of CA certificates (PEM).")
    Path caDir;

    /**
     * Merges these options over {@code file} (which may be null) and {@code env}.
     *
     * @throws IllegalArgumentException for contradicting options or an unreadable passphrase file
     */
    TlsSettings resolve(EndpointConfigFile file, Map<String, String> env) {
        boolean anyFileOption =
                certificate != null || key != null || passphraseFile != null || caFile != null || caDir != null;
        if (noTls && anyFileOption) {
            throw new IllegalArgumentException("--no-tls cannot be combined with --tls-* options");
        }
        Optional<EndpointConfigFile> f = Optional.ofNullable(file);
        boolean disabled = noTls
                || (!anyFileOption && f.flatMap(EndpointConfigFile::sslDisabled).orElse(false));
        TlsSettings s = new TlsSettings(
                disabled,
                pick(certificate, f.flatMap(EndpointConfigFile::sslCertificate)),
                pick(key, f.flatMap(EndpointConfigFile::sslKey)),
                passphrase(env).or(() -> f.flatMap(EndpointConfigFile::sslPassphrase)),
                pick(caFile, f.flatMap(EndpointConfigFile::sslCaFile)),
                pick(caDir, f.flatMap(EndpointConfigFile::sslCaPath)));
        if (!disabled && s.certificate().isPresent() != s.key().isPresent()) {
            throw new IllegalArgumentException(
                    "--tls-cert and --tls-key (broker.ssl.certificate and broker.ssl.key) go together");
        }
        return s;
    }

    private Optional<String> passphrase(Map<String, String> env) {
        if (passphraseFile != null) {
            try {
                List<String> lines = Files.readAllLines(passphraseFile, StandardCharsets.UTF_8);
                return Optional.of(lines.isEmpty() ? "" : lines.get(0));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --tls-passphrase-file " + passphraseFile + ": " + e);
            }
        }
        return Optional.ofNullable(env.get(PASSPHRASE_ENV));
    }

    private static Optional<Path> pick(Path option, Optional<Path> fromFile) {
        return option != null ? Optional.of(option) : fromFile;
    }
}
