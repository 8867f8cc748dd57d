package dev.fpmjms.artemis;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.message.FpmMessageConverter;
import dev.fpmjms.envelope.ProviderProperties;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;

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
        FpmEnvelope.Builder b = FpmMessageConverter.toEnvelopeBuilder(m, DestinationRef.queue(queue), ArtemisDestinations.INSTANCE);
        String original = m.getStringProperty(ORIGINAL_MESSAGE_ID);
        int before = m.propertyExists(ProviderProperties.JMS_FPM_ATTEMPTS) ? m.getIntProperty(ProviderProperties.JMS_FPM_ATTEMPTS) : 0;
        int copies = m.propertyExists(DELIVERY_COUNT) ? Math.max(1, m.getIntProperty(DELIVERY_COUNT)) : 1;
        int count = before + copies;
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
     * Sends {@code envelope} to its destination with its delivery mode, priority and remaining
     * time to live; the broker assigns a new JMSMessageID. The message is made by the broker's
     * session, not converted from a foreign one (Artemis turns a foreign message's correlation id
     * into bytes, which its string getter then reads as {@code null}).
     *
     * @param delayMillis the delivery delay, 0 for none
     */
    static void send(Session session, MessageProducer producer, FpmEnvelope envelope, long delayMillis,
                     List<String> objectAllowList) throws JMSException {
        Message message = create(session, envelope, objectAllowList);
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
        long ttl = 0;
        if (envelope.expiration() != 0) {
            ttl = Math.max(1, envelope.expiration() - System.currentTimeMillis());
        }
        producer.setDeliveryDelay(delayMillis);
        producer.send(ArtemisDestinations.INSTANCE.fromRef(envelope.destination()), message,
                envelope.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT, envelope.priority(), ttl);
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
