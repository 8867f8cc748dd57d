package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Jakarta Messaging 3.1: sessions and message acknowledgement. */
@DisplayName("02 Sessions and acknowledgement")
class SessionsAcknowledgeTest extends ConformanceTestBase {

    private Connection connection;
    private Queue queue;

    @BeforeEach
    void open() throws Exception {
        connection = startedConnection();
        queue = queue();
    }

    private void sendTexts(String... texts) throws Exception {
        Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(queue);
        for (String t : texts) {
            p.send(s.createTextMessage(t));
        }
        s.close();
    }

    private static String text(Message m) throws Exception {
        return ((TextMessage) m).getText();
    }

    @Test
    void sessionModesAreReported() throws Exception {
        Session auto = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertFalse(auto.getTransacted());
        assertEquals(Session.AUTO_ACKNOWLEDGE, auto.getAcknowledgeMode());
        assertEquals(Session.CLIENT_ACKNOWLEDGE, connection.createSession(false, Session.CLIENT_ACKNOWLEDGE).getAcknowledgeMode());
        assertEquals(Session.DUPS_OK_ACKNOWLEDGE, connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE).getAcknowledgeMode());
        Session tx = connection.createSession(true, Session.AUTO_ACKNOWLEDGE);
        assertTrue(tx.getTransacted());
        assertEquals(Session.SESSION_TRANSACTED, tx.getAcknowledgeMode(), "a transacted session ignores the ack mode");
    }

    @Test
    void jms2CreateSessionVariants() throws Exception {
        Session plain = connection.createSession();
        assertFalse(plain.getTransacted());
        assertEquals(Session.AUTO_ACKNOWLEDGE, plain.getAcknowledgeMode());
        assertEquals(Session.CLIENT_ACKNOWLEDGE, connection.createSession(Session.CLIENT_ACKNOWLEDGE).getAcknowledgeMode());
        Session tx = connection.createSession(Session.SESSION_TRANSACTED);
        assertTrue(tx.getTransacted());
    }

    @Test
    void createQueueReturnsQueueOfThatName() throws Exception {
        Session s = connection.createSession();
        assertEquals(queue.getQueueName(), s.createQueue(queue.getQueueName()).getQueueName());
    }

    @Test
    void autoAcknowledgedMessagesAreNotRedelivered() throws Exception {
        sendTexts("a", "b");
        Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(queue);
        assertEquals("a", text(receive(c)));
        s.close();
        Session again = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer c2 = again.createConsumer(queue);
        Message next = receive(c2);
        assertEquals("b", text(next), "a was acknowledged when receive returned");
        assertFalse(next.getJMSRedelivered());
        assertNoMessage(c2);
    }

    @Test
    void clientAcknowledgeUnacknowledgedMessagesAreRedeliveredAfterClose() throws Exception {
        sendTexts("a", "b", "c");
        Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(queue);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(receive(c).getJMSMessageID());
        }
        s.close();
        Session again = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c2 = again.createConsumer(queue);
        for (int i = 0; i < 3; i++) {
            Message m = receive(c2);
            assertEquals(ids.get(i), m.getJMSMessageID(), "redelivered in the original order");
            assertTrue(m.getJMSRedelivered(), "JMSRedelivered is set on redelivery");
            assertEquals(2, m.getIntProperty("JMSXDeliveryCount"));
            m.acknowledge();
        }
    }

    @Test
    void clientAcknowledgeAcknowledgesEverythingConsumedSoFar() throws Exception {
        sendTexts("a", "b", "c");
        Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(queue);
        Message first = receive(c);
        receive(c);
        receive(c);
        first.acknowledge(); // acknowledges all three, not only the first
        s.close();
        Session again = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        assertNoMessage(again.createConsumer(queue));
    }

    @Test
    void clientAcknowledgeDoesNotCoverLaterMessages() throws Exception {
        sendTexts("a", "b", "c");
        Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(queue);
        receive(c);
        receive(c).acknowledge();
        assertEquals("c", text(receive(c)));
        s.close();
        Session again = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c2 = again.createConsumer(queue);
        Message m = receive(c2);
        assertEquals("c", text(m), "only the message consumed after acknowledge comes back");
        assertTrue(m.getJMSRedelivered());
        m.acknowledge();
        assertNoMessage(c2);
    }

    @Test
    void clientAcknowledgeCoversMessagesOfEveryConsumerOfTheSession() throws Exception {
        Queue other = queue();
        sendTexts("a");
        Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        s.createProducer(other).send(s.createTextMessage("b"));
        MessageConsumer c1 = s.createConsumer(queue);
        MessageConsumer c2 = s.createConsumer(other);
        Message a = receive(c1);
        receive(c2);
        a.acknowledge();
        s.close();
        Session again = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        assertNoMessage(again.createConsumer(queue));
        assertNoMessage(again.createConsumer(other));
    }

    @Test
    void dupsOkDeliversEveryMessage() throws Exception {
        sendTexts("a", "b", "c");
        Session s = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(queue);
        assertEquals("a", text(receive(c)));
        assertEquals("b", text(receive(c)));
        assertEquals("c", text(receive(c)));
    }

    @Test
    void recoverRedeliversUnacknowledgedMessages() throws Exception {
        sendTexts("a", "b");
        Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(queue);
        Message a = receive(c);
        assertFalse(a.getJMSRedelivered());
        assertEquals(1, a.getIntProperty("JMSXDeliveryCount"));
        receive(c);
        s.recover();
        Message again = receive(c);
        assertEquals(a.getJMSMessageID(), again.getJMSMessageID(), "recover restarts with the oldest unacknowledged");
        assertTrue(again.getJMSRedelivered());
        assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
        assertEquals("b", text(receive(c)));
    }

    @Test
    void deliveryCountGrowsWithEveryRecover() throws Exception {
        sendTexts("a");
        Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(queue);
        for (int expected = 1; expected <= 4; expected++) {
            Message m = receive(c);
            assertEquals(expected, m.getIntProperty("JMSXDeliveryCount"));
            assertEquals(expected > 1, m.getJMSRedelivered());
            s.recover();
        }
        receive(c).acknowledge();
        assertNoMessage(c);
    }

    @Test
    void recoverAfterAcknowledgeRedeliversNothing() throws Exception {
        sendTexts("a");
        Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(queue);
        receive(c).acknowledge();
        s.recover();
        assertNoMessage(c);
    }

    @Test
    void recoverOnTransactedSessionThrows() throws Exception {
        Session s = connection.createSession(true, Session.SESSION_TRANSACTED);
        assertThrows(IllegalStateException.class, s::recover);
    }

    @Test
    void acknowledgeIsIgnoredInAutoMode() throws Exception {
        sendTexts("a");
        Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        receive(s.createConsumer(queue)).acknowledge();
    }

    @Test
    void acknowledgeAfterSessionCloseThrows() throws Exception {
        sendTexts("a");
        Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Message m = receive(s.createConsumer(queue));
        s.close();
        assertThrows(IllegalStateException.class, m::acknowledge);
    }

    @Test
    void messageOfAClosedConsumerCanStillBeAcknowledged() throws Exception {
        sendTexts("a");
        Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(queue);
        Message m = receive(c);
        c.close();
        m.acknowledge();
        s.close();
        assertNoMessage(connection.createSession().createConsumer(queue));
    }

    @Test
    @Timeout(20)
    void listenerInClientModeAcknowledges() throws Exception {
        sendTexts("a", "b");
        Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        CountDownLatch two = new CountDownLatch(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        s.createConsumer(queue).setMessageListener(m -> {
            try {
                if (two.getCount() == 1) {
                    m.acknowledge();
                }
            } catch (Exception e) {
                failure.set(e);
            }
            two.countDown();
        });
        assertTrue(two.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        assertEquals(null, failure.get());
        s.close();
        assertNoMessage(connection.createSession().createConsumer(queue));
    }

    @Test
    void closingASessionTwiceIsAllowed() throws Exception {
        Session s = connection.createSession();
        s.close();
        s.close();
    }

    @Test
    void sessionsAreIndependent() throws Exception {
        Session s1 = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Session s2 = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue other = queue();
        sendTexts("for s1");
        s2.createProducer(other).send(s2.createTextMessage("for s2"));
        Message m1 = receive(s1.createConsumer(queue));
        MessageConsumer c2 = s2.createConsumer(other);
        Message m2 = receive(c2);
        assertNotNull(m2);
        m1.acknowledge();
        s2.recover(); // affects s2 only
        Message again = receive(c2);
        assertTrue(again.getJMSRedelivered());
        s1.close();
        assertNoMessage(connection.createSession().createConsumer(queue));
    }

    @Test
    @Timeout(20)
    void recoverInsideAListenerRedeliversToIt() throws Exception {
        sendTexts("a");
        Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        List<Boolean> redelivered = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch twice = new CountDownLatch(2);
        s.createConsumer(queue).setMessageListener(m -> {
            try {
                redelivered.add(m.getJMSRedelivered());
                if (twice.getCount() == 2) {
                    twice.countDown();
                    s.recover();
                } else {
                    m.acknowledge();
                    twice.countDown();
                }
            } catch (Exception e) {
                redelivered.add(null);
            }
        });
        assertTrue(twice.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS), "delivered again after recover");
        assertEquals(List.of(false, true), redelivered);
    }

    @Test
    void closingAConsumerDoesNotAcknowledge() throws Exception {
        sendTexts("a");
        Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(queue);
        receive(c);
        c.close();
        s.close();
        Message again = receive(connection.createSession().createConsumer(queue));
        assertTrue(again.getJMSRedelivered(), "the message was not acknowledged by closing its consumer");
    }

    @Test
    void unacknowledgedMessageIsNotGivenToAnotherConsumer() throws Exception {
        sendTexts("a");
        Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        receive(s.createConsumer(queue));
        Session other = connection.createSession();
        assertNoMessage(other.createConsumer(queue));
        s.close();
    }
}
