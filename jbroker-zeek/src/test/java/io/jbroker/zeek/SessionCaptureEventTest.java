package io.jbroker.zeek;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jbroker.data.BinaryFormat;
import io.jbroker.data.Data;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Zeek event published through the Python bindings in session_plain (frame 10, c2s) is the
 * hand-built vector {@code [1, 1, ["Test::ping", ["foo", 1]]]}.
 */
class SessionCaptureEventTest {
    private static final String FRAMES = "/interop/broker-2.8/session_plain.c2s.frames.txt";
    private static final String EVENT_TOPIC = "/vectors/zeek_event";

    /** The data payload of the envelope frame on {@code topic}. */
    private static byte[] payloadOnTopic(String topic) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        try (InputStream in = SessionCaptureEventTest.class.getResourceAsStream(FRAMES)) {
            assertThat(in).as(FRAMES).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.matches("[0-9a-f]+")) {
                    frames.add(Hex.decode(line));
                }
            }
        }
        byte[] wanted = topic.getBytes(StandardCharsets.UTF_8);
        List<byte[]> payloads = new ArrayList<>();
        for (byte[] frame : frames) {
            // length(4) sender(16) receiver(16) type(1) ttl(2) topic length(2) topic payload
            int topicOffset = 4 + 16 + 16 + 1 + 2 + 2;
            if (frame.length < topicOffset || frame[4 + 32] != 1) {
                continue;
            }
            int topicLength = ((frame[topicOffset - 2] & 0xff) << 8) | (frame[topicOffset - 1] & 0xff);
            if (topicOffset + topicLength <= frame.length
                    && Arrays.equals(frame, topicOffset, topicOffset + topicLength, wanted, 0, wanted.length)) {
                payloads.add(Arrays.copyOfRange(frame, topicOffset + topicLength, frame.length));
            }
        }
        assertThat(payloads).as("data envelopes on " + topic).hasSize(1);
        return payloads.get(0);
    }

    private static byte[] capturedHandBuiltEvent() throws IOException {
        for (JsonNode record : ZeekCaptureTest.capturedMessages()) {
            if (record.get("description").asText().startsWith("Event built by hand")) {
                return Hex.decode(record.get("bin").asText());
            }
        }
        throw new AssertionError("no hand-built event in " + ZeekCaptureTest.MESSAGES);
    }

    @Test
    void handBuiltEventEqualsTheSessionFrameAndTheCapturedMessage() throws IOException {
        Data handBuilt = Data.vector(
                Data.count(1),
                Data.count(1),
                Data.vector(Data.string("Test::ping"), Data.vector(Data.string("foo"), Data.count(1))));
        byte[] frame = payloadOnTopic(EVENT_TOPIC);

        assertThat(BinaryFormat.encode(handBuilt)).isEqualTo(frame).isEqualTo(capturedHandBuiltEvent());
        assertThat(BinaryFormat.decode(frame)).isEqualTo(handBuilt);
    }

    @Test
    void eventViewReadsAndRebuildsTheSessionFrame() throws IOException {
        byte[] frame = payloadOnTopic(EVENT_TOPIC);
        Event event = Event.parse(BinaryFormat.decode(frame));

        assertThat(event.name()).isEqualTo("Test::ping");
        assertThat(event.args()).containsExactly(Data.string("foo"), Data.count(1));
        assertThat(event.hasMetadata()).isFalse();
        assertThat(event.networkTimestamp()).isEmpty();
        assertThat(BinaryFormat.encode(Event.of("Test::ping", Data.string("foo"), Data.count(1))
                        .toData()))
                .isEqualTo(frame);
    }
}
