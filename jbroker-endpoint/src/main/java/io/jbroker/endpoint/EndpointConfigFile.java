package io.jbroker.endpoint;

import io.jbroker.EndpointId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * An endpoint configuration file: {@code key = value} lines with Broker-style keys such as {@code
 * broker.peer-buffer-size = 8192}. Blank lines and lines starting with {@code #} are ignored; a
 * value may be wrapped in double quotes. Every key is documented in {@code docs/configuration.md};
 * keys left out keep {@link EndpointConfig}'s defaults.
 *
 * <p>Reading checks everything at once: an unknown key, a repeated key, a line without {@code =} or
 * a bad value fails with a {@link ConfigFileException} naming the file, the line and the key. The
 * result is immutable; {@link #applyTo} copies the settings into a builder, so settings applied
 * afterwards (command-line options) override the file.
 */
public final class EndpointConfigFile {
    static final String DISABLE_SSL = "broker.disable-ssl";
    static final String SSL_CERTIFICATE = "broker.ssl.certificate";
    static final String SSL_KEY = "broker.ssl.key";
    static final String SSL_PASSPHRASE = "broker.ssl.passphrase";
    static final String SSL_CAFILE = "broker.ssl.cafile";
    static final String SSL_CAPATH = "broker.ssl.capath";

    private static final Map<String, Setting<?>> SETTINGS = settings();

    private static final Map<String, String> TLS_KEYS = Map.of(
            "certificateChain", SSL_CERTIFICATE,
            "privateKey", SSL_KEY,
            "passphrase", SSL_PASSPHRASE,
            "caFile", SSL_CAFILE,
            "caDirectory", SSL_CAPATH);

    private final String source;
    private final Map<String, Object> values;
    private final Map<String, Integer> lines;

    private EndpointConfigFile(String source, Map<String, Object> values, Map<String, Integer> lines) {
        this.source = source;
        this.values = Collections.unmodifiableMap(values);
        this.lines = Collections.unmodifiableMap(lines);
    }

    /**
     * Reads and checks {@code file} (UTF-8).
     *
     * @throws ConfigFileException if the file cannot be read, has a bad line, or sets values that
     *     contradict each other or the defaults
     */
    public static EndpointConfigFile read(Path file) {
        String name = file.toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(name, in);
        } catch (IOException e) {
            throw new ConfigFileException(name, "cannot read configuration file: " + describe(e), e);
        }
    }

    /** An I/O failure in words, without Java class names. */
    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() != null ? e.getMessage() : "I/O error";
    }

    /**
     * Parses and checks configuration text; {@code source} names it in error messages.
     *
     * @throws ConfigFileException for a bad line or values that contradict each other or the
     *     defaults
     */
    public static EndpointConfigFile parse(String source, String text) {
        try {
            return parse(source, new StringReader(text));
        } catch (IOException e) {
            throw new ConfigFileException(source, "cannot read configuration: " + e, e);
        }
    }

    private static EndpointConfigFile parse(String source, Reader reader) throws IOException {
        BufferedReader in = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        String raw;
        int lineNo = 0;
        while ((raw = in.readLine()) != null) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigFileException(source, lineNo, "expected 'key = value', got: " + line);
            }
            String key = line.substring(0, eq).strip();
            String value = unquote(source, lineNo, key, line.substring(eq + 1).strip());
            Setting<?> setting = SETTINGS.get(key);
            if (setting == null) {
                throw new ConfigFileException(source, lineNo, (key.isEmpty() ? "(empty key)" : key) + ": unknown key");
            }
            Integer previous = lines.putIfAbsent(key, lineNo);
            if (previous != null) {
                throw new ConfigFileException(
                        source, lineNo, key + ": repeated key (first set on line " + previous + ")");
            }
            try {
                values.put(key, setting.parser.apply(value));
            } catch (IllegalArgumentException e) {
                throw new ConfigFileException(source, lineNo, key + ": " + e.getMessage());
            }
        }
        EndpointConfigFile file = new EndpointConfigFile(source, values, lines);
        file.check();
        return file;
    }

    /**
     * Builds a configuration from the file's settings alone, so rules between settings (such as
     * {@code broker.peer-timeout} longer than {@code broker.heartbeat-interval}) fail here, at the
     * line that set them. The TLS files are checked by {@link #applyTo}, because command-line
     * options may replace them.
     */
    private void check() {
        try {
            applySettings(EndpointConfig.builder()).build();
        } catch (InvalidSettingException e) {
            throw locate(e).orElseThrow(() -> new ConfigFileException(source, 0, e.getMessage()));
        }
    }

    /**
     * Where a failure to build a configuration that includes this file's settings comes from: the
     * line of the invalid setting if the file sets it, else the line of a related setting the file
     * sets (the invalid one then has its default); empty if the file sets neither, so the value
     * came from elsewhere.
     */
    public Optional<ConfigFileException> locate(InvalidSettingException e) {
        String key = keyOf(e.setting()).orElse(e.setting());
        String reason = e.reason(name -> keyOf(name).orElse(name));
        Integer line = lines.get(key);
        if (line != null) {
            return Optional.of(new ConfigFileException(source, line, key + ": " + reason));
        }
        for (String other : e.related()) {
            Optional<String> otherKey = keyOf(other);
            if (otherKey.isPresent() && lines.containsKey(otherKey.get())) {
                return Optional.of(new ConfigFileException(
                        source,
                        lines.get(otherKey.get()),
                        otherKey.get() + ": conflicts with the default of " + key + ": " + key + " " + reason));
            }
        }
        return Optional.empty();
    }

    /**
     * The configuration key of a setting of {@link EndpointConfig.Builder} or {@link
     * TlsConfig.Builder}, such as {@code broker.peer-timeout} for {@code peerTimeout}.
     */
    public static Optional<String> keyOf(String setting) {
        String tls = TLS_KEYS.get(setting);
        if (tls != null) {
            return Optional.of(tls);
        }
        return SETTINGS.entrySet().stream()
                .filter(e -> e.getValue().name.equals(setting))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    private static String unquote(String source, int lineNo, String key, String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        if (value.startsWith("\"")) {
            throw new ConfigFileException(source, lineNo, key + ": unterminated quoted value");
        }
        return value;
    }

    /** The keys this loader knows, in documentation order. */
    public static Set<String> knownKeys() {
        return SETTINGS.keySet();
    }

    /** Where the settings came from (the file name). */
    public String source() {
        return source;
    }

    /** The keys the file sets. */
    public Set<String> keys() {
        return values.keySet();
    }

    /**
     * Copies every setting of the file into {@code builder}, loading the TLS files it names.
     *
     * @return {@code builder}
     * @throws ConfigFileException naming the line and key of a TLS file that cannot be loaded
     */
    public EndpointConfig.Builder applyTo(EndpointConfig.Builder builder) {
        applySettings(builder);
        boolean anyTls = sslDisabled().isPresent()
                || sslCertificate().isPresent()
                || sslKey().isPresent()
                || sslPassphrase().isPresent()
                || sslCaFile().isPresent()
                || sslCaPath().isPresent();
        if (anyTls) {
            try {
                builder.tls(TlsConfig.fromOptions(
                        sslDisabled().orElse(false),
                        sslCertificate().orElse(null),
                        sslKey().orElse(null),
                        sslPassphrase().orElse(null),
                        sslCaFile().orElse(null),
                        sslCaPath().orElse(null)));
            } catch (InvalidSettingException e) {
                throw locate(e).orElseThrow(() -> new ConfigFileException(source, 0, e.getMessage()));
            }
        }
        return builder;
    }

    /**
     * Copies every setting of the file except the TLS keys into {@code builder}, for callers that
     * merge the TLS keys with settings from elsewhere (see {@link #sslCertificate()} and the other
     * TLS getters, and {@link #locate} for reporting their failures).
     *
     * @return {@code builder}
     */
    public EndpointConfig.Builder applyExceptTls(EndpointConfig.Builder builder) {
        return applySettings(builder);
    }

    private EndpointConfig.Builder applySettings(EndpointConfig.Builder builder) {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            SETTINGS.get(e.getKey()).applyUnchecked(builder, e.getValue());
        }
        return builder;
    }

    /** {@code broker.disable-ssl}, if set. */
    public Optional<Boolean> sslDisabled() {
        return get(DISABLE_SSL, Boolean.class);
    }

    /** {@code broker.ssl.certificate}, if set. */
    public Optional<Path> sslCertificate() {
        return get(SSL_CERTIFICATE, Path.class);
    }

    /** {@code broker.ssl.key}, if set. */
    public Optional<Path> sslKey() {
        return get(SSL_KEY, Path.class);
    }

    /** {@code broker.ssl.passphrase}, if set. */
    public Optional<String> sslPassphrase() {
        return get(SSL_PASSPHRASE, String.class);
    }

    /** {@code broker.ssl.cafile}, if set. */
    public Optional<Path> sslCaFile() {
        return get(SSL_CAFILE, Path.class);
    }

    /** {@code broker.ssl.capath}, if set. */
    public Optional<Path> sslCaPath() {
        return get(SSL_CAPATH, Path.class);
    }

    private <T> Optional<T> get(String key, Class<T> type) {
        return Optional.ofNullable(type.cast(values.get(key)));
    }

    // ---------------------------------------------------------------- value syntax

    /**
     * Parses a duration: a non-negative integer and a unit, {@code ns}, {@code us}, {@code ms},
     * {@code s}, {@code min}, {@code h} or {@code d} (as in {@code 10s}, {@code 500ms}, {@code 2min}).
     *
     * @throws IllegalArgumentException if {@code text} is not in that form
     */
    public static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 18) {
            throw new IllegalArgumentException("not a duration (like 10s or 500ms): \"" + text + "\"");
        }
        long n = Long.parseLong(t.substring(0, i));
        try {
            return withUnit(n, t.substring(i).strip(), text);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration too long: \"" + text + "\"");
        }
    }

    private static Duration withUnit(long n, String unit, String text) {
        switch (unit) {
            case "ns":
                return Duration.ofNanos(n);
            case "us":
                return Duration.ofNanos(Math.multiplyExact(n, 1000L));
            case "ms":
                return Duration.ofMillis(n);
            case "s":
                return Duration.ofSeconds(n);
            case "min":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            case "d":
                return Duration.ofDays(n);
            default:
                throw new IllegalArgumentException(
                        "not a duration (unit ns, us, ms, s, min, h or d): \"" + text + "\"");
        }
    }

    /**
     * Parses an overflow policy by its Broker name: {@code disconnect}, {@code drop_oldest} or
     * {@code drop_newest}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static OverflowPolicy parseOverflowPolicy(String text) {
        for (OverflowPolicy p : OverflowPolicy.values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "not an overflow policy (disconnect, drop_oldest or drop_newest): \"" + text + "\"");
    }

    private static boolean parseBoolean(String text) {
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("not a boolean (true or false): \"" + text + "\"");
    }

    private static Function<String, Integer> intAtLeast(int min) {
        return text -> (int) longAtLeast(min, Integer.MAX_VALUE).apply(text).longValue();
    }

    private static Function<String, Long> longAtLeast(long min, long max) {
        return text -> {
            long n;
            try {
                n = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer: \"" + text + "\"");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        };
    }

    private static Function<String, Duration> positiveDuration(boolean zeroAllowed) {
        return text -> {
            Duration d = parseDuration(text);
            if (d.isZero() && !zeroAllowed) {
                throw new IllegalArgumentException("must be positive, got \"" + text + "\"");
            }
            return d;
        };
    }

    private static Path parsePath(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        return Path.of(text);
    }

    private static EndpointId parseId(String text) {
        EndpointId id = EndpointId.parse(text);
        if (id.isNil()) {
            throw new IllegalArgumentException("the nil ID cannot name an endpoint");
        }
        return id;
    }

    // ---------------------------------------------------------------- the keys

    /** One key: how its value is parsed and applied to the builder. */
    private static final class Setting<T> {
        final String name;
        final Function<String, T> parser;
        final BiConsumer<EndpointConfig.Builder, T> applier;
        final Class<T> type;

        Setting(String name, Class<T> type, Function<String, T> parser, BiConsumer<EndpointConfig.Builder, T> applier) {
            this.name = name;
            this.type = type;
            this.parser = parser;
            this.applier = applier;
        }

        void applyUnchecked(EndpointConfig.Builder builder, Object value) {
            applier.accept(builder, type.cast(value));
        }
    }

    private static Map<String, Setting<?>> settings() {
        BiConsumer<EndpointConfig.Builder, Object> tlsLater = (b, v) -> {};
        Map<String, Setting<?>> m = new LinkedHashMap<>();
        m.put(
                "broker.endpoint-id",
                new Setting<>("id", EndpointId.class, EndpointConfigFile::parseId, (b, v) -> b.id(v)));
        m.put(
                "broker.forward",
                new Setting<>(
                        "forwarding", Boolean.class, EndpointConfigFile::parseBoolean, (b, v) -> b.forwarding(v)));
        m.put("broker.io-threads", new Setting<>("ioThreads", Integer.class, intAtLeast(1), (b, v) -> b.ioThreads(v)));
        m.put(
                "broker.native-transport",
                new Setting<>(
                        "nativeTransport",
                        Boolean.class,
                        EndpointConfigFile::parseBoolean,
                        (b, v) -> b.nativeTransport(v)));
        m.put(
                "broker.io-busy-poll",
                new Setting<>("busyPoll", Boolean.class, EndpointConfigFile::parseBoolean, (b, v) -> b.busyPoll(v)));
        m.put("broker.io-spin", new Setting<>("ioSpin", Duration.class, positiveDuration(true), (b, v) -> b.ioSpin(v)));
        m.put(
                "broker.max-frame-length",
                new Setting<>("maxFrameLength", Integer.class, intAtLeast(64), (b, v) -> b.maxFrameLength(v)));
        m.put(
                "broker.handshake-timeout",
                new Setting<>(
                        "handshakeTimeout", Duration.class, positiveDuration(false), (b, v) -> b.handshakeTimeout(v)));
        m.put(
                "broker.duplicate-window",
                new Setting<>(
                        "duplicateWindow", Duration.class, positiveDuration(true), (b, v) -> b.duplicateWindow(v)));
        m.put(
                "broker.unpeer-timeout",
                new Setting<>("unpeerTimeout", Duration.class, positiveDuration(true), (b, v) -> b.unpeerTimeout(v)));
        m.put(
                "broker.peer-buffer-size",
                new Setting<>("peerBufferMessages", Integer.class, intAtLeast(1), (b, v) -> b.peerBufferMessages(v)));
        m.put(
                "broker.peer-buffer-bytes",
                new Setting<>(
                        "peerBufferBytes",
                        Long.class,
                        longAtLeast(64, Long.MAX_VALUE),
                        (b, v) -> b.peerBufferBytes(v)));
        m.put(
                "broker.peer-overflow-policy",
                new Setting<>(
                        "peerOverflowPolicy",
                        OverflowPolicy.class,
                        EndpointConfigFile::parseOverflowPolicy,
                        (b, v) -> b.peerOverflowPolicy(v)));
        m.put(
                "broker.subscriber-queue-size",
                new Setting<>("subscriberQueueSize", Integer.class, intAtLeast(1), (b, v) -> b.subscriberQueueSize(v)));
        m.put(
                "broker.subscriber-queue-bytes",
                new Setting<>(
                        "subscriberQueueBytes",
                        Long.class,
                        longAtLeast(1, Long.MAX_VALUE),
                        (b, v) -> b.subscriberQueueBytes(v)));
        m.put(
                "broker.subscriber-overflow-policy",
                new Setting<>(
                        "subscriberOverflowPolicy",
                        OverflowPolicy.class,
                        EndpointConfigFile::parseOverflowPolicy,
                        (b, v) -> b.subscriberOverflowPolicy(v)));
        m.put(
                "broker.stall-timeout",
                new Setting<>("stallTimeout", Duration.class, positiveDuration(true), (b, v) -> b.stallTimeout(v)));
        m.put(
                "broker.heartbeat-interval",
                new Setting<>(
                        "heartbeatInterval",
                        Duration.class,
                        positiveDuration(false),
                        (b, v) -> b.heartbeatInterval(v)));
        m.put(
                "broker.peer-timeout",
                new Setting<>("peerTimeout", Duration.class, positiveDuration(true), (b, v) -> b.peerTimeout(v)));
        m.put(DISABLE_SSL, new Setting<>("tls", Boolean.class, EndpointConfigFile::parseBoolean, tlsLater::accept));
        m.put(
                SSL_CERTIFICATE,
                new Setting<>("certificateChain", Path.class, EndpointConfigFile::parsePath, tlsLater::accept));
        m.put(SSL_KEY, new Setting<>("privateKey", Path.class, EndpointConfigFile::parsePath, tlsLater::accept));
        m.put(SSL_PASSPHRASE, new Setting<>("passphrase", String.class, Function.identity(), tlsLater::accept));
        m.put(SSL_CAFILE, new Setting<>("caFile", Path.class, EndpointConfigFile::parsePath, tlsLater::accept));
        m.put(SSL_CAPATH, new Setting<>("caDirectory", Path.class, EndpointConfigFile::parsePath, tlsLater::accept));
        return Collections.unmodifiableMap(m);
    }
}
