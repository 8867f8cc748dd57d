package dev.fpmjms.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link ByteSink} wrote, from a slice of an array, checking every bound: malformed
 * input fails with {@link MalformedRecordException} naming the field, never with an
 * out-of-bounds error or a huge allocation. Not thread-safe; the array is borrowed, not copied.
 */
final class ByteSource {
    private final byte[] buf;
    private final int end;
    private int pos;

    ByteSource(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    int remaining() {
        return end - pos;
    }

    private void need(int n, String what) {
        if (n < 0 || end - pos < n) {
            throw new MalformedRecordException(what + " needs " + n + " bytes, " + (end - pos) + " left");
        }
    }

    int getByte(String what) {
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    int getInt(String what) {
        need(4, what);
        int v = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8 | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    long getLong(String what) {
        return (long) getInt(what) << 32 | (getInt(what) & 0xFFFFFFFFL);
    }

    long getVarlong(String what) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = getByte(what);
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new MalformedRecordException(what + ": varint longer than 10 bytes");
    }

    long getZigzag(String what) {
        long v = getVarlong(what);
        return (v >>> 1) ^ -(v & 1);
    }

    /** A count of items that each take at least one byte, checked against what is left. */
    int getCount(String what) {
        long n = getVarlong(what);
        if (n > remaining()) {
            throw new MalformedRecordException(what + " is " + n + " but only " + remaining() + " bytes are left");
        }
        return (int) n;
    }

    byte[] getBytes(int n, String what) {
        need(n, what);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    byte[] getNullableBytes(String what) {
        long h = getVarlong(what);
        if (h == 0) {
            return null;
        }
        if (h - 1 > remaining()) {
            throw new MalformedRecordException(what + " length " + (h - 1) + " exceeds the " + remaining() + " bytes left");
        }
        return getBytes((int) (h - 1), what);
    }

    String getString(String what) {
        long h = getVarlong(what);
        if (h == 0) {
            return null;
        }
        h--;
        long len = h >>> 1;
        boolean utf16 = (h & 1) != 0;
        long bytes = utf16 ? len * 2 : len;
        if (bytes > remaining()) {
            throw new MalformedRecordException(what + " length " + bytes + " exceeds the " + remaining() + " bytes left");
        }
        int n = (int) bytes;
        String s;
        if (utf16) {
            char[] chars = new char[(int) len];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) ((buf[pos + 2 * i] & 0xFF) << 8 | (buf[pos + 2 * i + 1] & 0xFF));
            }
            s = new String(chars);
        } else {
            s = new String(buf, pos, n, StandardCharsets.UTF_8);
        }
        pos += n;
        return s;
    }
}
