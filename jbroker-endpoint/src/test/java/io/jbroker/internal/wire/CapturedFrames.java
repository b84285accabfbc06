package io.jbroker.internal.wire;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Loads the frames of a capture ({@code *.frames.txt}) from the test classpath. */
public final class CapturedFrames {
    private CapturedFrames() {}

    /** Every frame (length prefix included) in capture order. */
    public static List<byte[]> load(String resource) {
        return load(resource, "");
    }

    /** The frames whose header line says {@code envelope} (the routing and store captures). */
    public static List<byte[]> envelopes(String resource) {
        return load(resource, " envelope ");
    }

    private static List<byte[]> load(String resource, String headerMarker) {
        InputStream in = CapturedFrames.class.getResourceAsStream("/interop/broker-2.8/" + resource);
        if (in == null) {
            throw new IllegalArgumentException("missing test resource " + resource);
        }
        List<byte[]> frames = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            boolean expectHex = false;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("frame ")) {
                    expectHex = line.contains(headerMarker);
                } else if (expectHex && !line.isBlank()) {
                    frames.add(HexFormat.of().parseHex(line.trim()));
                    expectHex = false;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frames;
    }
}
