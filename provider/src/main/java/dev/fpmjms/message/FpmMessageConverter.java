package dev.fpmjms.message;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.fpmjms.config.ObjectMessageLimits;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.PropertyNames;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;

/**
 * Converts JMS messages to engine envelopes on send and envelopes to {@link FpmMessage}s on
 * delivery.
 *
 * <p>Sending accepts this provider's messages and those of any other provider (spec 3.12): a
 * foreign message is read through the standard interfaces only. The envelope describes the
 * message as sent: it is never marked redelivered and its delivery count is 0.
 *
 * <p>Buffer ownership: bodies move without copies where the message cannot change them any more.
 * A received BytesMessage reads the envelope's array in place; sending a BytesMessage hands over
 * an exactly sized array the message never writes again (the next write copies it); map, stream
 * and object bodies of read-only messages are shared, writable ones are copied. Envelope arrays
 * are never modified.
 *
 * <p>Stateless and thread-safe; each call runs on the caller's thread and does not block
 * (except inside a foreign message's own methods).
 */
public final class FpmMessageConverter {

    private FpmMessageConverter() {
    }

    /**
     * The envelope for sending {@code message} to its JMSDestination.
     *
     * @throws InvalidDestinationException when the message has no JMSDestination
     * @throws MessageFormatException      when a foreign message holds a value no JMS type allows
     * @throws JMSException                when the mapper refuses a destination, or a foreign message fails
     */
    public static FpmEnvelope toEnvelope(Message message, DestinationMapper mapper) throws JMSException {
        Destination destination = message.getJMSDestination();
        if (destination == null) {
            throw new InvalidDestinationException("message has no JMSDestination to build an envelope for");
        }
        return toEnvelopeBuilder(message, mapper.toRef(destination), mapper).build();
    }

    /**
     * A builder holding {@code message}'s headers, properties and body, addressed to
     * {@code destination}, so that the sender can set the send headers (id, timestamp, delivery
     * mode, priority, expiration, delivery time) before building, with no extra copy. A priority
     * outside 0..9 (possible only for a foreign message) becomes the default 4.
     */
    public static FpmEnvelope.Builder toEnvelopeBuilder(Message message, DestinationRef destination,
                                                        DestinationMapper mapper) throws JMSException {
        FpmEnvelope.Builder b = FpmEnvelope.builder(destination)
                .messageId(message.getJMSMessageID())
                .timestamp(message.getJMSTimestamp())
                .correlationId(message.getJMSCorrelationID())
                .type(message.getJMSType())
                .persistent(message.getJMSDeliveryMode() != DeliveryMode.NON_PERSISTENT)
                .priority(validPriority(message.getJMSPriority()))
                .expiration(message.getJMSExpiration())
                .deliveryTime(deliveryTimeOf(message));
        Destination replyTo = message.getJMSReplyTo();
        if (replyTo != null) {
            b.replyTo(mapper.toRef(replyTo));
        }
        if (message instanceof FpmMessage) {
            FpmMessage own = (FpmMessage) message;
            b.properties(own.properties().values());
            b.body(own.bodyType(), own.envelopeBody());
        } else {
            b.properties(foreignProperties(message));
            BodyType type = ForeignBody.typeOf(message);
            b.body(type, ForeignBody.read(message, type));
        }
        return b;
    }

    /**
     * The received message for {@code envelope}: properties and body read-only, JMSRedelivered and
     * JMSXDeliveryCount from the envelope. The message reads the envelope's body in place.
     *
     * @param objectAllowList the allow-list an ObjectMessage deserializes with
     */
    public static FpmMessage fromEnvelope(FpmEnvelope envelope, DestinationMapper mapper, List<String> objectAllowList) {
        return fromEnvelope(envelope, mapper, objectAllowList, ObjectMessageLimits.DEFAULT);
    }

