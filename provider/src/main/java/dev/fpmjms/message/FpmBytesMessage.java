package dev.fpmjms.message;

import dev.fpmjms.envelope.BodyType;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;

/**
 * A {@link BytesMessage}: an uninterpreted byte body written and read in the layout of
 * {@code java.io.DataOutputStream}. A new message is write-only; {@link #reset()} (or receipt)
 * makes it read-only with the position at the start ({@code MessageNotReadableException} /
 * {@code MessageNotWriteableException} otherwise); {@link #clearBody()} empties it and makes it
 * write-only again. Reading past the end throws {@code MessageEOFException}.
 *
 * <p>A received message reads the envelope's array in place; sending hands the body to the
 * envelope without a copy when it is already exactly sized (see {@link BytesBody}). Not
 * thread-safe.
 */
public final class FpmBytesMessage extends FpmMessage implements BytesMessage {

    private BytesBody body;

    /** A write-only, empty bytes message. */
    public FpmBytesMessage() {
        body = new BytesBody();
    }

    /** A message reading {@code received} in place (the caller puts it in the received state). */
    FpmBytesMessage(byte[] received) {
        body = BytesBody.of(received);
        setBodyReadOnly(true);
    }

    @Override
    public long getBodyLength() throws JMSException {
        checkBodyReadable();
        return body.length();
    }

    @Override
    public boolean readBoolean() throws JMSException {
        checkBodyReadable();
        return body.readByte("boolean") != 0;
    }

    @Override
    public byte readByte() throws JMSException {
        checkBodyReadable();
        return body.readByte("byte");
    }

    @Override
    public int readUnsignedByte() throws JMSException {
        checkBodyReadable();
        return body.readByte("unsigned byte") & 0xFF;
    }

    @Override
    public short readShort() throws JMSException {
        checkBodyReadable();
        return body.readShort("short");
    }

    @Override
    public int readUnsignedShort() throws JMSException {
        checkBodyReadable();
        return body.readShort("unsigned short") & 0xFFFF;
    }

    @Override
    public char readChar() throws JMSException {
        checkBodyReadable();
        return (char) body.readShort("char");
    }

    @Override
    public int readInt() throws JMSException {
        checkBodyReadable();
        return body.readInt("int");
    }

    @Override
    public long readLong() throws JMSException {
        checkBodyReadable();
        return body.readLong("long");
    }

    @Override
    public float readFloat() throws JMSException {
        checkBodyReadable();
        return Float.intBitsToFloat(body.readInt("float"));
    }

    @Override
    public double readDouble() throws JMSException {
        checkBodyReadable();
        return Double.longBitsToDouble(body.readLong("double"));
    }

    @Override
    public String readUTF() throws JMSException {
        checkBodyReadable();
        return body.readUtf();
    }

    /** Fills {@code value} as far as the body allows; returns the count, or -1 at the end of the body. */
    @Override
    public int readBytes(byte[] value) throws JMSException {
        checkBodyReadable();
        return body.read(value, value.length);
    }

    /**
     * Reads up to {@code length} bytes; returns the count, or -1 at the end of the body.
     *
     * @throws IndexOutOfBoundsException when {@code length} is negative or over {@code value.length}
     */
    @Override
    public int readBytes(byte[] value, int length) throws JMSException {
        checkBodyReadable();
        return body.read(value, length);
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        checkBodyWritable();
        body.writeByte(value ? 1 : 0);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        checkBodyWritable();
        body.writeByte(value);
    }

    @Override
    public void writeShort(short value) throws JMSException {
        checkBodyWritable();
        body.writeShort(value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        checkBodyWritable();
        body.writeShort(value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        checkBodyWritable();
        body.writeInt(value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        checkBodyWritable();
        body.writeLong(value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        checkBodyWritable();
        body.writeInt(Float.floatToIntBits(value));
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        checkBodyWritable();
        body.writeLong(Double.doubleToLongBits(value));
    }

    @Override
    public void writeUTF(String value) throws JMSException {
        checkBodyWritable();
        body.writeUtf(value);
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        checkBodyWritable();
        body.write(value, 0, value.length);
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        checkBodyWritable();
        body.write(value, offset, length);
    }

    /**
     * Writes a Boolean, Byte, Short, Character, Integer, Long, Float, Double, String (as
     * {@code writeUTF}) or byte[].
     *
     * @throws NullPointerException   when {@code value} is null
     * @throws MessageFormatException for any other type
     */
    @Override
    public void writeObject(Object value) throws JMSException {
        checkBodyWritable();
        if (value == null) {
            throw new NullPointerException("BytesMessage.writeObject does not accept null");
        } else if (value instanceof Boolean) {
            body.writeByte((Boolean) value ? 1 : 0);
        } else if (value instanceof Byte) {
            body.writeByte((Byte) value);
        } else if (value instanceof Short) {
            body.writeShort((Short) value);
        } else if (value instanceof Character) {
            body.writeShort((Character) value);
        } else if (value instanceof Integer) {
            body.writeInt((Integer) value);
        } else if (value instanceof Long) {
            body.writeLong((Long) value);
        } else if (value instanceof Float) {
            body.writeInt(Float.floatToIntBits((Float) value));
        } else if (value instanceof Double) {
            body.writeLong(Double.doubleToLongBits((Double) value));
        } else if (value instanceof String) {
            body.writeUtf((String) value);
        } else if (value instanceof byte[]) {
            byte[] bytes = (byte[]) value;
            body.write(bytes, 0, bytes.length);
        } else {
            throw new MessageFormatException("BytesMessage.writeObject cannot write a " + value.getClass().getName()
                    + "; allowed: primitive wrappers, String, byte[]");
        }
    }

    /** Makes the body read-only and moves the read position to the start. */
    @Override
    public void reset() {
        setBodyReadOnly(true);
        body.rewind();
    }

    /**
     * A copy of the whole body for {@code byte[].class} or {@code Object.class}; {@code null} (for any
     * class) when the body is empty. Resets the message before and after, as the spec says.
     */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        reset();
        if (body.length() == 0) {
            return null;
        }
        if (!c.isAssignableFrom(byte[].class)) {
            throw new MessageFormatException("BytesMessage body is a byte[] and cannot be assigned to " + c.getName());
        }
        return c.cast(body.copy());
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public boolean isBodyAssignableTo(Class c) {
        return body.length() == 0 || c.isAssignableFrom(byte[].class);
    }

    @Override
    BodyType bodyType() {
        return BodyType.BYTES;
    }

    @Override
    Object envelopeBody() {
        return body.snapshot();
    }

    @Override
    void clearBodyContent() {
        body.clear();
    }
}
