package dev.fpmjms.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one percent-encoding of the project, in two forms over the WTF-8 bytes of a string
 * ({@link Wtf8}; for a well-formed string that is its UTF-8):
 * <ul>
 *   <li>the wire form ({@link #encode(String)}) used for string headers: every byte outside
 *       {@code 0x21..0x7E}, and {@code %} itself, written as {@code %XX}. The result is printable
 *       ASCII with no spaces, safe in a CGI param (no NUL, which php-fpm would cut at) and in a
 *       response header line (no CR/LF, no leading or trailing blanks). PHP reads it with
 *       {@code rawurldecode()};</li>
 *   <li>the URI form ({@link #encode(String, String)}, RFC 3986, no {@code +} for space): every
 *       byte but the unreserved letters, digits and {@code -_~} and the characters a caller keeps,
 *       for {@code REQUEST_URI} and the configuration URI.</li>
 * </ul>
 * Decoding accepts any {@code %XX} (so PHP's {@code rawurlencode()} output is fine); other
 * characters stand for themselves.
 *
 * <p>Stateless; thread-safe.
 */
public final class PercentEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String UNRESERVED_PUNCTUATION = "-_~";

    private PercentEncoding() {
    }

    /** The minimal (wire) percent form of {@code s}. */
    public static String encode(String s) {
        return encode(s, null);
    }

    /**
     * The URI percent form of {@code s}: every byte other than {@code A-Z a-z 0-9 - _ ~} and the
     * ASCII characters in {@code keep} is escaped.
     *
     * @param keep further ASCII characters to leave as they are; {@code null} for the wire form
     */
    public static String encode(String s, String keep) {
        if (isPlain(s, keep)) {
            return s;
        }
        byte[] bytes = Wtf8.encode(s);
        StringBuilder sb = new StringBuilder(bytes.length + 16);
        for (byte x : bytes) {
            int b = x & 0xFF;
            if (keep(b, keep)) {
                sb.append((char) b);
            } else {
                sb.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return sb.toString();
    }

    private static boolean isPlain(String s, String keep) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (!keep(s.charAt(i), keep)) {
                return false;
            }
        }
        return true;
    }

    private static boolean keep(int c, String keep) {
        if (keep != null) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c < 0x80 && (UNRESERVED_PUNCTUATION.indexOf(c) >= 0 || keep.indexOf(c) >= 0);
        }
        return c >= 0x21 && c <= 0x7E && c != '%';
    }

    /**
     * Decodes a percent form as WTF-8: every Java string survives the trip; bytes that are not
     * UTF-8 decode to U+FFFD.
     *
     * @param what names the header or param, for the error message
     * @throws WireFormatException on a {@code %} not followed by two hex digits
     */
    public static String decode(String s, String what) throws WireFormatException {
        if (isPlainAscii(s)) {
            return s;
        }
        byte[] out = new byte[s.length() * 3];
        int p = unescape(s, out);
        if (p < 0) {
            throw new WireFormatException(what + ": bad percent escape at index " + (-p - 1) + " in "
                    + WireFormatException.quote(s) + " (expected %XX with two hex digits)");
        }
        return Wtf8.decode(out, 0, p);
    }

    /**
     * Decodes a percent form whose bytes must be well-formed UTF-8 (a configuration value).
     *
     * @throws IllegalArgumentException saying what was expected: escapes of two hex digits, or
     *                                  escapes that form UTF-8
     */
    public static String decodeUtf8(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] out = new byte[s.length() * 3];
        int p = unescape(s, out);
        if (p < 0) {
            throw new IllegalArgumentException("percent-escapes of two hex digits (%2F); a literal % is %25");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out, 0, p)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-escapes that form UTF-8");
        }
    }

    private static boolean isPlainAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '%' || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the bytes {@code s} stands for into {@code out} (at least 3 bytes per char): escapes
     * as their byte, other characters as their WTF-8.
     *
     * @return the number of bytes, or {@code -(index + 1)} of a {@code %} not followed by two hex digits
     */
    private static int unescape(String s, byte[] out) {
        int p = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < n ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    return -(i + 1);
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
        return p;
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
