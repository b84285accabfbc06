package io.jbroker.cli;

import io.jbroker.data.Data;
import io.jbroker.data.JsonFormat;
import java.nio.charset.StandardCharsets;

/**
 * One JSON object per received event: {@code {"topic":T,"sender":ID,"data":<JSON v1 value>}}
 * ({@code sender} is {@code null} where the transport does not carry it, as for Broker peers), and
 * {@code {"status":TEXT}} / {@code {"error":TEXT}} for status and error events.
 */
final class JsonLines {
    private JsonLines() {}

    static byte[][] event(String topic, String sender, Data data) {
        StringBuilder head = new StringBuilder("{\"topic\":");
        string(head, topic);
        head.append(",\"sender\":");
        if (sender == null) {
            head.append("null");
        } else {
            string(head, sender);
        }
        head.append(",\"data\":");
        return new byte[][] {head.toString().getBytes(StandardCharsets.UTF_8), JsonFormat.encode(data), new byte[] {'}'}
        };
    }

    /** A status or error event line from {@link EventLines#event}: {@code status: ...} or {@code error: ...}. */
    static String eventLine(String textLine) {
        int colon = textLine.indexOf(": ");
        String key = textLine.startsWith("status: ") ? "status" : textLine.startsWith("error: ") ? "error" : "event";
        StringBuilder sb = new StringBuilder("{\"").append(key).append("\":");
        string(sb, colon >= 0 && !key.equals("event") ? textLine.substring(colon + 2) : textLine);
        return sb.append('}').toString();
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
