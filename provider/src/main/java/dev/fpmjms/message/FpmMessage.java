package dev.fpmjms.message;

import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Map;

import dev.fpmjms.envelope.BodyType;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;

/**
 * A plain {@link Message} (headers and properties, no body) and the base of the provider's typed
 * messages.
 *
 * <p>Headers are always writable; the provider overwrites the send headers on {@code send()}
 * (see {@link FpmMessageConverter#applySendHeaders}). Properties and body of a received message
 * are read-only until {@link #clearProperties()} / {@link #clearBody()}
 * ({@code MessageNotWriteableException}). JMSXDeliveryCount is provider-set: it reads as the
 * delivery count once the message has been delivered and cannot be set by the application.
 *
 * <p>Not thread-safe: the spec confines a message to one thread at a time. {@link #acknowledge()}
 * runs the {@link AcknowledgeCallback} the session set, on the caller's thread.
 */
public class FpmMessage implements Message {

    private String messageId;
    private long timestamp;
    private String correlationId;
    private Destination replyTo;
    private Destination destination;
    private String type;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long expiration;
    private long deliveryTime;
    private boolean redelivered;
    private MessageProperties properties = new MessageProperties();
    private boolean bodyReadOnly;
    private AcknowledgeCallback acknowledgeCallback = AcknowledgeCallback.NONE;

    /** A new, writable plain message with default headers (PERSISTENT, priority 4). */
    public FpmMessage() {
    }

    // ---- provider hooks --------------------------------------------------------------------

    /**
     * Sets what {@link #acknowledge()} does; the session calls this when it delivers the message.
     *
     * @param callback the callback, or {@code null} for none
     */
    public void setAcknowledgeCallback(AcknowledgeCallback callback) {
        acknowledgeCallback = callback == null ? AcknowledgeCallback.NONE : callback;
    }

    /** JMSXDeliveryCount: 0 until the message has been delivered, then 1, 2, ... */
    public int getDeliveryCount() {
        return properties.deliveryCount();
    }

    /** Puts the message in the received state: properties shared and read-only, body read-only. */
    final void received(Map<String, Object> envelopeProperties, int deliveryCount) {
        properties = new MessageProperties(envelopeProperties, deliveryCount);
        bodyReadOnly = true;
    }

    final MessageProperties properties() {
        return properties;
    }

    /** The body type the envelope records for this message. */
    BodyType bodyType() {
        return BodyType.NONE;
    }

    /**
     * The body in the envelope's representation (see {@link BodyType}), handed over: the message
     * never changes it afterwards.
     */
    Object envelopeBody() throws JMSException {
        return null;
    }

    /** Empties the body; called by {@link #clearBody()} before the body becomes writable. */
    void clearBodyContent() {
    }

    final boolean isBodyReadOnly() {
        return bodyReadOnly;
    }

    final void setBodyReadOnly(boolean readOnly) {
        bodyReadOnly = readOnly;
    }

    final void checkBodyWritable() throws MessageNotWriteableException {
        if (bodyReadOnly) {
            throw new MessageNotWriteableException(getClass().getSimpleName()
                    + " body is read-only (received, or reset()); call clearBody() to write");
        }
    }

    final void checkBodyReadable() throws MessageNotReadableException {
        if (!bodyReadOnly) {
            throw new MessageNotReadableException(getClass().getSimpleName()
                    + " body is write-only; call reset() to read it");
        }
    }

    // ---- headers ---------------------------------------------------------------------------

    @Override public String getJMSMessageID() { return messageId; }
    @Override public void setJMSMessageID(String id) { messageId = id; }
    @Override public long getJMSTimestamp() { return timestamp; }
    @Override public void setJMSTimestamp(long value) { timestamp = value; }
    @Override public String getJMSCorrelationID() { return correlationId; }
    @Override public void setJMSCorrelationID(String id) { correlationId = id; }
    @Override public Destination getJMSReplyTo() { return replyTo; }
    @Override public void setJMSReplyTo(Destination value) { replyTo = value; }
    @Override public Destination getJMSDestination() { return destination; }
    @Override public void setJMSDestination(Destination value) { destination = value; }
    @Override public int getJMSDeliveryMode() { return deliveryMode; }
    @Override public boolean getJMSRedelivered() { return redelivered; }
    @Override public void setJMSRedelivered(boolean value) { redelivered = value; }
    @Override public String getJMSType() { return type; }
    @Override public void setJMSType(String value) { type = value; }
    @Override public long getJMSExpiration() { return expiration; }
    @Override public void setJMSExpiration(long value) { expiration = value; }
    @Override public long getJMSDeliveryTime() { return deliveryTime; }
    @Override public void setJMSDeliveryTime(long value) { deliveryTime = value; }
    @Override public int getJMSPriority() { return priority; }

