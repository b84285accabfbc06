package io.jbroker.cli;

import io.jbroker.DataMessage;
import io.jbroker.Topic;
import io.jbroker.data.Data;
import io.jbroker.data.DecodeException;
import io.jbroker.data.JsonFormat;
import io.jbroker.websocket.ClientStatus;
import io.jbroker.websocket.ZeekWebSocketClient;
import io.jbroker.websocket.ZeekWebSocketException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jbroker websocket}: a client of Zeek's WebSocket API (or of {@code jbroker node
 * --websocket}) that prints the ack and every received event, and publishes JSON v1 values read
 * from standard input.
 */
@Command(
        name = "websocket",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Connects to Zeek's WebSocket API (/v1/messages/json), subscribes to the --topic prefixes and prints"
                    + " 'ack endpoint=<endpoint> version=<version>' first, then one line per received message:"
                    + " '<topic>: <value>' in Broker's text form, or with --format json"
                    + " {\"topic\":T,\"sender\":null,\"data\":<JSON v1 value>} (the API does not carry senders).",
            "With --publish TOPIC it sends each JSON v1 value read from standard input (one per line, e.g. a Zeek"
                    + " event vector) and exits at the end of the input; otherwise it runs until SIGINT/SIGTERM or"
                    + " --duration. Server error objects and connection changes go to standard error."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:stopped, or every input line published",
            "1:cannot connect, the server refused, or an input line failed",
            "2:usage error"
        })
final class WebSocketCommand implements Callable<Integer> {
    private final Streams streams;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "URL",
            defaultValue = ZeekWebSocketClient.DEFAULT_URL,
            description = "ws:// or wss:// URL. Default: ${DEFAULT-VALUE} (zeekctl's).")
    String url;

    @Option(names = "--topic", paramLabel = "PREFIX", description = "Subscribe to this topic prefix; repeatable.")
    List<String> topics = new ArrayList<>();

    @Option(names = "--publish", paramLabel = "TOPIC", description = "Publish each JSON v1 value of stdin here.")
    String publish;

    @Option(
            names = "--format",
            paramLabel = "text|json",
            defaultValue = "text",
            description = "Output format of received messages. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--app-name", paramLabel = "NAME", description = "Send this X-Application-Name header.")
    String appName;

    @ArgGroup(exclusive = true)
    Trust trust;

    static final class Trust {
        @Option(names = "--ca-file", paramLabel = "FILE", description = "wss://: trust only the CAs in this PEM file.")
        Path caFile;

        @Option(names = "--insecure", description = "wss://: no certificate or hostname checks (self-signed tests).")
        boolean insecure;
    }

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop after this long instead of waiting for a signal (without --publish).")
    Duration duration;

    WebSocketCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws Exception {
        boolean json;
        if (format.equals("json")) {
            json = true;
        } else if (format.equals("text")) {
            json = false;
        } else {
            throw new ParameterException(spec.commandLine(), "--format must be text or json, not " + format);
        }
        LineOutput out = new LineOutput(streams.out());
        java.util.concurrent.atomic.AtomicBoolean firstAck = new java.util.concurrent.atomic.AtomicBoolean();
        LineOutput err = new LineOutput(streams.err());
        ZeekWebSocketClient.Builder b = ZeekWebSocketClient.builder(checkedUrl())
                .topics(topics)
                .onStatus(s -> {
                    // The first session's ack is the first output line; everything else goes to stderr.
                    if (s.kind() != ClientStatus.Kind.CONNECTED || !firstAck.compareAndSet(false, true)) {
                        err.line("status: " + s);
                    }
                });
        if (appName != null) {
            b.applicationName(appName);
        }
        if (trust != null && trust.caFile != null) {
            b.caFile(trust.caFile);
        }
        if (trust != null && trust.insecure) {
            b.insecure();
        }
        try (Lifetime lifetime = new Lifetime("jbroker-websocket");
                DeliveryThread delivery = new DeliveryThread("jbroker-websocket-output");
                ZeekWebSocketClient client = b.connect()) {
            out.line("ack endpoint=" + client.ack().endpoint() + " version="
                    + client.ack().version());
            client.onMessage(
                    m -> out.line(json ? new byte[][] {jsonLine(m)} : EventLines.message(m)), delivery.executor());
            if (publish != null) {
                return publishInput(client, Topic.of(publish), err) ? 0 : 1;
            }
            lifetime.awaitStop(duration);
        } catch (ZeekWebSocketException e) {
            err.line("jbroker websocket: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private String checkedUrl() {
        try {
            ZeekWebSocketClient.builder(url);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "bad --url: " + e.getMessage());
        }
        return url;
    }

    private boolean publishInput(ZeekWebSocketClient client, Topic topic, LineOutput err)
            throws IOException, InterruptedException {
        LineReader lines = new LineReader(streams.in());
        boolean ok = true;
        long n = 0;
        while (lines.next()) {
            n++;
            if (lines.isOverlong()) {
                err.line("line " + n + ": longer than " + LineReader.MAX_LINE_BYTES + " bytes");
                ok = false;
                continue;
            }
            byte[] line = Arrays.copyOf(lines.bytes(), lines.length());
            if (new String(line, StandardCharsets.UTF_8).isBlank()) {
                continue;
            }
            Data value;
            try {
                value = JsonFormat.decode(line);
            } catch (DecodeException e) {
                err.line("line " + n + ": error at offset " + e.offset() + ": " + e.reason());
                ok = false;
                continue;
            }
            client.publish(new DataMessage(topic, value));
        }
        return ok;
    }

    /** {@code {"topic":T,"sender":null,"data":<JSON v1>}}. */
    private static byte[] jsonLine(DataMessage m) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("{\"topic\":".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(jsonString(m.topic().toString()));
        b.writeBytes(",\"sender\":null,\"data\":".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(JsonFormat.encode(m.data()));
        b.write('}');
        return b.toByteArray();
    }

    private static byte[] jsonString(String s) {
        // The JSON v1 encoding of a string value is {"@data-type":"string","data":"..."}: take the quoted part.
        String enc = JsonFormat.encodeToString(Data.string(s));
        int start = enc.indexOf(",\"data\":") + 8;
        return enc.substring(start, enc.length() - 1).getBytes(StandardCharsets.UTF_8);
    }
}