    /**
     * The received message for {@code envelope}, as {@link #fromEnvelope(FpmEnvelope, DestinationMapper, List)},
     * with the limits an ObjectMessage deserializes with.
     */
    @SuppressWarnings("unchecked")
    public static FpmMessage fromEnvelope(FpmEnvelope envelope, DestinationMapper mapper, List<String> objectAllowList,
                                          ObjectMessageLimits objectLimits) {
        Object body = envelope.body();
        FpmMessage m;
        switch (envelope.bodyType()) {
            case TEXT:
                m = new FpmTextMessage((String) body);
                break;
            case BYTES:
                m = new FpmBytesMessage(body == null ? new byte[0] : (byte[]) body);
                break;
            case MAP:
                m = new FpmMapMessage(body == null ? new LinkedHashMap<>() : (Map<String, Object>) body);
                break;
            case STREAM:
                m = new FpmStreamMessage(body == null ? new ArrayList<>() : (List<Object>) body);
                break;
            case OBJECT:
                m = new FpmObjectMessage((byte[]) body, objectAllowList, objectLimits);
                break;
            default:
                m = new FpmMessage();
        }
        m.setJMSMessageID(envelope.messageId());
        m.setJMSTimestamp(envelope.timestamp());
        m.setJMSCorrelationID(envelope.correlationId());
        m.setJMSDestination(mapper.fromRef(envelope.destination()));
        m.setJMSReplyTo(envelope.replyTo() == null ? null : mapper.fromRef(envelope.replyTo()));
        m.setJMSType(envelope.type());
        m.setJMSDeliveryMode(envelope.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        m.setJMSPriority(envelope.priority());
        m.setJMSExpiration(envelope.expiration());
        m.setJMSDeliveryTime(envelope.deliveryTime());
        m.setJMSRedelivered(envelope.redelivered() || envelope.deliveryCount() > 1);
        m.received(envelope.properties(), envelope.deliveryCount());
        return m;
    }

    /**
     * Sets the headers that {@code send()} assigns (JMSMessageID, JMSTimestamp, JMSDestination,
     * JMSDeliveryMode, JMSPriority, JMSExpiration, JMSDeliveryTime) from the envelope as sent, on
     * this provider's message or a foreign one. A foreign JMS 1.1 message without
     * {@code setJMSDeliveryTime} is tolerated.
     */
    public static void applySendHeaders(Message message, FpmEnvelope sent, DestinationMapper mapper) throws JMSException {
        message.setJMSMessageID(sent.messageId());
        message.setJMSTimestamp(sent.timestamp());
        message.setJMSDestination(mapper.fromRef(sent.destination()));
        message.setJMSDeliveryMode(sent.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        message.setJMSPriority(sent.priority());
        message.setJMSExpiration(sent.expiration());
        try {
            message.setJMSDeliveryTime(sent.deliveryTime());
        } catch (AbstractMethodError jms11Message) {
            // a message class compiled against JMS 1.1 has no delivery time to set
        }
    }

    private static int validPriority(int priority) {
        return priority >= 0 && priority <= 9 ? priority : Message.DEFAULT_PRIORITY;
    }

    private static long deliveryTimeOf(Message message) throws JMSException {
        try {
            return message.getJMSDeliveryTime();
        } catch (AbstractMethodError jms11Message) {
            return 0;
        }
    }

    private static Map<String, Object> foreignProperties(Message message) throws JMSException {
        Map<String, Object> properties = new LinkedHashMap<>();
        Enumeration<?> names = message.getPropertyNames();
        while (names.hasMoreElements()) {
            String name = (String) names.nextElement();
            if (PropertyNames.DELIVERY_COUNT.equals(name)) {
                continue; // describes a past delivery, not this send
            }
            Object value = message.getObjectProperty(name);
            if (value == null) {
                continue;
            }
            if (!JmsValueConversion.isPropertyValue(value)) {
                throw new MessageFormatException("foreign message property '" + name + "' holds a "
                        + value.getClass().getName() + ", which is not a Jakarta Messaging property type");
            }
            properties.put(name, value);
        }
        return properties;
    }
}
