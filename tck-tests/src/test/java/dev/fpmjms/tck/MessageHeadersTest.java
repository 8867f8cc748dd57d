package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Jakarta Messaging 3.1, section 3.4: message header fields. */
@DisplayName("04 Message headers")
class MessageHeadersTest extends ConformanceTestBase {

    private Session session;
    private Queue queue;
    private MessageProducer producer;
    private MessageConsumer consumer;

    @BeforeEach
    void open() throws Exception {
        session = session();
        queue = queue();
        producer = session.createProducer(queue);
        consumer = session.createConsumer(queue);
    }

    private Message roundTrip(Message m) throws Exception {
        producer.send(m);
        return receive(consumer);
    }

    @Test
    void messageIdIsAssignedOnSendAndStartsWithIdPrefix() throws Exception {
        Message m = session.createMessage();
        producer.send(m);
        String id = m.getJMSMessageID();
        assertNotNull(id, "send sets JMSMessageID on the sent message");
        assertTrue(id.startsWith("ID:"), "JMSMessageID starts with ID: but was " + id);
        Message r = receive(consumer);
        assertEquals(id, r.getJMSMessageID(), "the receiver sees the sender's JMSMessageID");
    }

    @Test
    void messageIdsAreUnique() throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Message m = session.createMessage();
            producer.send(m);
            ids.add(m.getJMSMessageID());
        }
        assertEquals(20, ids.size(), "20 sends give 20 distinct JMSMessageIDs");
        for (int i = 0; i < 20; i++) {
            assertTrue(ids.remove(receive(consumer).getJMSMessageID()));
        }
    }

    @Test
    void clientSetMessageIdIsOverwrittenBySend() throws Exception {
        Message m = session.createMessage();
        m.setJMSMessageID("ID:client-chosen");
        producer.send(m);
        assertNotEquals("ID:client-chosen", m.getJMSMessageID(), "send assigns JMSMessageID itself");
        assertNotEquals("ID:client-chosen", receive(consumer).getJMSMessageID());
    }

    @Test
    void timestampIsTheTimeOfSend() throws Exception {
        Message m = session.createMessage();
        long before = System.currentTimeMillis();
        producer.send(m);
        long after = System.currentTimeMillis();
        long ts = m.getJMSTimestamp();
        assertTrue(ts >= before && ts <= after, "JMSTimestamp " + ts + " within [" + before + "," + after + "]");
        assertEquals(ts, receive(consumer).getJMSTimestamp());
    }

    @Test
    void destinationIsSetBySend() throws Exception {
        Message m = session.createMessage();
        producer.send(m);
        assertEquals(queue.getQueueName(), ((Queue) m.getJMSDestination()).getQueueName());
        Message r = receive(consumer);
        assertTrue(r.getJMSDestination() instanceof Queue, "received JMSDestination is a Queue");
        assertEquals(queue.getQueueName(), ((Queue) r.getJMSDestination()).getQueueName());
    }

    @Test
    void correlationIdStringRoundTrips() throws Exception {
        Message m = session.createMessage();
        m.setJMSCorrelationID("order-42 \u00e9\u4e2d");
        assertEquals("order-42 \u00e9\u4e2d", roundTrip(m).getJMSCorrelationID());
    }

    @Test
    void correlationIdMayBeAMessageId() throws Exception {
        Message first = session.createMessage();
        producer.send(first);
        Message second = session.createMessage();
        second.setJMSCorrelationID(first.getJMSMessageID());
        producer.send(second);
        assertEquals(first.getJMSMessageID(), receive(consumer).getJMSMessageID());
        assertEquals(first.getJMSMessageID(), receive(consumer).getJMSCorrelationID());
    }

    @Test
    void correlationIdAsBytesRoundTripsWhenSupported() throws Throwable {
        Message m = session.createMessage();
        byte[] id = {1, 2, 3, (byte) 0xff, 0, 127};
        try {
            m.setJMSCorrelationIDAsBytes(id);
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("skipped: provider does not support byte[] correlation ids (allowed by the spec)");
        }
        assertArrayEquals(id, m.getJMSCorrelationIDAsBytes(), "getter returns what was set");
        Message received = roundTrip(m);
        knownDeviation("fpm-jms-artemis", "a byte[] correlation id comes back from PHP as a string (one ISO-8859-1 char"
                + " per byte), whose byte[] getter the Artemis client answers with null",
                () -> assertArrayEquals(id, received.getJMSCorrelationIDAsBytes()));
    }

    @Test
    void replyToRoundTrips() throws Exception {
        Message m = session.createMessage();
        Queue replyTo = queue();
        m.setJMSReplyTo(replyTo);
        Message r = roundTrip(m);
        assertTrue(r.getJMSReplyTo() instanceof Queue, "JMSReplyTo is a Queue");
        assertEquals(replyTo.getQueueName(), ((Queue) r.getJMSReplyTo()).getQueueName());
    }

    @Test
    void replyToCanBeUsedToSend() throws Exception {
        Queue replyTo = queue();
        Message m = session.createMessage();
        m.setJMSReplyTo(replyTo);
        Message r = roundTrip(m);
        session.createProducer(r.getJMSReplyTo()).send(session.createTextMessage("answer"));
        MessageConsumer replies = session.createConsumer(replyTo);
        assertEquals("answer", ((TextMessage) receive(replies)).getText());
    }

    @Test
    void typeRoundTrips() throws Exception {
        Message m = session.createMessage();
        m.setJMSType("com.example.OrderPlaced");
        assertEquals("com.example.OrderPlaced", roundTrip(m).getJMSType());
    }

    @Test
    void deliveryModeDefaultsToPersistent() throws Exception {
        assertEquals(DeliveryMode.PERSISTENT, producer.getDeliveryMode());
        Message m = session.createMessage();
        producer.send(m);
        assertEquals(DeliveryMode.PERSISTENT, m.getJMSDeliveryMode(), "send sets JMSDeliveryMode");
        assertEquals(DeliveryMode.PERSISTENT, receive(consumer).getJMSDeliveryMode());
    }

    @Test
    void nonPersistentDeliveryModeIsReceived() throws Exception {
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        Message m = session.createMessage();
        m.setJMSDeliveryMode(DeliveryMode.PERSISTENT); // ignored: send sets the header
        producer.send(m);
        assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
        assertEquals(DeliveryMode.NON_PERSISTENT, receive(consumer).getJMSDeliveryMode());
    }

    @Test
    void priorityDefaultsToFour() throws Exception {
        assertEquals(4, producer.getPriority());
        Message m = session.createMessage();
        m.setJMSPriority(9); // ignored: send sets the header
        producer.send(m);
        assertEquals(4, m.getJMSPriority());
        assertEquals(4, receive(consumer).getJMSPriority());
    }

    @Test
    void producerPriorityIsReceived() throws Exception {
        producer.setPriority(7);
        assertEquals(7, roundTrip(session.createMessage()).getJMSPriority());
        producer.send(session.createMessage(), DeliveryMode.PERSISTENT, 2, 0);
        assertEquals(2, receive(consumer).getJMSPriority(), "per-send priority");
    }

    @Test
    void expirationIsZeroWithoutTimeToLive() throws Exception {
        assertEquals(0L, producer.getTimeToLive());
        Message m = session.createMessage();
        m.setJMSExpiration(12345L); // ignored: send sets the header
        producer.send(m);
        assertEquals(0L, m.getJMSExpiration());
        assertEquals(0L, receive(consumer).getJMSExpiration());
    }

    @Test
    void expirationIsSendTimePlusTimeToLive() throws Exception {
        producer.setTimeToLive(60_000);
        Message m = session.createMessage();
        long before = System.currentTimeMillis();
        producer.send(m);
        long after = System.currentTimeMillis();
        long exp = m.getJMSExpiration();
        assertTrue(exp >= before + 60_000 && exp <= after + 60_000, "JMSExpiration " + exp);
        assertEquals(exp, receive(consumer).getJMSExpiration());
    }

    @Test
    void deliveryTimeIsSendTimeWithoutDelay() throws Throwable {
        Message m = session.createMessage();
        long before = System.currentTimeMillis();
        producer.send(m);
        long after = System.currentTimeMillis();
        Message r = receive(consumer);
        knownDeviation("artemis", "JMSDeliveryTime is 0 when the delivery delay is 0 (spec 3.4.13: send time + delay)",
                () -> {
                    long dt = m.getJMSDeliveryTime();
                    assertTrue(dt >= before && dt <= after, "JMSDeliveryTime " + dt + " within [" + before + "," + after + "]");
                    assertEquals(dt, r.getJMSDeliveryTime());
                });
    }

    @Test
    void deliveryTimeIsSendTimePlusDelay() throws Exception {
        producer.setDeliveryDelay(400);
        Message m = session.createMessage();
        long before = System.currentTimeMillis();
        producer.send(m);
        long after = System.currentTimeMillis();
        long dt = m.getJMSDeliveryTime();
        assertTrue(dt >= before + 400 && dt <= after + 400, "JMSDeliveryTime " + dt);
        Message r = receive(consumer);
        assertEquals(dt, r.getJMSDeliveryTime());
        assertTrue(System.currentTimeMillis() >= dt, "not delivered before JMSDeliveryTime");
    }

    @Test
    void redeliveredIsFalseOnFirstDelivery() throws Exception {
        Message m = session.createMessage();
        m.setJMSRedelivered(true); // ignored: set by the provider on delivery
        assertFalse(roundTrip(m).getJMSRedelivered());
    }

    @Test
    void headersOfAReceivedMessageAreWritable() throws Exception {
        Message r = roundTrip(session.createMessage());
        r.setJMSType("changed");
        r.setJMSCorrelationID("changed");
        r.setJMSPriority(1);
        assertEquals("changed", r.getJMSType());
        assertEquals("changed", r.getJMSCorrelationID());
        assertEquals(1, r.getJMSPriority());
    }

    @Test
    void receivedMessageCanBeResent() throws Exception {
        TextMessage m = session.createTextMessage("again");
        m.setStringProperty("p", "v");
        Message r = roundTrip(m);
        producer.send(r);
        TextMessage again = (TextMessage) receive(consumer);
        assertEquals("again", again.getText());
        assertEquals("v", again.getStringProperty("p"));
        assertNotEquals(m.getJMSMessageID(), again.getJMSMessageID(), "a resent message gets a new JMSMessageID");
    }
}
