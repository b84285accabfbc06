package io.jbroker.zeek.log;

import io.jbroker.zeek.LogField;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * Zeek's JSON log lines ({@code LogAscii::use_json=T}): one object per record, unset fields left out
 * (unless {@code includeUnset}), sets and vectors as arrays, ports as numbers, strings with bytes
 * that are not printable UTF-8 as {@code \xNN} text, infinities and NaN as {@code null}, times as
 * epoch seconds, ISO 8601 ({@code JSON::TS_ISO8601}) or milliseconds. JSON files have no header or
 * footer. Immutable and thread-safe.
 *
 * @param timestamps how {@code time} values are written
 * @param includeUnset whether unset fields appear as {@code null} ({@code LogAscii::json_include_unset_fields})
 */
public record JsonFormat(Timestamps timestamps, boolean includeUnset) {
    /** Zeek's {@code LogAscii::json_timestamps} choices. */
    public enum Timestamps {
        /** {@code JSON::TS_EPOCH}: seconds as a number, the default. */
        EPOCH,
        /** {@code JSON::TS_ISO8601}: {@code "2023-11-14T22:13:20.500000Z"}. */
        ISO8601,
        /** {@code JSON::TS_MILLIS}: integer milliseconds. */
        MILLIS
    }

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    public JsonFormat {
        Objects.requireNonNull(timestamps, "timestamps");
    }

    /** Zeek's default JSON settings (epoch timestamps, unset fields omitted). */
    public static JsonFormat zeekDefaults() {
        return new JsonFormat(Timestamps.EPOCH, false);
    }

    /** Appends the line of {@code record} under {@code fields} (with its newline). */
    public void record(ByteSink out, List<LogField> fields, LogRecord record) {
        out.write('{');
        boolean first = true;
        List<LogValue> values = record.values();
        for (int i = 0; i < values.size(); i++) {
            LogValue v = values.get(i);
            if (v instanceof LogValue.Unset && !includeUnset) {
                continue;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            string(out, fields.get(i).name().getBytes(StandardCharsets.UTF_8));
            out.write(':');
            value(out, v);
        }
        out.write('}');
        out.write('\n');
    }

    private void value(ByteSink out, LogValue v) {
        if (v instanceof LogValue.Unset) {
            out.write("null");
        } else if (v instanceof LogValue.Bool b) {
            out.write(b.value() ? "true" : "false");
        } else if (v instanceof LogValue.Int i) {
            out.write(Long.toString(i.value()));
        } else if (v instanceof LogValue.Count c) {
            out.write(Long.toUnsignedString(c.value()));
        } else if (v instanceof LogValue.Port p) {
            out.write(Long.toUnsignedString(p.port()));
        } else if (v instanceof LogValue.Addr a) {
            string(out, ZeekText.addr(a.raw()).getBytes(StandardCharsets.US_ASCII));
        } else if (v instanceof LogValue.Subnet s) {
            string(out, ZeekText.subnet(s).getBytes(StandardCharsets.US_ASCII));
        } else if (v instanceof LogValue.Real r) {
            real(out, r);
        } else if (v instanceof LogValue.Text t) {
            ByteSink escaped = new ByteSink(t.raw().length + 8);
            ZeekEscapes.utf8(escaped, t.raw(), 0, t.raw().length, false);
            string(out, escaped.toByteArray());
        } else if (v instanceof LogValue.Container c) {
            out.write('[');
            for (int j = 0; j < c.elements().size(); j++) {
                if (j > 0) {
                    out.write(',');
                }
                value(out, c.elements().get(j));
            }
            out.write(']');
        }
    }

    private void real(ByteSink out, LogValue.Real r) {
        double d = r.value();
        if (r.type() == ZeekType.TIME && timestamps != Timestamps.EPOCH) {
            if (timestamps == Timestamps.MILLIS) {
                out.write(Long.toString((long) (d * 1000)));
                return;
            }
            long seconds = (long) Math.floor(d);
            double frac = d - Math.floor(d);
            // modf keeps the sign; Zeek adds 1 to a negative fraction: the same as d - floor(d).
            long micros = new java.math.BigDecimal(Math.abs(frac) * 1000000)
                    .setScale(0, java.math.RoundingMode.HALF_EVEN)
                    .longValueExact();
            String text = ISO.format(Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC)) + "."
                    + String.format("%06d", micros) + "Z";
            string(out, text.getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (!Double.isFinite(d)) {
            out.write("null");
            return;
        }
        ZeekNumbers.json(out, d);
    }

    /** rapidjson's string writing: quotes, {@code \"}, {@code \\}, short escapes, {@code \}{@code u00XX}. */
    private static void string(ByteSink out, byte[] b) {
        out.write('"');
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '"' || c == '\\') {
                out.write('\\');
                out.write(c);
            } else if (c < 0x20) {
                out.write('\\');
                switch (c) {
                    case '\b':
                        out.write('b');
                        break;
                    case '\f':
                        out.write('f');
                        break;
                    case '\n':
                        out.write('n');
                        break;
                    case '\r':
                        out.write('r');
                        break;
                    case '\t':
                        out.write('t');
                        break;
                    default:
                        out.write('u');
                        out.write('0');
                        out.write('0');
                        out.write(HEX_UPPER[c >> 4]);
                        out.write(HEX_UPPER[c & 0xf]);
                }
            } else {
                out.write(c);
            }
        }
        out.write('"');
    }
}
