package dev.fpmjms.message;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.util.Arrays;
import java.util.Objects;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;

/**
 * The bytes of a {@code BytesMessage} in the big-endian layout of {@code java.io.DataOutputStream}
 * (modified UTF-8 for strings), with a write side that appends and a read side with a position.
 *
 * <p>Buffer ownership: {@link #snapshot()} hands out an array that is never written to again;
 * the next write copies it first (copy-on-write). A body built from a received envelope
 * ({@link #of(byte[])}) reads the envelope's array in place and never writes to it. Not
 * thread-safe.
 */
final class BytesBody {

    private static final byte[] EMPTY = new byte[0];

    private byte[] data = EMPTY;
    private int length;
    private int position;
    /** {@code data} is also held elsewhere (an envelope): it must be copied before any write. */
    private boolean shared;

    /** A body reading {@code received} in place; the array is never modified. */
    static BytesBody of(byte[] received) {
        BytesBody body = new BytesBody();
        body.data = received;
        body.length = received.length;
        body.shared = true;
        return body;
    }

    int length() {
        return length;
    }

    /** Moves the read position to the start. */
    void rewind() {
        position = 0;
    }

    void clear() {
        data = EMPTY;
        length = 0;
        position = 0;
        shared = false;
    }

    /** The body as an exactly sized array that this object will never write to again. */
    byte[] snapshot() {
        if (length != data.length) {
            data = Arrays.copyOf(data, length);
        }
        shared = true;
        return data;
    }

    /** A fresh copy of the whole body, for the caller to keep and change. */
    byte[] copy() {
        return Arrays.copyOf(data, length);
    }

    // ---- write side ------------------------------------------------------------------------

    private void ensure(int extra) {
        int needed = length + extra;
        if (needed < 0) {
            throw new IllegalStateException("BytesMessage body would exceed " + Integer.MAX_VALUE + " bytes");
        }
        if (shared || needed > data.length) {
            int capacity = Math.max(needed, Math.max(64, data.length + (data.length >> 1)));
            data = Arrays.copyOf(data, capacity);
            shared = false;
        }
    }

    void writeByte(int v) {
        ensure(1);
        data[length++] = (byte) v;
    }

    void writeShort(int v) {
        ensure(2);
        data[length++] = (byte) (v >>> 8);
        data[length++] = (byte) v;
    }

    void writeInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            data[length++] = (byte) (v >>> shift);
        }
    }

    void writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            data[length++] = (byte) (v >>> shift);
        }
    }

    void write(byte[] bytes, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, bytes.length);
        ensure(count);
        System.arraycopy(bytes, offset, data, length, count);
        length += count;
    }

    /** Writes a 2-byte length and the modified UTF-8 encoding, as {@code DataOutputStream.writeUTF}. */
    void writeUtf(String s) throws MessageFormatException {
        int utfLength = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            utfLength += c >= 0x0001 && c <= 0x007F ? 1 : c > 0x07FF ? 3 : 2;
        }
        if (utfLength > 65535) {
            throw new MessageFormatException("writeUTF string encodes to " + utfLength
                    + " bytes of modified UTF-8, over the limit of 65535");
        }
        ensure(2 + utfLength);
        data[length++] = (byte) (utfLength >>> 8);
        data[length++] = (byte) utfLength;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                data[length++] = (byte) c;
            } else if (c > 0x07FF) {
                data[length++] = (byte) (0xE0 | ((c >> 12) & 0x0F));
                data[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                data[length++] = (byte) (0x80 | (c & 0x3F));
            } else {
                data[length++] = (byte) (0xC0 | ((c >> 6) & 0x1F));
                data[length++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    // ---- read side -------------------------------------------------------------------------

    private int take(int count, String type) throws MessageEOFException {
        if (length - position < count) {
            throw new MessageEOFException("end of BytesMessage body reading a " + type + " at byte " + position
                    + " of " + length + " (" + count + " bytes needed)");
        }
        int at = position;
        position += count;
        return at;
    }

    byte readByte(String type) throws MessageEOFException {
        return data[take(1, type)];
    }

    short readShort(String type) throws MessageEOFException {
        int at = take(2, type);
        return (short) (((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF));
    }

    int readInt(String type) throws MessageEOFException {
        int at = take(4, type);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (data[at + i] & 0xFF);
        }
        return v;
    }

    long readLong(String type) throws MessageEOFException {
        int at = take(8, type);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (data[at + i] & 0xFF);
        }
        return v;
    }

    String readUtf() throws JMSException {
        if (length - position < 2) {
            throw new MessageEOFException("end of BytesMessage body reading a UTF string length at byte "
                    + position + " of " + length);
        }
        int utfLength = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
        if (length - position - 2 < utfLength) {
            throw new MessageEOFException("end of BytesMessage body reading a UTF string of " + utfLength
                    + " bytes at byte " + position + " of " + length);
        }
        try {
            String s = new DataInputStream(new ByteArrayInputStream(data, position, 2 + utfLength)).readUTF();
            position += 2 + utfLength;
            return s;
        } catch (UTFDataFormatException e) {
            MessageFormatException mfe = new MessageFormatException("malformed modified UTF-8 at byte "
                    + position + ": " + e.getMessage());
            mfe.setLinkedException(e);
            throw mfe;
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory failed", e);
        }
    }

    /** Reads up to {@code count} bytes into {@code target}; -1 at the end of the body. */
    int read(byte[] target, int count) {
        if (count < 0 || count > target.length) {
            throw new IndexOutOfBoundsException("readBytes length " + count + " is outside 0.."
                    + target.length + " (the array's length)");
        }
        if (position >= length) {
            return -1;
        }
        int n = Math.min(count, length - position);
        System.arraycopy(data, position, target, 0, n);
        position += n;
        return n;
    }
}
