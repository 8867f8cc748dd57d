package dev.fpmjms.fastcgi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * FastCGI name-value pairs, the content of {@code PARAMS}, {@code GET_VALUES} and
 * {@code GET_VALUES_RESULT}. Each pair is:
 * <pre>
 * struct nameValuePair {
 *     length nameLength;      // 1 byte 0..127, or 4 bytes big endian with the high bit set
 *     length valueLength;     //   (0x80000000 | n) for n = 128..2^31-1
 *     ubyte[nameLength] nameData;
 *     ubyte[valueLength] valueData;
 * }
 * </pre>
 * Names and values are UTF-8. Encoding is strict: a {@code null} name or value, a string with an
 * unpaired surrogate (which UTF-8 cannot carry) or one longer than 2^31-1 bytes is rejected with
 * an {@link IllegalArgumentException} naming it, never replaced. Decoding replaces malformed
 * UTF-8 with U+FFFD, as the peer's bytes are not ours to reject.
 *
 * <p>Stateless and thread-safe.
 */
public final class FcgiNameValuePairs {

    /** The largest name or value length the 31-bit length field can carry. */
    public static final int MAX_LENGTH = Integer.MAX_VALUE;

    private static final int MAX_SHORT_LENGTH = 0x7F;
    private static final int LONG_LENGTH_FLAG = 0x80;
    private static final int SHORT_LENGTH_BYTES = 1;
    private static final int LONG_LENGTH_BYTES = 4;
    private static final int MAX_QUOTED = 64;

    private FcgiNameValuePairs() {
    }