    /**
     * The correlation id as bytes: each char of the id as one ISO-8859-1 byte, which is lossless for
     * an id set with {@link #setJMSCorrelationIDAsBytes}; {@code null} when unset.
     */
    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Stores the bytes as a string of ISO-8859-1 chars, one per byte; {@code null} clears the id. */
    @Override
    public void setJMSCorrelationIDAsBytes(byte[] id) {
        correlationId = id == null ? null : new String(id, StandardCharsets.ISO_8859_1);
    }

    /** @throws IllegalArgumentException when the mode is neither PERSISTENT nor NON_PERSISTENT */
    @Override
    public void setJMSDeliveryMode(int mode) {
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new IllegalArgumentException("JMSDeliveryMode must be PERSISTENT (2) or NON_PERSISTENT (1), was " + mode);
        }
        deliveryMode = mode;
    }

    /** @throws IllegalArgumentException when the priority is outside 0..9 */
    @Override
    public void setJMSPriority(int value) {
        if (value < 0 || value > 9) {
            throw new IllegalArgumentException("JMSPriority must be 0..9, was " + value);
        }
        priority = value;
    }

    // ---- properties ------------------------------------------------------------------------

    @Override
    public void clearProperties() {
        properties.clear();
    }

    @Override
    public boolean propertyExists(String name) {
        return properties.exists(name);
    }

    @Override
    public boolean getBooleanProperty(String name) throws JMSException {
        return JmsValueConversion.toBoolean(properties.get(name), MessageProperties.describe(name));
    }

    @Override
    public byte getByteProperty(String name) throws JMSException {
        return JmsValueConversion.toByte(properties.get(name), MessageProperties.describe(name));
    }

    @Override
    public short getShortProperty(String name) throws JMSException {
        return JmsValueConversion.toShort(properties.get(name), MessageProperties.describe(name));
    }

    @Override
    public int getIntProperty(String name) throws JMSException {
        return JmsValueConversion.toInt(properties.get(name), MessageProperties.describe(name));
    }

    @Override
    public long getLongProperty(String name) throws JMSException {
        return JmsValueConversion.toLong(properties.get(name), MessageProperties.describe(name));
    }

    @Override
    public float getFloatProperty(String name) throws JMSException {
        return JmsValueConversion.toFloat(properties.get(name), MessageProperties.describe(name));
    }

    @Override
    public double getDoubleProperty(String name) throws JMSException {
        return JmsValueConversion.toDouble(properties.get(name), MessageProperties.describe(name));
    }

    @Override
    public String getStringProperty(String name) throws JMSException {
        return JmsValueConversion.toText(properties.get(name), MessageProperties.describe(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return properties.get(name);
    }

    @Override
    public Enumeration<String> getPropertyNames() {
        return properties.names();
    }

    @Override public void setBooleanProperty(String name, boolean value) throws JMSException { properties.set(name, value); }
    @Override public void setByteProperty(String name, byte value) throws JMSException { properties.set(name, value); }
    @Override public void setShortProperty(String name, short value) throws JMSException { properties.set(name, value); }
    @Override public void setIntProperty(String name, int value) throws JMSException { properties.set(name, value); }
    @Override public void setLongProperty(String name, long value) throws JMSException { properties.set(name, value); }
    @Override public void setFloatProperty(String name, float value) throws JMSException { properties.set(name, value); }
    @Override public void setDoubleProperty(String name, double value) throws JMSException { properties.set(name, value); }

    /** Sets a String property; {@code null} removes the property. */
    @Override public void setStringProperty(String name, String value) throws JMSException { properties.set(name, value); }

    /**
     * Sets a property from a Boolean, Byte, Short, Integer, Long, Float, Double or String;
     * {@code null} removes the property.
     *
     * @throws jakarta.jms.MessageFormatException for any other type of value
     */
    @Override public void setObjectProperty(String name, Object value) throws JMSException { properties.set(name, value); }

    // ---- acknowledgement and body ----------------------------------------------------------

    @Override
    public void acknowledge() throws JMSException {
        acknowledgeCallback.acknowledge();
    }

    /** Empties the body and makes it writable (write-only for BytesMessage and StreamMessage). */
    @Override
    public final void clearBody() {
        clearBodyContent();
        bodyReadOnly = false;
    }

    /** A plain message has no body: {@code null} whatever the class. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        return null;
    }

    /** A plain message has no body, which may be assigned to any type. */
    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) throws JMSException {
        return true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{id=" + messageId + ", destination=" + destination
                + ", correlationId=" + correlationId + ", properties=" + properties.values().keySet()
                + ", deliveryCount=" + properties.deliveryCount() + "}";
    }
}
