package dev.fpmjms.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.fpmjms.envelope.BodyType;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.StreamMessage;

/**
 * A {@link StreamMessage}: a sequence of typed elements (primitive wrappers, Character, String,
 * byte[], null) read in order with the conversion table of {@link JmsValueConversion}. Write-only
 * until {@link #reset()} or receipt, like {@link FpmBytesMessage}.
 *
 * <p>A read that fails with {@code MessageFormatException}, {@code NumberFormatException} or
 * {@code NullPointerException} leaves the position where it was, so the element can be read
 * again as another type (spec). A byte[] element is read in chunks by {@link #readBytes}; once
 * started, it must be read to its end before any other element. Not thread-safe.
 */
public final class FpmStreamMessage extends FpmMessage implements StreamMessage {

    private List<Object> elements;
    private int position;
    /** Bytes already handed out of the byte[] element at {@code position}; -1 when none is being read. */
    private int bytesOffset = -1;

    /** A write-only, empty stream message. */
    public FpmStreamMessage() {
        elements = new ArrayList<>();
    }

    /** A message reading {@code received} in place, never modifying it. */
    FpmStreamMessage(List<Object> received) {
        elements = received;
        setBodyReadOnly(true);
    }

    private Object current(String type) throws JMSException {
        checkBodyReadable();
        if (bytesOffset >= 0 && bytesOffset == ((byte[]) elements.get(position)).length) {
            endBytes(); // read to its end: the next element may be read without a -1 first
        }
        if (bytesOffset >= 0) {
            throw new MessageFormatException("the byte[] element " + position
                    + " is partly read; read it to its end with readBytes before reading a " + type);
        }
        if (position >= elements.size()) {
            throw new MessageEOFException("end of StreamMessage: no element " + position + " to read as " + type
                    + " (" + elements.size() + " elements)");
        }
        return elements.get(position);
    }

    private String describe() {
        return "stream element " + position;
    }

    @Override
    public boolean readBoolean() throws JMSException {
        boolean v = JmsValueConversion.toBoolean(current("boolean"), describe());
        position++;
        return v;
    }

    @Override
    public byte readByte() throws JMSException {
        byte v = JmsValueConversion.toByte(current("byte"), describe());
        position++;
        return v;
    }

    @Override
    public short readShort() throws JMSException {
        short v = JmsValueConversion.toShort(current("short"), describe());
        position++;
        return v;
    }

    @Override
    public char readChar() throws JMSException {
        char v = JmsValueConversion.toChar(current("char"), describe());
        position++;
        return v;
    }

    @Override
    public int readInt() throws JMSException {
        int v = JmsValueConversion.toInt(current("int"), describe());
        position++;
        return v;
    }

    @Override
    public long readLong() throws JMSException {
        long v = JmsValueConversion.toLong(current("long"), describe());
        position++;
        return v;
    }

    @Override
    public float readFloat() throws JMSException {
        float v = JmsValueConversion.toFloat(current("float"), describe());
        position++;
        return v;
    }

    @Override
    public double readDouble() throws JMSException {
        double v = JmsValueConversion.toDouble(current("double"), describe());
        position++;
        return v;
    }

    @Override
    public String readString() throws JMSException {
        String v = JmsValueConversion.toText(current("String"), describe());
        position++;
        return v;
    }

    /** The element as its wrapper object (byte[] copied) or {@code null}. */
    @Override
    public Object readObject() throws JMSException {
        Object v = JmsValueConversion.exported(current("Object"));
        position++;
        return v;
    }

    /**
     * Reads the next chunk of a byte[] element. Returns the number of bytes read, and -1 once the
     * element has been read to its end (then the next call reads the next element). A null element
     * reads as -1, an empty one as 0 and then -1. After a chunk shorter than {@code value} the
     * element is read in full, so another type of element may be read next without the -1.
     *
     * @throws MessageFormatException when the element is not a byte[] (the position stays)
     */
    @Override
    public int readBytes(byte[] value) throws JMSException {
        if (bytesOffset < 0) {
            Object element = current("byte[]");
            if (element == null) {
                position++;
                return -1;
            }
            if (!(element instanceof byte[])) {
                throw new MessageFormatException(describe() + " holds a " + JmsValueConversion.typeName(element)
                        + " which cannot be read as byte[] (Jakarta Messaging conversion table)");
            }
            bytesOffset = 0;
            if (((byte[]) element).length == 0) {
                return 0;
            }
        }
        byte[] field = (byte[]) elements.get(position);
        int remaining = field.length - bytesOffset;
        if (remaining == 0) {
            endBytes();
            return -1;
        }
        int n = Math.min(value.length, remaining);
        System.arraycopy(field, bytesOffset, value, 0, n);
        bytesOffset += n;
        return n;
    }

    private void endBytes() {
        bytesOffset = -1;
        position++;
    }

    private void add(Object value) throws JMSException {
        checkBodyWritable();
        elements.add(value);
    }

    @Override public void writeBoolean(boolean value) throws JMSException { add(value); }
    @Override public void writeByte(byte value) throws JMSException { add(value); }
    @Override public void writeShort(short value) throws JMSException { add(value); }
    @Override public void writeChar(char value) throws JMSException { add(value); }
    @Override public void writeInt(int value) throws JMSException { add(value); }
    @Override public void writeLong(long value) throws JMSException { add(value); }
    @Override public void writeFloat(float value) throws JMSException { add(value); }
    @Override public void writeDouble(double value) throws JMSException { add(value); }
    @Override public void writeString(String value) throws JMSException { add(value); }

    /** Writes a copy of {@code value} as one byte[] element ({@code null} writes a null element). */
    @Override
    public void writeBytes(byte[] value) throws JMSException {
        add(value == null ? null : value.clone());
    }

    /** Writes a copy of {@code length} bytes of {@code value} from {@code offset} as one element. */
    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        Objects.checkFromIndexSize(offset, length, value.length);
        byte[] copy = new byte[length];
        System.arraycopy(value, offset, copy, 0, length);
        add(copy);
    }

    /**
     * Writes a primitive wrapper, Character, String, byte[] (copied) or {@code null}.
     *
     * @throws MessageFormatException for any other type
     */
    @Override
    public void writeObject(Object value) throws JMSException {
        checkBodyWritable();
        if (value != null && !JmsValueConversion.isBodyValue(value)) {
            throw new MessageFormatException("StreamMessage.writeObject cannot write a " + value.getClass().getName()
                    + "; allowed: primitive wrappers, Character, String, byte[], null");
        }
        elements.add(JmsValueConversion.exported(value));
    }

    /** Makes the body read-only and moves the read position to the first element. */
    @Override
    public void reset() {
        setBodyReadOnly(true);
        position = 0;
        bytesOffset = -1;
    }

    /** @throws MessageFormatException always: the spec gives a StreamMessage no body type */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        throw new MessageFormatException("getBody is not supported for a StreamMessage (Jakarta Messaging 3.1, Message.getBody)");
    }

    /** Always {@code false}: a StreamMessage body cannot be assigned to any type. */
    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        return false;
    }

    @Override
    BodyType bodyType() {
        return BodyType.STREAM;
    }

    /** The elements; copied while writable (the application may go on writing), shared once read-only. */
    @Override
    Object envelopeBody() {
        return isBodyReadOnly() ? elements : new ArrayList<>(elements);
    }

    @Override
    void clearBodyContent() {
        elements = new ArrayList<>();
        position = 0;
        bytesOffset = -1;
    }
}
