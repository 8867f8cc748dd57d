package dev.fpmjms.artemis;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.message.FpmMessageConverter;
import dev.fpmjms.envelope.ProviderProperties;
import jakarta.jms.BytesMessage;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.activemq.artemis.utils.UUID;
import org.apache.activemq.artemis.utils.UUIDGenerator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Converts between the broker's messages and the envelopes the gateway works with, and sends
 * envelopes (replies, retries, dead letters) through a dispatcher's producer.
 *
 * <p>A retried request is a new broker message (scheduled with the backoff as its delivery
 * delay), so it carries what the broker would otherwise lose: {@value #ORIGINAL_MESSAGE_ID}, the
 * JMSMessageID the sender saw (replies are correlated to it), and {@code JMS_FPM_ATTEMPTS}, the
 * deliveries made so far. Both are removed before the request goes to PHP. Stateless.
 */
final class RequestMessages {
    /** The JMSMessageID of the request as first sent, on retried requests and dead letters. */
    static final String ORIGINAL_MESSAGE_ID = "JMS_FPM_ORIGINAL_MESSAGE_ID";
    private static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    private RequestMessages() {
    }

    /**
     * The envelope of a request received from worker queue {@code queue}: its JMSMessageID the
     * original one, its delivery count the attempts before this copy plus the broker's count of
     * this copy's deliveries (so a dispatcher that died mid-request counts as an attempt).
     */
    static FpmEnvelope toEnvelope(Message m, String queue) throws JMSException {
        return toEnvelope(m, DestinationRef.queue(queue));
    }

    /** As {@link #toEnvelope(Message, String)}, with {@code destination} as JMSDestination (a subscription's topic). */
    static FpmEnvelope toEnvelope(Message m, DestinationRef destination) throws JMSException {
        FpmEnvelope.Builder b = FpmMessageConverter.toEnvelopeBuilder(m, destination, ArtemisDestinations.INSTANCE);
        String original = m.getStringProperty(ORIGINAL_MESSAGE_ID);
        int before = m.propertyExists(ProviderProperties.JMS_FPM_ATTEMPTS) ? m.getIntProperty(ProviderProperties.JMS_FPM_ATTEMPTS) : 0;
        int copies = m.propertyExists(DELIVERY_COUNT) ? Math.max(1, m.getIntProperty(DELIVERY_COUNT)) : 1;
        int count = before + copies;
        if (m.getJMSCorrelationID() == null && m.getJMSCorrelationIDAsBytes() != null) {
            // a byte[] correlation id travels as the string of one ISO-8859-1 char per byte, as in embedded mode
            b.correlationId(new String(m.getJMSCorrelationIDAsBytes(), StandardCharsets.ISO_8859_1));
        }
        return b.messageId(original != null ? original : m.getJMSMessageID())
                .property(ORIGINAL_MESSAGE_ID, null)
                .property(ProviderProperties.JMS_FPM_ATTEMPTS, null)
                .deliveryCount(count)
                .redelivered(count > 1)
                .build();
    }

    /** The request to deliver again after {@code delayMillis}, counting the attempts made. */
    static FpmEnvelope retry(FpmEnvelope request) {
        return request.toBuilder()
                .property(ORIGINAL_MESSAGE_ID, request.messageId())
                .property(ProviderProperties.JMS_FPM_ATTEMPTS, request.deliveryCount())
                .build();
    }

    /**
     * Sends {@code envelope} to its destination in the session's transaction, with every header
     * it has: JMSMessageID and JMSTimestamp too (as in embedded mode, a reply keeps the id and
     * timestamp its worker gave it, which for the echo worker are the request's; a new id and the
     * current time where it has none). The message is made by the broker's session and sent
     * through its core producer, because the JMS producer always assigns a new id and timestamp
     * (and turns a foreign message's correlation id into bytes, which its string getter then
     * reads as {@code null}).
     *
     * @param delayMillis the delivery delay, 0 for none
     */
    static void send(Session session, ClientProducer producer, FpmEnvelope envelope, long delayMillis,
                     List<String> objectAllowList) throws JMSException {
        send(session, producer, envelope, envelope.destination().name(),
                envelope.destination().kind() == DestinationRef.Kind.TOPIC ? RoutingType.MULTICAST : RoutingType.ANYCAST,
                delayMillis, objectAllowList);
    }

    /**
     * As {@link #send(Session, ClientProducer, FpmEnvelope, long, List)}, to {@code address} with
     * {@code routing} instead of the envelope's destination: a subscription's retry goes to its own
     * queue ({@code topic::queue}), not to every subscription of the topic.
     */
    static void send(Session session, ClientProducer producer, FpmEnvelope envelope, String address, RoutingType routing,
                     long delayMillis, List<String> objectAllowList) throws JMSException {
        ActiveMQMessage message = (ActiveMQMessage) create(session, envelope, objectAllowList);
        message.setJMSCorrelationID(envelope.correlationId());
        message.setJMSType(envelope.type());
        if (envelope.replyTo() != null) {
            message.setJMSReplyTo(ArtemisDestinations.INSTANCE.fromRef(envelope.replyTo()));
        }
        for (Map.Entry<String, Object> p : envelope.properties().entrySet()) {
            if (!p.getKey().equals(DELIVERY_COUNT)) {
                message.setObjectProperty(p.getKey(), p.getValue());
            }
        }
        long now = System.currentTimeMillis();
        ClientMessage core = message.getCoreMessage();
        core.setUserID(userId(envelope.messageId()));
        core.setTimestamp(envelope.timestamp() != 0 ? envelope.timestamp() : now);
        core.setDurable(envelope.persistent());
        core.setPriority((byte) envelope.priority());
        core.setExpiration(envelope.expiration());
        core.setRoutingType(routing);
        if (delayMillis > 0) {
            core.putLongProperty(org.apache.activemq.artemis.api.core.Message.HDR_SCHEDULED_DELIVERY_TIME, now + delayMillis);
        }
        try {
            message.doBeforeSend();
            producer.send(SimpleString.of(address), core);
        } catch (ActiveMQException e) {
            throw translated(e);
        } catch (Exception e) {
            JMSException jms = new JMSException("cannot send to " + envelope.destination() + ": " + e);
            jms.setLinkedException(e);
            jms.initCause(e);
            throw jms;
        }
    }

    /** The broker's user id for a JMSMessageID {@code ID:<uuid>}; a new one for any other id or none. */
    private static UUID userId(String messageId) {
        if (messageId != null && messageId.startsWith("ID:")) {
            try {
                return UUIDGenerator.getInstance().fromJavaUUID(java.util.UUID.fromString(messageId.substring(3)));
            } catch (IllegalArgumentException notAUuid) {
                // the worker set an id of its own form: the broker can keep only UUIDs
            }
        }
        return UUIDGenerator.getInstance().generateUUID();
    }

    private static JMSException translated(ActiveMQException e) {
        JMSException jms = e.getType() == ActiveMQExceptionType.QUEUE_DOES_NOT_EXIST
                || e.getType() == ActiveMQExceptionType.ADDRESS_DOES_NOT_EXIST
                ? new InvalidDestinationException(e.getMessage()) : new JMSException(e.getMessage());
        jms.setLinkedException(e);
        jms.initCause(e);
        return jms;
    }

    @SuppressWarnings("unchecked")
    private static Message create(Session session, FpmEnvelope envelope, List<String> objectAllowList) throws JMSException {
        Object body = envelope.body();
        switch (envelope.bodyType()) {
            case TEXT:
                return session.createTextMessage((String) body);
            case BYTES: {
                BytesMessage m = session.createBytesMessage();
                if (body != null) {
                    m.writeBytes((byte[]) body);
                }
                return m;
            }
            case MAP: {
                MapMessage m = session.createMapMessage();
                if (body != null) {
                    for (Map.Entry<String, Object> e : ((Map<String, Object>) body).entrySet()) {
                        m.setObject(e.getKey(), e.getValue());
                    }
                }
                return m;
            }
            case STREAM: {
                StreamMessage m = session.createStreamMessage();
                if (body != null) {
                    for (Object v : (List<Object>) body) {
                        m.writeObject(v);
                    }
                }
                return m;
            }
            case OBJECT: {
                // deserialized under the configuration's allow-list, serialized again by the broker client
                ObjectMessage own = (ObjectMessage) FpmMessageConverter.fromEnvelope(envelope, ArtemisDestinations.INSTANCE,
                        objectAllowList);
                return session.createObjectMessage(own.getObject());
            }
            default:
                return session.createMessage();
        }
    }
}
