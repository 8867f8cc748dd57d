package dev.fpmjms.wire;

/**
 * The percent form used for string headers on the wire: the WTF-8 bytes of the string, with every
 * byte outside {@code 0x21..0x7E}, and {@code %} itself, written as {@code %XX}. The result is
 * printable ASCII with no spaces, safe in a CGI param (no NUL, which php-fpm would cut at) and in a
 * response header line (no CR/LF, no leading or trailing blanks). PHP reads it with
 * {@code rawurldecode()}.
 *
 * <p>Stateless; thread-safe.
 */
final class Pct {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Pct() {
    }

    /** The minimal percent form of {@code s}. */
    static String encode(String s) {
        return encode(s, false);
    }

    /**
     * The percent form of {@code s}; with {@code uriPath} every byte other than
     * {@code A-Z a-z 0-9 - . _ ~} is escaped (for {@code REQUEST_URI}).
     */
    static String encode(String s, boolean uriPath) {
        if (isPlain(s, uriPath)) {
            return s;
        }
        byte[] bytes = Wtf8.encode(s);
        StringBuilder sb = new StringBuilder(bytes.length + 16);
        for (byte x : bytes) {
            int b = x & 0xFF;
            if (keep(b, uriPath)) {
                sb.append((char) b);
            } else {
                sb.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return sb.toString();
    }

    private static boolean isPlain(String s, boolean uriPath) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (!keep(s.charAt(i), uriPath)) {
                return false;
            }
        }
        return true;
    }

    private static boolean keep(int c, boolean uriPath) {
        if (uriPath) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~';
        }
        return c >= 0x21 && c <= 0x7E && c != '%';
    }

    /**
     * Decodes a percent form. Any {@code %XX} is accepted (so PHP's {@code rawurlencode()} output
     * is fine); other characters stand for themselves (non-ASCII ones as their UTF-8).
     *
     * @param what names the header or param, for the error message
     * @throws WireFormatException on a {@code %} not followed by two hex digits
     */
    static String decode(String s, String what) throws WireFormatException {
        boolean plain = true;
        for (int i = 0, n = s.length(); i < n && plain; i++) {
            char c = s.charAt(i);
            plain = c != '%' && c < 0x80;
        }
        if (plain) {
            return s;
        }
        byte[] out = new byte[s.length() * 3];
        int p = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < n ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new WireFormatException(what + ": bad percent escape at index " + i + " in "
                            + WireFormatException.quote(s) + " (expected %XX with two hex digits)");
                }
                out[p++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out[p++] = (byte) c;
            } else {
                int next = i + 1 < n ? s.charAt(i + 1) : 0;
                String one = Character.isHighSurrogate(c) && Character.isLowSurrogate((char) next)
                        ? s.substring(i, ++i + 1) : String.valueOf(c);
                for (byte b : Wtf8.encode(one)) {
                    out[p++] = b;
                }
            }
        }
        return Wtf8.decode(out, 0, p);
    }

    /** The number of UTF-8 bytes {@code s} takes (a surrogate pair counts 4; unpaired ones 2 each). */
    static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                bytes += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }
}
