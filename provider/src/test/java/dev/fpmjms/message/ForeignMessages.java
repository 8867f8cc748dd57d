package dev.fpmjms.message;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;

/**
 * Minimal messages of "another provider": just enough state to be read through the standard
 * interfaces, with nothing shared with this package's classes. Methods the converter must not
 * need throw {@link UnsupportedOperationException}.
 */
final class ForeignMessages {

    private ForeignMessages() {
    }

    static class Plain implements Message {
        String messageId;
        long timestamp;
        String correlationId;
        Destination replyTo;
        Destination destination;
        String type;
        int deliveryMode = 2;
        int priority = 4;
        long expiration;
        long deliveryTime;
        boolean redelivered;
        final Map<String, Object> props = new LinkedHashMap<>();
        int resets;

        @Override public String getJMSMessageID() { return messageId; }
        @Override public void setJMSMessageID(String id) { messageId = id; }
        @Override public long getJMSTimestamp() { return timestamp; }
        @Override public void setJMSTimestamp(long t) { timestamp = t; }
        @Override public byte[] getJMSCorrelationIDAsBytes() { return correlationId.getBytes(StandardCharsets.ISO_8859_1); }
        @Override public void setJMSCorrelationIDAsBytes(byte[] id) { correlationId = new String(id, StandardCharsets.ISO_8859_1); }
        @Override public void setJMSCorrelationID(String id) { correlationId = id; }
        @Override public String getJMSCorrelationID() { return correlationId; }
        @Override public Destination getJMSReplyTo() { return replyTo; }
        @Override public void setJMSReplyTo(Destination d) { replyTo = d; }
        @Override public Destination getJMSDestination() { return destination; }
        @Override public void setJMSDestination(Destination d) { destination = d; }
        @Override public int getJMSDeliveryMode() { return deliveryMode; }
        @Override public void setJMSDeliveryMode(int m) { deliveryMode = m; }
        @Override public boolean getJMSRedelivered() { return redelivered; }
        @Override public void setJMSRedelivered(boolean r) { redelivered = r; }
        @Override public String getJMSType() { return type; }
        @Override public void setJMSType(String t) { type = t; }
        @Override public long getJMSExpiration() { return expiration; }
        @Override public void setJMSExpiration(long e) { expiration = e; }
        @Override public long getJMSDeliveryTime() { return deliveryTime; }
        @Override public void setJMSDeliveryTime(long t) { deliveryTime = t; }
        @Override public int getJMSPriority() { return priority; }
        @Override public void setJMSPriority(int p) { priority = p; }
        @Override public void clearProperties() { props.clear(); }
        @Override public boolean propertyExists(String n) { return props.containsKey(n); }
        @Override public boolean getBooleanProperty(String n) { throw new UnsupportedOperationException(); }
        @Override public byte getByteProperty(String n) { throw new UnsupportedOperationException(); }
        @Override public short getShortProperty(String n) { throw new UnsupportedOperationException(); }
        @Override public int getIntProperty(String n) { throw new UnsupportedOperationException(); }
        @Override public long getLongProperty(String n) { throw new UnsupportedOperationException(); }
        @Override public float getFloatProperty(String n) { throw new UnsupportedOperationException(); }
        @Override public double getDoubleProperty(String n) { throw new UnsupportedOperationException(); }
        @Override public String getStringProperty(String n) { throw new UnsupportedOperationException(); }
        @Override public Object getObjectProperty(String n) { return props.get(n); }
        @Override public Enumeration<String> getPropertyNames() { return Collections.enumeration(new ArrayList<>(props.keySet())); }
        @Override public void setBooleanProperty(String n, boolean v) { props.put(n, v); }
        @Override public void setByteProperty(String n, byte v) { props.put(n, v); }
        @Override public void setShortProperty(String n, short v) { props.put(n, v); }
        @Override public void setIntProperty(String n, int v) { props.put(n, v); }
        @Override public void setLongProperty(String n, long v) { props.put(n, v); }
        @Override public void setFloatProperty(String n, float v) { props.put(n, v); }
        @Override public void setDoubleProperty(String n, double v) { props.put(n, v); }
        @Override public void setStringProperty(String n, String v) { props.put(n, v); }
        @Override public void setObjectProperty(String n, Object v) { props.put(n, v); }
        @Override public void acknowledge() { }
        @Override public void clearBody() { throw new UnsupportedOperationException(); }
        @Override public <T> T getBody(Class<T> c) { throw new UnsupportedOperationException(); }
        @Override @SuppressWarnings("rawtypes") public boolean isBodyAssignableTo(Class c) { throw new UnsupportedOperationException(); }
    }

