package io.jbroker.zeek.log;

/** Zeek's byte escaping ({@code util::escape_utf8}, {@code util::get_escaped_string}). */
final class ZeekEscapes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ZeekEscapes() {}

    static void hexEscape(ByteSink out, int b) {
        out.write('\\');
        out.write('x');
        out.write(HEX[(b >> 4) & 0xf]);
        out.write(HEX[b & 0xf]);
    }

    /** {@code get_escaped_string}: backslash as {@code \\}, other bytes as {@code \xNN} if escaped. */
    static void escaped(ByteSink out, byte[] b, int off, int len, boolean escapeAll) {
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            boolean printable = c >= 0x20 && c < 0x7f;
            boolean space = c == ' ' || (c >= 0x09 && c <= 0x0d);
            if (escapeAll || space || !printable) {
                if (c == '\\') {
                    out.write('\\');
                    out.write('\\');
                } else {
                    hexEscape(out, c);
                }
            } else {
                out.write(c);
            }
        }
    }

    static String escaped(String s) {
        ByteSink out = new ByteSink();
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        escaped(out, b, 0, b.length, false);
        return out.toString();
    }

    /**
     * {@code escape_utf8}: printable ASCII as is; valid UTF-8 characters as is unless a byte that
     * must be escaped occurs anywhere in the segment, in which case every non-ASCII byte is escaped
     * as {@code \xNN}. With {@code escapeControls} the controls {@code \b \f \n \r \t} are escaped as
     * well ({@code ESCAPE_PRINTABLE_CONTROLS}); other controls always are.
     */
    static void utf8(ByteSink out, byte[] b, int off, int len, boolean escapeControls) {
        int end = off + len;
        // Fast path: the segment needs no escaping at all.
        int i = off;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c >= 32 && c < 127) {
                i++;
            } else if (!escapeControls && isNamedControl(c)) {
                i++;
            } else if (c >= 0x80) {
                int n = validCharLength(b, i, end);
                if (n == 0) {
                    break;
                }
                i += n;
            } else {
                break;
            }
        }
        if (i == end) {
            out.write(b, off, len);
            return;
        }
        for (int j = off; j < end; j++) {
            int c = b[j] & 0xff;
            if ((c >= 32 && c < 127) || (!escapeControls && isNamedControl(c))) {
                out.write(c);
            } else {
                hexEscape(out, c);
            }
        }
    }

    private static boolean isNamedControl(int c) {
        return c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t';
    }

    /** The length of the valid, acceptable UTF-8 character at {@code i}, 0 if there is none. */
    private static int validCharLength(byte[] b, int i, int end) {
        int c0 = b[i] & 0xff;
        int n;
        if (c0 < 0xc0) {
            return 0;
        } else if (c0 < 0xe0) {
            n = 2;
        } else if (c0 < 0xf0) {
            n = 3;
        } else if (c0 < 0xf8) {
            n = 4;
        } else {
            return 0;
        }
        if (i + n > end || c0 < 0xc2 || c0 > 0xf4) {
            return 0;
        }
        int cp = c0 & (0xff >> (n + 1));
        for (int k = 1; k < n; k++) {
            int c = b[i + k] & 0xff;
            if (c < 0x80 || c > 0xbf) {
                return 0;
            }
            if (k == 1) {
                if ((c0 == 0xe0 && c < 0xa0)
                        || (c0 == 0xed && c > 0x9f)
                        || (c0 == 0xf0 && c < 0x90)
                        || (c0 == 0xf4 && c > 0x8f)) {
                    return 0;
                }
            }
            cp = (cp << 6) | (c & 0x3f);
        }
        if ((cp >= 0x80 && cp <= 0x9f) || (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xfff0 && cp <= 0xffff)) {
            return 0;
        }
        return n;
    }
}
