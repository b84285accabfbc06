package io.jbroker.cli;

import io.jbroker.endpoint.EndpointConfig;
import io.jbroker.endpoint.TlsConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The TLS settings a command ends up with after merging the configuration file and the command
 * line: off, anonymous (no certificate options, Broker's default) or authenticated.
 */
record TlsSettings(
        boolean disabled,
        Optional<Path> certificate,
        Optional<Path> key,
        Optional<String> passphrase,
        Optional<Path> caFile,
        Optional<Path> caDir) {
    TlsSettings {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(caDir, "caDir");
    }

    /** What kind of TLS this is: {@code off}, {@code anonymous} or {@code authenticated}. */
    String mode() {
        if (disabled) {
            return "off";
        }
        boolean any = certificate.isPresent()
                || key.isPresent()
                || passphrase.isPresent()
                || caFile.isPresent()
                || caDir.isPresent();
        return any ? "authenticated" : "anonymous";
    }

    /**
     * Sets these settings on {@code builder}; the one place the command line configures TLS.
     *
     * @return {@code builder}
     */
    EndpointConfig.Builder apply(EndpointConfig.Builder builder) {
        return builder.tls(TlsConfig.fromOptions(
                disabled,
                certificate.orElse(null),
                key.orElse(null),
                passphrase.orElse(null),
                caFile.orElse(null),
                caDir.orElse(null)));
    }
}
