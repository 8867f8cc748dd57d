package dev.fpmjms.jms;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.fpmjms.jms.FacadeFixture.LOCAL;
import static dev.fpmjms.jms.FacadeFixture.receiveText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class AcknowledgeTest {
    private final FacadeFixture fx = new FacadeFixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private void sendTexts(Session session, String... texts) throws JMSException {
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        for (String t : texts) {
            producer.send(session.createTextMessage(t));
        }
    }

    private long held() throws Exception {
        return fx.engine().consumerQueue(dev.fpmjms.envelope.DestinationRef.queue(LOCAL)).size();
    }

    @Test
    void autoAcknowledgeSettlesOnReceive() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        sendTexts(session, "a");
        MessageConsumer consumer = session.createConsumer(session.createQueue(LOCAL));
        Message m = consumer.receive(5000);
        assertEquals(0, held());
        m.acknowledge(); // no effect outside CLIENT_ACKNOWLEDGE
        session.recover();
        assertNull(consumer.receiveNoWait());
    }

    @Test
    void dupsOkSettlesOnReceive() throws Exception {
        Session session = fx.startedSession(Session.DUPS_OK_ACKNOWLEDGE);
        assertEquals(Session.DUPS_OK_ACKNOWLEDGE, session.getAcknowledgeMode());
        sendTexts(session, "a");
        session.createConsumer(session.createQueue(LOCAL)).receive(5000);
        assertEquals(0, held());
    }

    @Test
    void clientAcknowledgeAcknowledgesEverythingConsumedSoFar() throws Exception {
        Session session = fx.startedSession(Session.CLIENT_ACKNOWLEDGE);
        sendTexts(session, "a", "b", "c");
        MessageConsumer consumer = session.createConsumer(session.createQueue(LOCAL));
        receiveText(consumer);
        Message b = receiveText(consumer);
        assertEquals(3, held());
        b.acknowledge();
        assertEquals(1, held(), "a and b acknowledged, c waiting");
        Message c = receiveText(consumer);
        assertEquals("c", ((TextMessage) c).getText());
        session.recover();
        TextMessage again = receiveText(consumer);
        assertEquals("c", again.getText());
        assertTrue(again.getJMSRedelivered());
        assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
        again.acknowledge();
        assertEquals(0, held());
    }

    @Test
    void recoverRedeliversInOrderWithCounts() throws Exception {
        Session session = fx.startedSession(Session.CLIENT_ACKNOWLEDGE);
        sendTexts(session, "a", "b", "c");
        MessageConsumer consumer = session.createConsumer(session.createQueue(LOCAL));
        for (String expected : new String[] {"a", "b", "c"}) {
            TextMessage m = receiveText(consumer);
            assertEquals(expected, m.getText());
            assertFalse(m.getJMSRedelivered());
        }
        session.recover();
        session.recover();
        for (String expected : new String[] {"a", "b", "c"}) {
            TextMessage m = receiveText(consumer);
            assertEquals(expected, m.getText());
            assertTrue(m.getJMSRedelivered());
            assertEquals(2, m.getIntProperty("JMSXDeliveryCount"));
        }
    }

    @Test
    void acknowledgeAfterSessionCloseIsIllegalAndCloseGivesMessagesBack() throws Exception {
        Connection connection = fx.connection();
        connection.start();
        Session session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
        sendTexts(session, "a");
        Message m = session.createConsumer(session.createQueue(LOCAL)).receive(5000);
        session.close();
        assertThrows(jakarta.jms.IllegalStateException.class, m::acknowledge);
        Session other = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        TextMessage again = receiveText(other.createConsumer(other.createQueue(LOCAL)));
        assertEquals("a", again.getText());
        assertTrue(again.getJMSRedelivered());
    }

    @Test
    void recoverOnTransactedSessionIsIllegal() throws Exception {
        Session session = fx.startedSession(Session.SESSION_TRANSACTED);
        assertThrows(jakarta.jms.IllegalStateException.class, session::recover);
    }

    @Test
    void invalidSessionModeIsRefused() throws Exception {
        Connection connection = fx.connection();
        assertThrows(JMSException.class, () -> connection.createSession(7));
        assertEquals(Session.SESSION_TRANSACTED, connection.createSession(true, Session.AUTO_ACKNOWLEDGE).getAcknowledgeMode());
    }

    @Test
    void queuesAreEqualByName() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Queue a = session.createQueue(LOCAL);
        assertEquals(a, new FpmQueue(LOCAL));
        assertEquals(a.hashCode(), new FpmQueue(LOCAL).hashCode());
        assertFalse(a.equals(new FpmQueue("other")));
        assertEquals(LOCAL, a.getQueueName());
    }
}
