package dev.fpmjms.wire;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 that also carries unpaired surrogates (WTF-8): a well-formed string encodes exactly as
 * UTF-8; an unpaired surrogate, which a Java {@code String} may hold but UTF-8 cannot, becomes its
 * three-byte generalized form ({@code ED A0..BF xx}). Decoding accepts those forms back, so every
 * Java string survives the trip; bytes that are not UTF-8 at all decode to U+FFFD, one per bad byte.
 *
 * <p>Stateless; thread-safe.
 */
final class Wtf8 {

    private Wtf8() {
    }

    /** Whether {@code s} has no unpaired surrogate (so plain UTF-8 and JSON can carry it). */
    static boolean isWellFormed(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /** The WTF-8 bytes of {@code s}; a new array. */
    static byte[] encode(String s) {
        if (isWellFormed(s)) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        byte[] out = new byte[s.length() * 3];
        int p = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[p++] = (byte) c;
            } else if (c < 0x800) {
                out[p++] = (byte) (0xC0 | c >> 6);
                out[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[p++] = (byte) (0xF0 | cp >> 18);
                out[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[p++] = (byte) (0x80 | cp & 0x3F);
            } else {
                out[p++] = (byte) (0xE0 | c >> 12);
                out[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return java.util.Arrays.copyOf(out, p);
    }

    /** Decodes {@code len} bytes at {@code off}; the array is only read. */
    static String decode(byte[] buf, int off, int len) {
        int end = off + len;
        boolean surrogates = false;
        for (int i = off; i < end - 1; i++) {
            if (buf[i] == (byte) 0xED && (buf[i + 1] & 0xE0) == 0xA0) {
                surrogates = true;
                break;
            }
        }
        if (!surrogates) {
            return new String(buf, off, len, StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder(len);
        int i = off;
        while (i < end) {
            int b = buf[i] & 0xFF;
            if (b < 0x80) {
                sb.append((char) b);
                i++;
                continue;
            }
            int n;
            int cp;
            int min;
            if (b >= 0xC2 && b <= 0xDF) {
                n = 1; cp = b & 0x1F; min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                n = 2; cp = b & 0x0F; min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                n = 3; cp = b & 0x07; min = 0x10000;
            } else {
                sb.append('\uFFFD');
                i++;
                continue;
            }
            boolean ok = i + n < end;
            for (int k = 1; ok && k <= n; k++) {
                int c = buf[i + k] & 0xFF;
                ok = (c & 0xC0) == 0x80;
                cp = cp << 6 | c & 0x3F;
            }
            if (!ok || cp < min || cp > 0x10FFFF) {
                sb.append('\uFFFD');
                i++;
                continue;
            }
            sb.appendCodePoint(cp);
            i += n + 1;
        }
        return sb.toString();
    }
}