    static class Text extends Plain implements TextMessage {
        String text;

        @Override public void setText(String s) { text = s; }
        @Override public String getText() { return text; }
    }

    /** Reads its body in chunks of at most 7 bytes, to exercise the converter's read loop. */
    static final class Bytes extends Plain implements BytesMessage {
        final byte[] data;
        int pos;
        boolean readable;

        Bytes(byte[] data) {
            this.data = data.clone();
        }

        private void readableOrFail() throws JMSException {
            if (!readable) {
                throw new MessageNotReadableException("foreign: reset first");
            }
        }

        @Override public long getBodyLength() throws JMSException { readableOrFail(); return data.length; }

        @Override
        public int readBytes(byte[] value) throws JMSException {
            readableOrFail();
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(7, value.length), data.length - pos);
            System.arraycopy(data, pos, value, 0, n);
            pos += n;
            return n;
        }

        @Override public void reset() { pos = 0; readable = true; resets++; }
        @Override public boolean readBoolean() { throw new UnsupportedOperationException(); }
        @Override public byte readByte() { throw new UnsupportedOperationException(); }
        @Override public int readUnsignedByte() { throw new UnsupportedOperationException(); }
        @Override public short readShort() { throw new UnsupportedOperationException(); }
        @Override public int readUnsignedShort() { throw new UnsupportedOperationException(); }
        @Override public char readChar() { throw new UnsupportedOperationException(); }
        @Override public int readInt() { throw new UnsupportedOperationException(); }
        @Override public long readLong() { throw new UnsupportedOperationException(); }
        @Override public float readFloat() { throw new UnsupportedOperationException(); }
        @Override public double readDouble() { throw new UnsupportedOperationException(); }
        @Override public String readUTF() { throw new UnsupportedOperationException(); }
        @Override public int readBytes(byte[] value, int length) { throw new UnsupportedOperationException(); }
        @Override public void writeBoolean(boolean value) { throw new UnsupportedOperationException(); }
        @Override public void writeByte(byte value) { throw new UnsupportedOperationException(); }
        @Override public void writeShort(short value) { throw new UnsupportedOperationException(); }
        @Override public void writeChar(char value) { throw new UnsupportedOperationException(); }
        @Override public void writeInt(int value) { throw new UnsupportedOperationException(); }
        @Override public void writeLong(long value) { throw new UnsupportedOperationException(); }
        @Override public void writeFloat(float value) { throw new UnsupportedOperationException(); }
        @Override public void writeDouble(double value) { throw new UnsupportedOperationException(); }
        @Override public void writeUTF(String value) { throw new UnsupportedOperationException(); }
        @Override public void writeBytes(byte[] value) { throw new UnsupportedOperationException(); }
        @Override public void writeBytes(byte[] value, int offset, int length) { throw new UnsupportedOperationException(); }
        @Override public void writeObject(Object value) { throw new UnsupportedOperationException(); }
    }

    static final class Stream extends Plain implements StreamMessage {
        final List<Object> elements;
        int pos;
        boolean readable;

        Stream(List<Object> elements) {
            this.elements = new ArrayList<>(elements);
        }

        @Override
        public Object readObject() throws JMSException {
            if (!readable) {
                throw new MessageNotReadableException("foreign: reset first");
            }
            if (pos >= elements.size()) {
                throw new MessageEOFException("foreign: end");
            }
            return elements.get(pos++);
        }

        @Override public void reset() { pos = 0; readable = true; resets++; }
        @Override public boolean readBoolean() { throw new UnsupportedOperationException(); }
        @Override public byte readByte() { throw new UnsupportedOperationException(); }
        @Override public short readShort() { throw new UnsupportedOperationException(); }
        @Override public char readChar() { throw new UnsupportedOperationException(); }
        @Override public int readInt() { throw new UnsupportedOperationException(); }
        @Override public long readLong() { throw new UnsupportedOperationException(); }
        @Override public float readFloat() { throw new UnsupportedOperationException(); }
        @Override public double readDouble() { throw new UnsupportedOperationException(); }
        @Override public String readString() { throw new UnsupportedOperationException(); }
        @Override public int readBytes(byte[] value) { throw new UnsupportedOperationException(); }
        @Override public void writeBoolean(boolean value) { throw new UnsupportedOperationException(); }
        @Override public void writeByte(byte value) { throw new UnsupportedOperationException(); }
        @Override public void writeShort(short value) { throw new UnsupportedOperationException(); }
        @Override public void writeChar(char value) { throw new UnsupportedOperationException(); }
        @Override public void writeInt(int value) { throw new UnsupportedOperationException(); }
        @Override public void writeLong(long value) { throw new UnsupportedOperationException(); }
        @Override public void writeFloat(float value) { throw new UnsupportedOperationException(); }
        @Override public void writeDouble(double value) { throw new UnsupportedOperationException(); }
        @Override public void writeString(String value) { throw new UnsupportedOperationException(); }
        @Override public void writeBytes(byte[] value) { throw new UnsupportedOperationException(); }
        @Override public void writeBytes(byte[] value, int offset, int length) { throw new UnsupportedOperationException(); }
        @Override public void writeObject(Object value) { throw new UnsupportedOperationException(); }
    }

    static final class MapMsg extends Plain implements MapMessage {
        final Map<String, Object> items = new LinkedHashMap<>();

        @Override public Object getObject(String name) { return items.get(name); }
        @Override public Enumeration<String> getMapNames() { return Collections.enumeration(new ArrayList<>(items.keySet())); }
        @Override public boolean itemExists(String name) { return items.containsKey(name); }
        @Override public boolean getBoolean(String name) { throw new UnsupportedOperationException(); }
        @Override public byte getByte(String name) { throw new UnsupportedOperationException(); }
        @Override public short getShort(String name) { throw new UnsupportedOperationException(); }
        @Override public char getChar(String name) { throw new UnsupportedOperationException(); }
        @Override public int getInt(String name) { throw new UnsupportedOperationException(); }
        @Override public long getLong(String name) { throw new UnsupportedOperationException(); }
        @Override public float getFloat(String name) { throw new UnsupportedOperationException(); }
        @Override public double getDouble(String name) { throw new UnsupportedOperationException(); }
        @Override public String getString(String name) { throw new UnsupportedOperationException(); }
        @Override public byte[] getBytes(String name) { throw new UnsupportedOperationException(); }
        @Override public void setBoolean(String name, boolean value) { throw new UnsupportedOperationException(); }
        @Override public void setByte(String name, byte value) { throw new UnsupportedOperationException(); }
        @Override public void setShort(String name, short value) { throw new UnsupportedOperationException(); }
        @Override public void setChar(String name, char value) { throw new UnsupportedOperationException(); }
        @Override public void setInt(String name, int value) { throw new UnsupportedOperationException(); }
        @Override public void setLong(String name, long value) { throw new UnsupportedOperationException(); }
        @Override public void setFloat(String name, float value) { throw new UnsupportedOperationException(); }
        @Override public void setDouble(String name, double value) { throw new UnsupportedOperationException(); }
        @Override public void setString(String name, String value) { throw new UnsupportedOperationException(); }
        @Override public void setBytes(String name, byte[] value) { throw new UnsupportedOperationException(); }
        @Override public void setBytes(String name, byte[] value, int offset, int length) { throw new UnsupportedOperationException(); }
        @Override public void setObject(String name, Object value) { throw new UnsupportedOperationException(); }
    }

    static final class Obj extends Plain implements ObjectMessage {
        Serializable object;

        @Override public void setObject(Serializable o) { object = o; }
        @Override public Serializable getObject() { return object; }
    }
}
