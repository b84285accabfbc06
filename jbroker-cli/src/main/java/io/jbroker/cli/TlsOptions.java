package io.jbroker.cli;

import io.jbroker.endpoint.ConfigFileException;
import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.EndpointConfigFile;
import io.jbroker.endpoint.InvalidSettingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
     * @throws IllegalArgumentException for contradicting options (a usage error)
     * @throws ConfigurationError for an unreadable passphrase file or a certificate without key
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
            boolean certificateGiven = s.certificate().isPresent();
            String given = certificateGiven ? CERTIFICATE : KEY;
            String missing = certificateGiven ? KEY : CERTIFICATE;
            throw error(new InvalidSettingException(given, "needs " + missing, List.of(missing)), file);
        }
        return s;
    }

    /**
     * Sets {@code settings} on {@code builder}, reporting a TLS file that cannot be loaded under the
     * option or configuration key that named it.
     *
     * @throws ConfigurationError naming {@code FILE:LINE: key} or {@code --option}
     */
    void apply(TlsSettings settings, EndpointConfigFile file, EndpointConfig.Builder builder) {
        try {
            settings.apply(builder);
        } catch (InvalidSettingException e) {
            throw error(e, file);
        }
    }

    private static final String CERTIFICATE = "certificateChain";
    private static final String KEY = "privateKey";

    /** The option of each TLS setting of {@link io.jbroker.endpoint.TlsConfig.Builder}. */
    private static final Map<String, String> OPTIONS = Map.of(
            CERTIFICATE,
            "--tls-cert",
            KEY,
            "--tls-key",
            "passphrase",
            "--tls-passphrase-file",
            "caFile",
            "--tls-ca-file",
            "caDirectory",
            "--tls-ca-dir");

    private boolean onCommandLine(String setting) {
        switch (setting) {
            case CERTIFICATE:
                return certificate != null;
            case KEY:
                return key != null;
            case "passphrase":
                return passphraseFile != null;
            case "caFile":
                return caFile != null;
            case "caDirectory":
                return caDir != null;
            default:
                return false;
        }
    }

    /**
     * {@code e} in the words of where its setting came from: {@code --option: reason} when the
     * option was given, the configuration file's {@code FILE:LINE: key: reason} when the file set
     * it, else {@code --option (key): reason}.
     */
    private ConfigurationError error(InvalidSettingException e, EndpointConfigFile file) {
        String setting = e.setting();
        if (!onCommandLine(setting) && file != null) {
            Optional<ConfigFileException> located = file.locate(e);
            if (located.isPresent()) {
                return new ConfigurationError(located.get().getMessage());
            }
        }
        String reason = e.reason(r -> optionAndKey(r));
        return new ConfigurationError(
                (onCommandLine(setting) ? option(setting) : optionAndKey(setting)) + ": " + reason);
    }

    private static String option(String setting) {
        return OPTIONS.getOrDefault(setting, setting);
    }

    private static String optionAndKey(String setting) {
        return option(setting)
                + EndpointConfigFile.keyOf(setting).map(k -> " (" + k + ")").orElse("");
    }

    private Optional<String> passphrase(Map<String, String> env) {
        if (passphraseFile != null) {
            try {
                List<String> lines = Files.readAllLines(passphraseFile, StandardCharsets.UTF_8);
                return Optional.of(lines.isEmpty() ? "" : lines.get(0));
            } catch (NoSuchFileException e) {
                throw new ConfigurationError("--tls-passphrase-file: no such file: " + passphraseFile);
            } catch (IOException e) {
                throw new ConfigurationError("--tls-passphrase-file: cannot read " + passphraseFile + ": "
                        + (e.getMessage() != null ? e.getMessage() : "I/O error"));
            }
        }
        return Optional.ofNullable(env.get(PASSPHRASE_ENV));
    }

    private static Optional<Path> pick(Path option, Optional<Path> fromFile) {
        return option != null ? Optional.of(option) : fromFile;
    }
}
