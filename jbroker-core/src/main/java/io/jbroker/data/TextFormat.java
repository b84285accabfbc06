package io.jbroker.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Broker's text form of a value ({@code to_string}): {@code nil}, {@code T}/{@code F}, decimal
 * numbers, reals as C's {@code %f}, strings raw and unquoted, times as {@code <n>ns}, vectors as
 * {@code (a, b)}, sets as {@code {a, b}} and tables as {@code {k -> v}}.
 */
public final class TextFormat {
    private TextFormat() {}

    /** The text form as a Java string (string bytes decoded as UTF-8 with replacement). */
    public static String toText(Data d) {
        StringBuilder sb = new StringBuilder();
        append(sb, d);
        return sb.toString();
    }

    /** The exact bytes of Broker's text form; string and enum bytes are copied raw. */
    public static byte[] toBytes(Data d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, d);
        return out.toByteArray();
    }

    static void append(StringBuilder sb, Data d) {
        switch (d.type()) {
            case VECTOR:
                appendAll(sb, '(', ((VectorValue) d).items(), ')');
                break;
            case SET:
                appendAll(sb, '{', ((SetValue) d).items(), '}');
                break;
            case TABLE:
                TableValue t = (TableValue) d;
                Data[] keys = t.keyArray();
                Data[] values = t.valueArray();
                sb.append('{');
                for (int i = 0; i < keys.length; i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    append(sb, keys[i]);
                    sb.append(" -> ");
                    append(sb, values[i]);
                }
                sb.append('}');
                break;
            default:
                sb.append(d);
        }
    }

    private static void appendAll(StringBuilder sb, char open, Data[] items, char close) {
        sb.append(open);
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            append(sb, items[i]);
        }
        sb.append(close);
    }

    private static void write(ByteArrayOutputStream out, Data d) {
        switch (d.type()) {
            case STRING:
                StringValue s = (StringValue) d;
                out.write(s.array(), s.offset(), s.length());
                break;
            case ENUM_VALUE:
                EnumValue e = (EnumValue) d;
                out.write(e.array(), e.offset(), e.length());
                break;
            case VECTOR:
                writeAll(out, "(", ((VectorValue) d).items(), ")");
                break;
            case SET:
                writeAll(out, "{", ((SetValue) d).items(), "}");
                break;
            case TABLE:
                TableValue t = (TableValue) d;
                Data[] keys = t.keyArray();
                Data[] values = t.valueArray();
                ascii(out, "{");
                for (int i = 0; i < keys.length; i++) {
                    if (i > 0) {
                        ascii(out, ", ");
                    }
                    write(out, keys[i]);
                    ascii(out, " -> ");
                    write(out, values[i]);
                }
                ascii(out, "}");
                break;
            default:
                ascii(out, d.toString());
        }
    }

    private static void writeAll(ByteArrayOutputStream out, String open, Data[] items, String close) {
        ascii(out, open);
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                ascii(out, ", ");
            }
            write(out, items[i]);
        }
        ascii(out, close);
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