    /**
     * Encodes the pairs, in the map's iteration order, into a new heap buffer of exactly the
     * encoded size, ready to read (position 0, limit = size).
     *
     * @throws IllegalArgumentException a name or value is {@code null}, not valid UTF-16 or too
     *                                  long, or the whole encoding exceeds 2^31-1 bytes
     */
    public static ByteBuffer encode(Map<String, String> pairs) {
        int[] lengths = utf8Lengths(pairs);
        long size = encodedLength(lengths);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("name-value pairs of " + size
                    + " bytes exceed the limit of " + Integer.MAX_VALUE + " bytes");
        }
        byte[] dst = new byte[(int) size];
        encode(pairs, lengths, dst, 0);
        return ByteBuffer.wrap(dst);
    }

    /**
     * Decodes pairs from all the remaining bytes of {@code src}, which is left at its limit. The
     * bytes must hold whole pairs and nothing else. A repeated name keeps its last value.
     *
     * @return an unmodifiable map in wire order
     * @throws FcgiProtocolException a length runs past the end of the bytes
     */
    public static Map<String, String> decode(ByteBuffer src) throws FcgiProtocolException {
        Map<String, String> pairs = new LinkedHashMap<>();
        while (src.hasRemaining()) {
            int nameLength = getLength(src);
            int valueLength = getLength(src);
            long pairLength = (long) nameLength + valueLength;
            if (pairLength > src.remaining()) {
                throw new FcgiProtocolException("name-value pair of " + nameLength + "+"
                        + valueLength + " bytes runs past the " + src.remaining()
                        + " bytes left in the record");
            }
            String name = getUtf8(src, nameLength);
            pairs.put(name, getUtf8(src, valueLength));
        }
        return Collections.unmodifiableMap(pairs);
    }

    /**
     * The UTF-8 lengths of every name and value in iteration order: {@code [name0, value0,
     * name1, value1, ...]}. Validates every string.
     */
    static int[] utf8Lengths(Map<String, String> pairs) {
        Objects.requireNonNull(pairs, "pairs");
        int[] lengths = new int[pairs.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            String name = e.getKey();
            if (name == null) {
                throw new IllegalArgumentException("FastCGI parameter name must not be null");
            }
            String value = e.getValue();
            if (value == null) {
                throw new IllegalArgumentException("value of FastCGI parameter '" + quote(name)
                        + "' must not be null");
            }
            lengths[i++] = utf8Length(name, "name of FastCGI parameter", name);
            lengths[i++] = utf8Length(value, "value of FastCGI parameter", name);
        }
        return lengths;
    }

    /** The encoded size of pairs whose string lengths are {@code lengths}. */
    static long encodedLength(int[] lengths) {
        long size = 0;
        for (int length : lengths) {
            size += lengthFieldSize(length) + (long) length;
        }
        return size;
    }

    /**
     * Writes the pairs at {@code off}; {@code lengths} comes from {@link #utf8Lengths} on the
     * same map, and {@code dst} has room for {@link #encodedLength}. Returns the end offset.
     */
    static int encode(Map<String, String> pairs, int[] lengths, byte[] dst, int off) {
        int i = 0;
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            off = putPair(dst, off, e.getKey(), lengths[i], e.getValue(), lengths[i + 1]);
            i += 2;
        }
        return off;
    }

    /** Writes one pair whose UTF-8 lengths are known; returns the end offset. */
    static int putPair(byte[] dst, int off, String name, int nameLength, String value,
            int valueLength) {
        off = putLength(dst, off, nameLength);
        off = putLength(dst, off, valueLength);
        off = putUtf8(name, dst, off);
        return putUtf8(value, dst, off);
    }

    static int lengthFieldSize(int length) {
        return length <= MAX_SHORT_LENGTH ? SHORT_LENGTH_BYTES : LONG_LENGTH_BYTES;
    }

    private static int putLength(byte[] dst, int off, int length) {
        if (length <= MAX_SHORT_LENGTH) {
            dst[off] = (byte) length;
            return off + SHORT_LENGTH_BYTES;
        }
        dst[off] = (byte) (LONG_LENGTH_FLAG | (length >>> 24));
        dst[off + 1] = (byte) (length >>> 16);
        dst[off + 2] = (byte) (length >>> 8);
        dst[off + 3] = (byte) length;
        return off + LONG_LENGTH_BYTES;
    }

    private static int getLength(ByteBuffer src) throws FcgiProtocolException {
        if (!src.hasRemaining()) {
            throw new FcgiProtocolException("name-value pair truncated: a length is missing");
        }
        int first = src.get() & 0xFF;
        if ((first & LONG_LENGTH_FLAG) == 0) {
            return first;
        }
        if (src.remaining() < LONG_LENGTH_BYTES - 1) {
            throw new FcgiProtocolException("name-value pair truncated: a 4-byte length has only "
                    + (src.remaining() + 1) + " bytes");
        }
        int b1 = src.get() & 0xFF;
        int b2 = src.get() & 0xFF;
        int b3 = src.get() & 0xFF;
        return ((first & ~LONG_LENGTH_FLAG) << 24) | (b1 << 16) | (b2 << 8) | b3;
    }

    private static String getUtf8(ByteBuffer src, int length) {
        String s;
        if (src.hasArray()) {
            s = new String(src.array(), src.arrayOffset() + src.position(), length,
                    StandardCharsets.UTF_8);
            src.position(src.position() + length);
        } else {
            byte[] bytes = new byte[length];
            src.get(bytes);
            s = new String(bytes, StandardCharsets.UTF_8);
        }
        return s;
    }

    /** The UTF-8 length of {@code s}; rejects unpaired surrogates and lengths over 2^31-1. */
    static int utf8Length(String s, String what, String paramName) {
        int n = s.length();
        long length = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                length += 1;
            } else if (!Character.isSurrogate(c)) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 2; // two chars, four bytes
                i++;
            } else {
                throw new IllegalArgumentException(what + " '" + quote(paramName)
                        + "' has an unpaired surrogate at index " + i
                        + ", which UTF-8 cannot encode");
            }
        }
        return checkLength(length, what, paramName);
    }

    static int checkLength(long length, String what, String paramName) {
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " '" + quote(paramName) + "' is " + length
                    + " bytes in UTF-8, over the FastCGI limit of " + MAX_LENGTH + " bytes");
        }
        return (int) length;
    }

    /** Writes {@code s} as UTF-8; it was validated by {@link #utf8Length}. */
    private static int putUtf8(String s, byte[] dst, int off) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                dst[off++] = (byte) c;
            } else if (c < 0x800) {
                dst[off++] = (byte) (0xC0 | (c >>> 6));
                dst[off++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                dst[off++] = (byte) (0xF0 | (cp >>> 18));
                dst[off++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
                dst[off++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
                dst[off++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                dst[off++] = (byte) (0xE0 | (c >>> 12));
                dst[off++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
                dst[off++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return off;
    }

    private static String quote(String name) {
        return name.length() <= MAX_QUOTED ? name : name.substring(0, MAX_QUOTED) + "...";
    }
}
