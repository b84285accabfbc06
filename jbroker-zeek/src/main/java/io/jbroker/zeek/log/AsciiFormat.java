package io.jbroker.zeek.log;

import io.jbroker.zeek.LogField;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * Zeek's ASCII log format ({@code LogAscii}, TSV with the {@code #} header): the header lines
 * ({@code #separator} ... {@code #types}), one line per record with Zeek's escaping and number
 * forms, and the {@code #close} footer. The defaults are Zeek's ({@code \t}, {@code ,}, {@code
 * (empty)}, {@code -}, UTF-8 kept). Immutable and thread-safe; formatting appends to a caller's
 * {@link ByteSink}.
 *
 * @param separator the column separator
 * @param setSeparator the separator of set and vector elements
 * @param emptyField what an empty string, set or vector prints as
 * @param unsetField what an unset value prints as
 * @param utf8 whether valid UTF-8 passes unescaped ({@code LogAscii::enable_utf_8})
 * @param zone the time zone of {@code #open}/{@code #close} stamps (Zeek uses local time)
 */
public record AsciiFormat(
        String separator, String setSeparator, String emptyField, String unsetField, boolean utf8, ZoneId zone) {
    private static final String META = "#";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");

    public AsciiFormat {
        Objects.requireNonNull(separator, "separator");
        Objects.requireNonNull(setSeparator, "setSeparator");
        Objects.requireNonNull(emptyField, "emptyField");
        Objects.requireNonNull(unsetField, "unsetField");
        Objects.requireNonNull(zone, "zone");
    }

    /** Zeek's default ASCII settings, stamps in the system time zone. */
    public static AsciiFormat zeekDefaults() {
        return new AsciiFormat("\t", ",", "(empty)", "-", true, ZoneId.systemDefault());
    }

    /** These settings with {@code #open}/{@code #close} stamps in {@code zone}. */
    public AsciiFormat withZone(ZoneId zone) {
        return new AsciiFormat(separator, setSeparator, emptyField, unsetField, utf8, zone);
    }

    /** Zeek's {@code #open}/{@code #close} stamp of {@code time}, e.g. {@code 2026-12-02-18-34-22}. */
    public String stamp(Instant time) {
        return STAMP.format(time.atZone(zone));
    }

    /** Appends the header of a file of {@code path} with {@code fields}, opened at {@code open}. */
    public void header(ByteSink out, String path, List<LogField> fields, Instant open) {
        out.write(META + "separator " + ZeekEscapes.escaped(separator) + "\n");
        headerField(out, "set_separator", ZeekEscapes.escaped(setSeparator));
        headerField(out, "empty_field", ZeekEscapes.escaped(emptyField));
        headerField(out, "unset_field", ZeekEscapes.escaped(unsetField));
        headerField(out, "path", ZeekEscapes.escaped(path));
        headerField(out, "open", stamp(open));
        StringBuilder names = new StringBuilder();
        StringBuilder types = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                names.append(separator);
                types.append(separator);
            }
            names.append(fields.get(i).name());
            types.append(typeName(fields.get(i)));
        }
        headerField(out, "fields", names.toString());
        headerField(out, "types", types.toString());
    }

    /** Appends the {@code #close} footer. */
    public void footer(ByteSink out, Instant close) {
        headerField(out, "close", stamp(close));
    }

    private void headerField(ByteSink out, String key, String value) {
        out.write(META + key + separator + value + "\n");
    }

    /** Zeek's {@code #types} name of a field: {@code count}, {@code set[string]}, {@code vector[addr]}. */
    public static String typeName(LogField field) {
        String n = field.typeTag() == ZeekType.TABLE.tag() ? "set" : ZeekType.nameOf(field.typeTag());
        if (field.typeTag() == ZeekType.TABLE.tag() || field.typeTag() == ZeekType.VECTOR.tag()) {
            n += "[" + ZeekType.nameOf(field.subtypeTag()) + "]";
        }
        return n;
    }

    /**
     * Appends the line of {@code record} (with its newline).
     *
     * @throws IllegalArgumentException if a value has a type this writer cannot print
     */
    public void record(ByteSink out, LogRecord record) {
        record(new Line(), out, record);
    }

    /**
     * A formatter of lines with these settings that keeps its per-line state between records: the
     * same output as {@link #record}, cheaper for many records. Not thread-safe: one per thread.
     */
    public Printer printer() {
        return new Printer(new Line());
    }

    /** See {@link #printer()}. */
    public static final class Printer {
        private final Line line;

        private Printer(Line line) {
            this.line = line;
        }

        /** As {@link AsciiFormat#record}. */
        public void record(ByteSink out, LogRecord record) {
            line.format().record(line, out, record);
        }
    }

    private void record(Line line, ByteSink out, LogRecord record) {
        line.out = out;
        int start = out.size();
        List<LogValue> values = record.values();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(line.sep, 0, line.sep.length);
            }
            line.value(values.get(i), false);
        }
        out.write('\n');
        if (out.byteAt(start) == '#') {
            // Zeek escapes a leading meta prefix so that the line is not taken for a header.
            byte[] rest = out.toByteArray();
            out.reset();
            out.write(rest, 0, start);
            ZeekEscapes.hexEscape(out, '#');
            out.write(rest, start + 1, rest.length - start - 1);
        }
    }

    /** One line's escaping state: the separators that must be escaped where it is. */
    private final class Line {
        private ByteSink out;
        private final byte[] sep = separator.getBytes(StandardCharsets.UTF_8);
        private final byte[] setSep = setSeparator.getBytes(StandardCharsets.UTF_8);
        private final byte[] unset = unsetField.getBytes(StandardCharsets.UTF_8);
        private final byte[] empty = emptyField.getBytes(StandardCharsets.UTF_8);

        AsciiFormat format() {
            return AsciiFormat.this;
        }

        void value(LogValue v, boolean inContainer) {
            if (v instanceof LogValue.Unset) {
                add(unset, inContainer);
            } else if (v instanceof LogValue.Bool b) {
                out.write(b.value() ? 'T' : 'F');
            } else if (v instanceof LogValue.Int i) {
                out.writeDecimal(i.value());
            } else if (v instanceof LogValue.Count c) {
                out.writeUnsignedDecimal(c.value());
            } else if (v instanceof LogValue.Port p) {
                out.writeUnsignedDecimal(p.port());
            } else if (v instanceof LogValue.Addr a) {
                ZeekText.addr(out, a.raw());
            } else if (v instanceof LogValue.Subnet s) {
                out.write(ZeekText.subnet(s));
            } else if (v instanceof LogValue.Real r) {
                if (r.type() == ZeekType.DOUBLE) {
                    out.write(ZeekNumbers.zeekDouble(r.value()));
                } else {
                    ZeekNumbers.fixed6(out, r.value());
                }
            } else if (v instanceof LogValue.Text t) {
                byte[] b = t.raw();
                if (b.length == 0) {
                    add(empty, inContainer);
                } else if (reserved(b, unset, inContainer) || reserved(b, empty, inContainer)) {
                    return;
                } else {
                    add(b, inContainer);
                }
            } else if (v instanceof LogValue.Container c) {
                if (c.elements().isEmpty()) {
                    add(empty, inContainer);
                    return;
                }
                for (int j = 0; j < c.elements().size(); j++) {
                    if (j > 0) {
                        out.write(setSep, 0, setSep.length);
                    }
                    value(c.elements().get(j), true);
                }
            }
        }

        private boolean reserved(byte[] b, byte[] word, boolean inContainer) {
            if (word.length == 0 || !java.util.Arrays.equals(b, word)) {
                return false;
            }
            ZeekEscapes.hexEscape(out, b[0] & 0xff);
            add(java.util.Arrays.copyOfRange(b, 1, b.length), inContainer);
            return true;
        }

        /** {@code ODesc::AddBytes} with escaping on. */
        private void add(byte[] b, boolean inContainer) {
            int s = 0;
            int e = b.length;
            while (s < e) {
                int escAt = -1;
                int escLen = 0;
                for (int i = s; i < e; i++) {
                    int c = b[i] & 0xff;
                    if ((!utf8 && !(c >= 0x20 && c < 0x7f)) || c == '\\') {
                        escAt = i;
                        escLen = 1;
                        break;
                    }
                    int len = startsWith(b, i, e, sep);
                    if (len == 0 && inContainer) {
                        len = startsWith(b, i, e, setSep);
                    }
                    if (len > 0) {
                        escAt = i;
                        escLen = len;
                        break;
                    }
                }
                int segEnd = escAt < 0 ? e : escAt;
                if (utf8) {
                    ZeekEscapes.utf8(out, b, s, segEnd - s, true);
                } else {
                    out.write(b, s, segEnd - s);
                }
                if (escAt < 0) {
                    return;
                }
                ZeekEscapes.escaped(out, b, escAt, escLen, true);
                s = escAt + escLen;
            }
        }

        private int startsWith(byte[] b, int i, int end, byte[] seq) {
            if (seq.length == 0 || i + seq.length > end) {
                return 0;
            }
            for (int k = 0; k < seq.length; k++) {
                if (b[i + k] != seq[k]) {
                    return 0;
                }
            }
            return seq.length;
        }
    }
}
