package dev.fpmjms.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array written front to back, big-endian. Not thread-safe; owned by the thread
 * that encodes one record. {@link #array()} exposes the internal array without a copy: its first
 * {@link #size()} bytes are the content.
 */
final class ByteSink {
    private byte[] buf;
    private int size;

    ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    /** The internal array; only the first {@link #size()} bytes are content. */
    byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            long wanted = Math.max((long) buf.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("record larger than " + (Integer.MAX_VALUE - 16) + " bytes");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    void putByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void putInt(int v) {
        ensure(4);
        setInt(size, v);
        size += 4;
    }

    void setInt(int pos, int v) {
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
    }

    void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    /** Unsigned LEB128: 1 byte below 128, at most 10 bytes. */
    void putVarlong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** Zig-zag LEB128, so small negative numbers stay short. */
    void putZigzag(long v) {
        putVarlong((v << 1) ^ (v >> 63));
    }

    void putBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    /** {@code null} as 0, else length + 1 and the bytes. */
    void putNullableBytes(byte[] b) {
        if (b == null) {
            putVarlong(0);
        } else {
            putVarlong(b.length + 1L);
            putBytes(b, 0, b.length);
        }
    }

    /**
     * A string, {@code null} included: a header {@code 0} for null, else
     * {@code ((length << 1) | utf16) + 1} followed by UTF-8 bytes, or, for a string with unpaired
     * surrogates (which UTF-8 cannot carry), its UTF-16 chars. Lossless for every Java string.
     */
    void putString(String s) {
        if (s == null) {
            putVarlong(0);
        } else if (isWellFormed(s)) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            putVarlong(((long) b.length << 1) + 1);
            putBytes(b, 0, b.length);
        } else {
            putVarlong(((long) s.length() << 1 | 1) + 1);
            ensure(s.length() * 2);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                buf[size++] = (byte) (c >>> 8);
                buf[size++] = (byte) c;
            }
        }
    }

    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
