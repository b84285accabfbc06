package io.jbroker.data;

import io.jbroker.ErrorCode;
import java.io.ByteArrayOutputStream;

/**
 * Byte-exact string handling for Broker's JSON v1. Output escapes only {@code \ " \b \f \n \r \t}
 * and vertical tab ({@code \v}) and copies every other byte raw (data-format.md §9.3). Input is
 * unescaped from the raw bytes of the document, so raw control bytes and invalid UTF-8 survive as
 * they do in Broker. Stateless.
 */
final class JsonStrings {
    private JsonStrings() {}

    /** Whether any of the {@code len} raw bytes is escaped in Broker's JSON string. */
    static boolean needsEscape(byte[] raw, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (escapeOf(raw[i]) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The bytes between the quotes of Broker's JSON string for {@code len} raw bytes. */
    static byte[] escape(byte[] raw, int off, int len) {
        int extra = 0;
        for (int i = off; i < off + len; i++) {
            if (escapeOf(raw[i]) != 0) {
                extra++;
            }
        }
        byte[] out = new byte[len + extra];
        int o = 0;
        for (int i = off; i < off + len; i++) {
            byte e = escapeOf(raw[i]);
            if (e == 0) {
                out[o++] = raw[i];
            } else {
                out[o++] = '\\';
                out[o++] = e;
            }
        }
        return out;
    }

    private static byte escapeOf(byte b) {
        switch (b) {
            case '\\':
                return '\\';
            case '"':
                return '"';
            case '\b':
                return 'b';
            case '\f':
                return 'f';
            case '\n':
                return 'n';
            case '\r':
                return 'r';
            case '\t':
                return 't';
            case 0x0B:
                return 'v';
            default:
                return 0;
        }
    }

    /**
     * Unescapes the JSON string whose opening quote is at {@code quote} in {@code doc}. Accepts the
     * escapes Broker accepts ({@code \" \\ \/ \b \f \n \r \t \v \\uXXXX}); {@code \/} gives {@code
     * /} (Broker gives {@code ?}). A {@code \\u} high surrogate must be followed by a {@code \\u} low
     * surrogate; a lone low surrogate is written as its 3-byte UTF-8 form, as Broker does.
     *
     * @throws DecodeException ({@link ErrorCode#INVALID_JSON}) for anything else
     */
    static byte[] unescape(byte[] doc, int quote) {
        if (quote < 0 || quote >= doc.length || doc[quote] != '"') {
            throw invalid(quote, "expected a string");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = quote + 1;
        while (true) {
            if (i >= doc.length) {
                throw invalid(i, "unterminated string");
            }
            byte b = doc[i];
            if (b == '"') {
                return out.toByteArray();
            }
            if (b != '\\') {
                out.write(b);
                i++;
                continue;
            }
            if (i + 1 >= doc.length) {
                throw invalid(i, "unterminated escape");
            }
            byte c = doc[i + 1];
            switch (c) {
                case '"':
                case '\\':
                case '/':
                    out.write(c);
                    break;
                case 'b':
                    out.write('\b');
                    break;
                case 'f':
                    out.write('\f');
                    break;
                case 'n':
                    out.write('\n');
                    break;
                case 'r':
                    out.write('\r');
                    break;
                case 't':
                    out.write('\t');
                    break;
                case 'v':
                    out.write(0x0B);
                    break;
                case 'u':
                    i = unescapeUnicode(doc, i, out);
                    continue;
                default:
                    throw invalid(i, "invalid escape \\" + (char) (c & 0xFF));
            }
            i += 2;
        }
    }

    /** Decodes {@code \\uXXXX} (and a following low surrogate) at {@code at}; returns the next index. */
    private static int unescapeUnicode(byte[] doc, int at, ByteArrayOutputStream out) {
        int cp = hex4(doc, at);
        int next = at + 6;
        if (cp >= 0xD800 && cp < 0xDC00) {
            if (next + 1 >= doc.length || doc[next] != '\\' || doc[next + 1] != 'u') {
                throw invalid(at, "high surrogate \\u" + Integer.toHexString(cp) + " without a low surrogate");
            }
            int low = hex4(doc, next);
            if (low < 0xDC00 || low > 0xDFFF) {
                throw invalid(next, "\\u" + Integer.toHexString(low) + " is not a low surrogate");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            next += 6;
        }
        writeUtf8(cp, out);
        return next;
    }

    private static int hex4(byte[] doc, int at) {
        if (at + 6 > doc.length) {
            throw invalid(at, "truncated \\u escape");
        }
        int v = 0;
        for (int k = at + 2; k < at + 6; k++) {
            int d = Character.digit(doc[k] & 0xFF, 16);
            if (d < 0 || doc[k] < 0) {
                throw invalid(at, "\\u needs four hex digits");
            }
            v = v * 16 + d;
        }
        return v;
    }

    private static void writeUtf8(int cp, ByteArrayOutputStream out) {
        if (cp < 0x80) {
            out.write(cp);
        } else if (cp < 0x800) {
            out.write(0xC0 | (cp >> 6));
            out.write(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out.write(0xE0 | (cp >> 12));
            out.write(0x80 | ((cp >> 6) & 0x3F));
            out.write(0x80 | (cp & 0x3F));
        } else {
            out.write(0xF0 | (cp >> 18));
            out.write(0x80 | ((cp >> 12) & 0x3F));
            out.write(0x80 | ((cp >> 6) & 0x3F));
            out.write(0x80 | (cp & 0x3F));
        }
    }

    private static DecodeException invalid(int at, String reason) {
        return new DecodeException(ErrorCode.INVALID_JSON, at, reason);
    }
}
