package io.jbroker.data;

/** Parses IPv4 and IPv6 address text without ever touching DNS. */
final class AddressParser {
    private AddressParser() {}

    static AddressValue parse(String text) {
        if (text.indexOf(':') < 0) {
            long v4 = parseV4(text, 0, text.length());
            if (v4 < 0) {
                throw invalid(text);
            }
            return AddressValue.ofV4((int) v4);
        }
        return parseV6(text);
    }

    /** Returns the IPv4 value as an unsigned 32-bit number, or -1 on failure. */
    private static long parseV4(String s, int from, int to) {
        long value = 0;
        int parts = 0;
        int i = from;
        while (parts < 4) {
            int start = i;
            int part = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                part = part * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || part > 255) {
                return -1;
            }
            value = (value << 8) | part;
            parts++;
            if (parts < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? value : -1;
    }

    private static AddressValue parseV6(String s) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == n) {
                return AddressValue.ofBits(0, 0);
            }
        } else if (s.startsWith(":")) {
            throw invalid(s);
        }
        while (i < n) {
            if (count >= 8) {
                throw invalid(s);
            }
            int start = i;
            int value = 0;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0 && i - start < 4) {
                value = (value << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // embedded IPv4 in the last 32 bits
                if (count > 6) {
                    throw invalid(s);
                }
                long v4 = parseV4(s, start, n);
                if (v4 < 0) {
                    throw invalid(s);
                }
                groups[count++] = (int) (v4 >>> 16) & 0xFFFF;
                groups[count++] = (int) v4 & 0xFFFF;
                i = n;
                break;
            }
            if (i == start) {
                throw invalid(s);
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                throw invalid(s);
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gap >= 0) {
                    throw invalid(s);
                }
                gap = count;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                throw invalid(s);
            }
        }
        if (gap < 0 && count != 8) {
            throw invalid(s);
        }
        if (gap >= 0) {
            if (count > 7) {
                throw invalid(s);
            }
            int tail = count - gap;
            System.arraycopy(groups, gap, groups, 8 - tail, tail);
            for (int k = gap; k < 8 - tail; k++) {
                groups[k] = 0;
            }
        }
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 4; k++) {
            hi = (hi << 16) | groups[k];
            lo = (lo << 16) | groups[k + 4];
        }
        return AddressValue.ofBits(hi, lo);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid address: " + text);
    }
}
