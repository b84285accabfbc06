package io.jbroker.internal.peer;

import io.jbroker.EndpointId;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Handshake frames written out by hand from the byte layouts of wire-protocol spec §5. */
final class WireHex {
    static final String PROBE = "00000005" + "07" + "5a45454b";
    static final String ORIGINATOR_ACK = "00000001" + "0c";

    private WireHex() {}

    static String hello(EndpointId sender, int min, int max) {
        return "00000017" + "06" + "5a45454b" + FakePeer.idHex(sender) + String.format("%02x%02x", min, max);
    }

    static String hello(EndpointId sender) {
        return hello(sender, 1, 1);
    }

    static String versionSelect(EndpointId sender) {
        return "00000016" + "08" + "5a45454b" + FakePeer.idHex(sender) + "01";
    }

    /** A single-topic filter message: tag, count 1, length, bytes (topics shorter than 128). */
    static String synWithOneTopic(int tag, String topic) {
        byte[] t = topic.getBytes(StandardCharsets.US_ASCII);
        return String.format("%08x%02x01%02x", 3 + t.length, tag, t.length)
                + HexFormat.of().formatHex(t);
    }

    /** drop_conn for descriptions shorter than 128 bytes (one varbyte length byte). */
    static String dropConn(EndpointId sender, int code, String description) {
        byte[] text = description.getBytes(StandardCharsets.US_ASCII);
        return String.format("%08x", 23 + text.length) + "09" + "5a45454b" + FakePeer.idHex(sender)
                + String.format("%02x%02x", code, text.length) + HexFormat.of().formatHex(text);
    }
}
