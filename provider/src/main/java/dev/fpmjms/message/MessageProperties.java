package dev.fpmjms.message;

import dev.fpmjms.envelope.PropertyNames;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;

/**
 * The properties of one message: names in insertion order to Boolean, Byte, Short, Integer, Long,
 * Float, Double or String, plus the provider-set JMSXDeliveryCount, which lives in its own field
 * because the envelope carries it as a field.
 *
 * <p>A received message shares the envelope's (unmodifiable) map until {@link #clear()}; it is
 * never written to while shared because the properties are read-only until then. Not
 * thread-safe: a message belongs to one session's thread at a time, as the spec says.
 */
final class MessageProperties {

    private Map<String, Object> values;
    private boolean readOnly;
    private int deliveryCount;

    MessageProperties() {
        values = new LinkedHashMap<>();
    }

    /** Properties of a received message: read-only, sharing {@code received} (not copied). */
    MessageProperties(Map<String, Object> received, int deliveryCount) {
        values = received;
        readOnly = true;
        this.deliveryCount = deliveryCount;
    }

    /** The values for an envelope: the live map; the envelope copies it. */
    Map<String, Object> values() {
        return values;
    }

    int deliveryCount() {
        return deliveryCount;
    }

    void deliveryCount(int count) {
        deliveryCount = count;
    }

    boolean isReadOnly() {
        return readOnly;
    }

    /** Empties the properties and makes them writable. JMSXDeliveryCount describes the delivery and stays. */
    void clear() {
        values = new LinkedHashMap<>();
        readOnly = false;
    }

    /** The value of a property (JMSXDeliveryCount included), {@code null} when missing. */
    Object get(String name) {
        if (name == null) {
            return null;
        }
        if (deliveryCount > 0 && PropertyNames.DELIVERY_COUNT.equals(name)) {
            return deliveryCount;
        }
        return values.get(name);
    }

    boolean exists(String name) {
        return get(name) != null;
    }

    Enumeration<String> names() {
        List<String> names = new ArrayList<>(values.size() + 1);
        names.addAll(values.keySet());
        if (deliveryCount > 0) {
            names.add(PropertyNames.DELIVERY_COUNT);
        }
        return Collections.enumeration(names);
    }

    /**
     * Sets a property on behalf of the application. A {@code null} value removes the property: a
     * property whose value is null cannot be told apart from a missing one by any getter or
     * selector, and the envelope carries no null values.
     */
    void set(String name, Object value) throws MessageNotWriteableException, MessageFormatException {
        if (readOnly) {
            throw new MessageNotWriteableException("properties of a received message are read-only until "
                    + "clearProperties(); refused to set '" + name + "'");
        }
        String problem = PropertyNames.problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (value == null) {
            values.remove(name);
            return;
        }
        if (!JmsValueConversion.isPropertyValue(value)) {
            throw new MessageFormatException("property '" + name + "' cannot hold a "
                    + value.getClass().getName()
                    + "; allowed: Boolean, Byte, Short, Integer, Long, Float, Double, String");
        }
        values.put(name, value);
    }

    static String describe(String name) {
        return "property '" + name + "'";
    }
}
