package dev.fpmjms.artemis;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.ProviderProperties;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.activemq.artemis.utils.UUIDGenerator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dead letters on the broker's dead-letter queue as the admin sees and moves them: as envelopes
 * for {@code admin.DeadLetter} and for matching selections (without running any deserialization:
 * an {@code ObjectMessage}'s body is its serialized bytes), and as the request a replay sends.
 * Stateless.
 */
final class DeadLetterMessages {
    private static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    private DeadLetterMessages() {
    }

    /**
     * The envelope of a dead letter browsed or received on {@code deadLetterQueue}: its
     * JMSMessageID as the broker has it (the id the admin shows and accepts), headers, properties
     * ({@code JMS_FPM_*} included) and, when {@code withBody}, body (a selection needs none).
     */
    static FpmEnvelope toEnvelope(Message m, String deadLetterQueue, boolean withBody) throws JMSException {
        FpmEnvelope.Builder b = FpmEnvelope.builder(DestinationRef.queue(deadLetterQueue))
                .messageId(m.getJMSMessageID())
                .timestamp(m.getJMSTimestamp())
                .correlationId(correlationId(m))
                .type(m.getJMSType())
                .persistent(m.getJMSDeliveryMode() != DeliveryMode.NON_PERSISTENT)
                .priority(Math.max(0, Math.min(9, m.getJMSPriority())))
                .expiration(m.getJMSExpiration());
        if (m.getJMSReplyTo() != null) {
            b.replyTo(ArtemisDestinations.INSTANCE.toRef(m.getJMSReplyTo()));
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Enumeration<?> names = m.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            if (!name.equals(DELIVERY_COUNT)) {
                properties.put(name, m.getObjectProperty(name));
            }
        }
        b.properties(properties);
        if (withBody) {
            body(m, b);
        }
        return b.build();
    }

    private static String correlationId(Message m) throws JMSException {
        if (m.getJMSCorrelationID() == null && m.getJMSCorrelationIDAsBytes() != null) {
            return new String(m.getJMSCorrelationIDAsBytes(), StandardCharsets.ISO_8859_1);
        }
        return m.getJMSCorrelationID();
    }

    private static void body(Message m, FpmEnvelope.Builder b) throws JMSException {
        if (m instanceof TextMessage t) {
            b.body(BodyType.TEXT, t.getText());
        } else if (m instanceof BytesMessage bytes) {
            bytes.reset();
            byte[] data = new byte[(int) Math.min(Integer.MAX_VALUE - 8, bytes.getBodyLength())];
            bytes.readBytes(data);
            b.body(BodyType.BYTES, data);
        } else if (m instanceof MapMessage map) {
            Map<String, Object> items = new LinkedHashMap<>();
            for (Enumeration<?> names = map.getMapNames(); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                items.put(name, map.getObject(name));
            }
            b.body(BodyType.MAP, items);
        } else if (m instanceof StreamMessage stream) {
            List<Object> items = new ArrayList<>();
            stream.reset();
            try {
                while (true) {
                    items.add(stream.readObject());
                }
            } catch (jakarta.jms.MessageEOFException end) {
                b.body(BodyType.STREAM, items);
            }
        } else if (m instanceof ObjectMessage) {
            b.body(BodyType.OBJECT, serializedObject(m));
        }
    }

    /** An ObjectMessage's serialized object as the broker holds it (an int length, then the bytes), never deserialized. */
    private static byte[] serializedObject(Message m) {
        if (!(m instanceof ActiveMQMessage a)) {
            return null;
        }
        ActiveMQBuffer buffer = a.getCoreMessage().getReadOnlyBodyBuffer();
        if (buffer.readableBytes() < 4) {
            return null;
        }
        int length = buffer.readInt();
        if (length <= 0 || length > buffer.readableBytes()) {
            return null;
        }
        byte[] data = new byte[length];
        buffer.readBytes(data);
        return data;
    }

    /**
     * Turns a dead letter received on the dead-letter queue into the request a replay sends, in
     * place (the message goes to the broker again, with its body as it is, large or not): the
     * {@code JMS_FPM_*} properties removed, the JMSMessageID the sender saw again
     * ({@code JMS_FPM_ORIGINAL_MESSAGE_ID}, when it differs), no delivery delay, and the routing
     * type of its target. The broker counts its deliveries afresh (JMSXDeliveryCount is per message).
     */
    static ClientMessage forReplay(Message deadLetter, RoutingType routing) throws JMSException {
        ClientMessage core = ((ActiveMQMessage) deadLetter).getCoreMessage();
        String original = deadLetter.getStringProperty(RequestMessages.ORIGINAL_MESSAGE_ID);
        if (original != null && original.startsWith("ID:") && !original.equals(deadLetter.getJMSMessageID())) {
            try {
                core.setUserID(UUIDGenerator.getInstance().fromJavaUUID(java.util.UUID.fromString(original.substring(3))));
            } catch (IllegalArgumentException notAUuid) {
                // an id of another form cannot be a broker message's id: the dead letter's stays
            }
        }
        List<SimpleString> fpm = new ArrayList<>();
        for (SimpleString name : core.getPropertyNames()) {
            if (name.toString().startsWith(ProviderProperties.JMS_FPM_PREFIX)) {
                fpm.add(name);
            }
        }
        fpm.forEach(core::removeProperty);
        core.removeProperty(org.apache.activemq.artemis.api.core.Message.HDR_SCHEDULED_DELIVERY_TIME);
        core.setRoutingType(routing);
        return core;
    }

    /** A JMS selector string literal: {@code 'text'} with quotes doubled. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
