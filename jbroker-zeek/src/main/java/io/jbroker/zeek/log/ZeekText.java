package io.jbroker.zeek.log;

/** Zeek's text forms of addresses and subnets ({@code zeek_inet_ntop}, {@code Formatter::Render}). */
final class ZeekText {
    private ZeekText() {}

    static String addr(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] words = new int[8];
        for (int i = 0; i < 16; i++) {
            words[i / 2] |= (b[i] & 0xff) << ((1 - (i % 2)) << 3);
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (words[i] == 0) {
                if (curBase == -1) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase != -1) {
                if (bestBase == -1 || curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestBase != -1 && bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6
                    && bestBase == 0
                    && (bestLen == 6
                            || (bestLen == 7 && words[7] != 0x0001)
                            || (bestLen == 5 && words[5] == 0xffff)
                            || (bestLen == 4 && words[4] == 0xffff && words[5] == 0))) {
                sb.append(b[12] & 0xff)
                        .append('.')
                        .append(b[13] & 0xff)
                        .append('.')
                        .append(b[14] & 0xff)
                        .append('.')
                        .append(b[15] & 0xff);
                return sb.toString();
            }
            sb.append(Integer.toHexString(words[i]));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }

    /** Appends {@link #addr(byte[])} of {@code b}; IPv4 without building a string. */
    static void addr(ByteSink out, byte[] b) {
        if (b.length != 4) {
            out.write(addr(b));
            return;
        }
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                out.write('.');
            }
            out.writeUnsignedDecimal(b[i] & 0xff);
        }
    }

    static String subnet(LogValue.Subnet s) {
        return addr(s.prefix().raw()) + "/" + s.prefixLength();
    }
}
