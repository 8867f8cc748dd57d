package dev.fpmjms.message;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.fpmjms.envelope.BodyType;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;

/**
 * A {@link MapMessage}: named items of the JMS types (primitive wrappers, Character, String,
 * byte[]) in insertion order, read with the conversion table of {@link JmsValueConversion}.
 * Items may hold {@code null} ({@code setString(name, null)}). byte[] items are copied in and
 * out, so the stored arrays are never shared with the application.
 *
 * <p>A received message reads the envelope's map in place until {@link #clearBody()}. Not
 * thread-safe.
 */
public final class FpmMapMessage extends FpmMessage implements MapMessage {

    private Map<String, Object> items;

    /** A writable, empty map message. */
    public FpmMapMessage() {
        items = new LinkedHashMap<>();
    }

    /** A message reading {@code received} in place, never modifying it. */
    FpmMapMessage(Map<String, Object> received) {
        items = received;
        setBodyReadOnly(true);
    }

    private Object item(String name) {
        return items.get(name);
    }

    private static String describe(String name) {
        return "map item '" + name + "'";
    }

    @Override
    public boolean getBoolean(String name) throws JMSException {
        return JmsValueConversion.toBoolean(item(name), describe(name));
    }

    @Override
    public byte getByte(String name) throws JMSException {
        return JmsValueConversion.toByte(item(name), describe(name));
    }

    @Override
    public short getShort(String name) throws JMSException {
        return JmsValueConversion.toShort(item(name), describe(name));
    }

    @Override
    public char getChar(String name) throws JMSException {
        return JmsValueConversion.toChar(item(name), describe(name));
    }

    @Override
    public int getInt(String name) throws JMSException {
        return JmsValueConversion.toInt(item(name), describe(name));
    }

    @Override
    public long getLong(String name) throws JMSException {
        return JmsValueConversion.toLong(item(name), describe(name));
    }

    @Override
    public float getFloat(String name) throws JMSException {
        return JmsValueConversion.toFloat(item(name), describe(name));
    }

    @Override
    public double getDouble(String name) throws JMSException {
        return JmsValueConversion.toDouble(item(name), describe(name));
    }

    @Override
    public String getString(String name) throws JMSException {
        return JmsValueConversion.toText(item(name), describe(name));
    }

    /** A copy of a byte[] item; {@code null} when missing or null. */
    @Override
    public byte[] getBytes(String name) throws JMSException {
        return JmsValueConversion.toBytes(item(name), describe(name));
    }

    /** The item as its wrapper object (byte[] copied), {@code null} when missing. */
    @Override
    public Object getObject(String name) {
        return JmsValueConversion.exported(item(name));
    }

    @Override
    public Enumeration<String> getMapNames() {
        return Collections.enumeration(items.keySet());
    }

    @Override
    public boolean itemExists(String name) {
        return items.containsKey(name);
    }

    private void put(String name, Object value) throws JMSException {
        checkBodyWritable();
        checkName(name);
        items.put(name, value);
    }

    /**
     * Checks a map item name: not null, not empty, and no unpaired surrogate. The last is refused
     * because the name travels as a JSON key in UTF-8, which cannot carry an unpaired surrogate
     * (it would arrive as another name, {@code "x?"} for {@code "x\uD800"}, and the item be lost).
     *
     * @throws IllegalArgumentException naming the rule and, for a surrogate, its index
     */
    static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("map item name must not be null or empty, was "
                    + (name == null ? "null" : "\"\""));
        }
        int at = unpairedSurrogateAt(name);
        if (at >= 0) {
            throw new IllegalArgumentException("map item name '" + name + "' has an unpaired surrogate (U+"
                    + Integer.toHexString(name.charAt(at)).toUpperCase(Locale.ROOT) + ") at index " + at
                    + ", which UTF-8 cannot carry; a map item name must be well-formed UTF-16");
        }
    }

    /** The index of the first unpaired surrogate in {@code s}, or -1. */
    private static int unpairedSurrogateAt(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    @Override public void setBoolean(String name, boolean value) throws JMSException { put(name, value); }
    @Override public void setByte(String name, byte value) throws JMSException { put(name, value); }
    @Override public void setShort(String name, short value) throws JMSException { put(name, value); }
    @Override public void setChar(String name, char value) throws JMSException { put(name, value); }
    @Override public void setInt(String name, int value) throws JMSException { put(name, value); }
    @Override public void setLong(String name, long value) throws JMSException { put(name, value); }
    @Override public void setFloat(String name, float value) throws JMSException { put(name, value); }
    @Override public void setDouble(String name, double value) throws JMSException { put(name, value); }
    @Override public void setString(String name, String value) throws JMSException { put(name, value); }

    /** Stores a copy of {@code value} ({@code null} stores a null item). */
    @Override
    public void setBytes(String name, byte[] value) throws JMSException {
        put(name, value == null ? null : value.clone());
    }

    /** Stores a copy of {@code length} bytes of {@code value} from {@code offset}. */
    @Override
    public void setBytes(String name, byte[] value, int offset, int length) throws JMSException {
        Objects.checkFromIndexSize(offset, length, value.length);
        byte[] copy = new byte[length];
        System.arraycopy(value, offset, copy, 0, length);
        put(name, copy);
    }

    /**
     * Stores a primitive wrapper, Character, String, byte[] (copied) or {@code null}.
     *
     * @throws MessageFormatException for any other type
     */
    @Override
    public void setObject(String name, Object value) throws JMSException {
        if (value != null && !JmsValueConversion.isBodyValue(value)) {
            checkBodyWritable();
            throw new MessageFormatException("map item '" + name + "' cannot hold a " + value.getClass().getName()
                    + "; allowed: primitive wrappers, Character, String, byte[]");
        }
        put(name, JmsValueConversion.exported(value));
    }

    /**
     * A copy of the items as a {@code Map} for {@code Map.class} or a supertype; {@code null} (for any
     * class) when there are no items. byte[] values are copied.
     */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        if (items.isEmpty()) {
            return null;
        }
        if (!c.isAssignableFrom(Map.class)) {
            throw new MessageFormatException("MapMessage body is a java.util.Map and cannot be assigned to " + c.getName());
        }
        Map<String, Object> copy = new LinkedHashMap<>(items);
        copy.replaceAll((k, v) -> JmsValueConversion.exported(v));
        return c.cast(copy);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public boolean isBodyAssignableTo(Class c) {
        return items.isEmpty() || c.isAssignableFrom(Map.class);
    }

    @Override
    BodyType bodyType() {
        return BodyType.MAP;
    }

    /** The items; copied while writable (the application may go on writing), shared once read-only. */
    @Override
    Object envelopeBody() {
        return isBodyReadOnly() ? items : new LinkedHashMap<>(items);
    }

    @Override
    void clearBodyContent() {
        items = new LinkedHashMap<>();
    }
}
