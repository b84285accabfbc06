package io.jbroker.kafka.internal;

import io.jbroker.zeek.LogField;
import io.jbroker.zeek.log.ByteSink;
import io.jbroker.zeek.log.JsonFormat;
import io.jbroker.zeek.log.LogRecord;
import io.jbroker.zeek.log.LogValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A log record as one Kafka value: the JSON writer's line ({@link JsonFormat}) without its newline,
 * with {@code "_path":"<path>"} as the first member; and the record's key. Confined to one thread.
 */
public final class LogRecordJson {
    private static final byte[] KEY_PREFIX = "{\"k\":".getBytes(StandardCharsets.US_ASCII);

    private final JsonFormat json;
    private final ByteSink line = new ByteSink(4096);
    private final ByteSink keyLine = new ByteSink(256);

    public LogRecordJson(JsonFormat json) {
        this.json = json;
    }

    /** {@code {"_path":PATH,<the JSON writer's members>}}. */
    public byte[] value(byte[] pathMember, List<LogField> fields, LogRecord record) {
        line.reset();
        json.record(line, fields, record);
        byte[] l = line.toByteArray(); // '{' members '}' '\n'
        int members = l.length - 3; // between the braces
        byte[] out = new byte[pathMember.length + (members > 0 ? 1 + members : 0) + 2];
        out[0] = '{';
        System.arraycopy(pathMember, 0, out, 1, pathMember.length);
        int at = 1 + pathMember.length;
        if (members > 0) {
            out[at++] = ',';
            System.arraycopy(l, 1, out, at, members);
            at += members;
        }
        out[at] = '}';
        return out;
    }

    /** {@code "_path":"conn"} for the path {@code conn}. */
    public static byte[] pathMember(String path) {
        StringBuilder sb = new StringBuilder("\"_path\":\"");
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The key text of {@code value} of {@code field}: its JSON writer's text, without the quotes of
     * a string; {@code null} if unset.
     */
    public byte[] key(LogField field, LogValue value) {
        if (value instanceof LogValue.Unset) {
            return null;
        }
        keyLine.reset();
        LogField k = new LogField("k", field.typeTag(), field.subtypeTag(), field.optional());
        json.record(keyLine, List.of(k), new LogRecord(List.of(value)));
        byte[] l = keyLine.toByteArray(); // {"k":VALUE}\n
        int from = KEY_PREFIX.length;
        int to = l.length - 2;
        if (to - from >= 2 && l[from] == '"' && l[to - 1] == '"') {
            from++;
            to--;
        }
        return Arrays.copyOfRange(l, from, to);
    }
}
