package dev.fpmjms.jms;

import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionRolledBackException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.fpmjms.jms.FacadeFixture.LOCAL;
import static dev.fpmjms.jms.FacadeFixture.WORK;
import static dev.fpmjms.jms.FacadeFixture.receiveText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class TransactionTest {
    private FacadeFixture fx = new FacadeFixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void sendsWaitForCommit() throws Exception {
        Session tx = fx.startedSession(Session.SESSION_TRANSACTED);
        assertTrue(tx.getTransacted());
        Session reader = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = reader.createConsumer(reader.createQueue(LOCAL));
        MessageProducer producer = tx.createProducer(tx.createQueue(LOCAL));
        producer.send(tx.createTextMessage("one"));
        producer.send(tx.createTextMessage("two"));
        assertNull(consumer.receive(100), "visible before commit");
        tx.commit();
        assertEquals("one", receiveText(consumer).getText());
        assertEquals("two", receiveText(consumer).getText());
    }

    @Test
    void rollbackDropsSends() throws Exception {
        Session tx = fx.startedSession(Session.SESSION_TRANSACTED);
        MessageProducer producer = tx.createProducer(tx.createQueue(WORK));
        producer.send(tx.createTextMessage("never"));
        tx.rollback();
        tx.commit();
        assertTrue(fx.gateways.requests().isEmpty());
        assertNull(tx.createConsumer(tx.createQueue(WORK)).receive(100));
    }

    @Test
    void rollbackRedeliversReceivedMessagesCountedAndCommitAcknowledges() throws Exception {
        Session tx = fx.startedSession(Session.SESSION_TRANSACTED);
        Queue local = tx.createQueue(LOCAL);
        MessageProducer producer = tx.createProducer(local);
        producer.send(tx.createTextMessage("a"));
        producer.send(tx.createTextMessage("b"));
        tx.commit();
        MessageConsumer consumer = tx.createConsumer(local);
        assertFalse(receiveText(consumer).getJMSRedelivered());
        receiveText(consumer);
        tx.rollback();
        TextMessage a = receiveText(consumer);
        TextMessage b = receiveText(consumer);
        assertEquals("a", a.getText());
        assertEquals("b", b.getText());
        assertTrue(a.getJMSRedelivered());
        assertEquals(2, a.getIntProperty("JMSXDeliveryCount"));
        tx.commit();
        assertNull(consumer.receive(100));
        assertEquals(0, fx.engine().consumerQueue(dev.fpmjms.envelope.DestinationRef.queue(LOCAL)).size());
    }

    @Test
    void transactedSendToAnUnknownQueueFailsAtSend() throws Exception {
        Session tx = fx.startedSession(Session.SESSION_TRANSACTED);
        MessageProducer anonymous = tx.createProducer(null);
        assertThrows(jakarta.jms.InvalidDestinationException.class,
                () -> anonymous.send(tx.createQueue("missing"), tx.createMessage()));
    }

    @Test
    void failedCommitRollsBack() throws Exception {
        fx.close();
        fx = new FacadeFixture(b -> b.maxQueueMessages(2));
        Session tx = fx.startedSession(Session.SESSION_TRANSACTED);
        Queue local = tx.createQueue(LOCAL);
        MessageProducer producer = tx.createProducer(local);
        producer.send(tx.createTextMessage("in"));
        tx.commit();
        MessageConsumer consumer = tx.createConsumer(local);
        receiveText(consumer);
        for (int i = 0; i < 3; i++) {
            producer.send(tx.createTextMessage("x" + i));
        }
        TransactionRolledBackException e = assertThrows(TransactionRolledBackException.class, tx::commit);
        assertTrue(e.getMessage().contains("full"), e.getMessage());
        TextMessage again = receiveText(consumer);
        assertEquals("in", again.getText());
        assertTrue(again.getJMSRedelivered());
        tx.commit();
        assertNull(consumer.receiveNoWait());
    }

    @Test
    void commitAndRollbackNeedATransactedSession() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        assertThrows(jakarta.jms.IllegalStateException.class, session::commit);
        assertThrows(jakarta.jms.IllegalStateException.class, session::rollback);
    }

    @Test
    void closeRollsBack() throws Exception {
        Session tx = fx.startedSession(Session.SESSION_TRANSACTED);
        tx.createProducer(tx.createQueue(LOCAL)).send(tx.createMessage());
        tx.close();
        Session reader = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        assertNull(reader.createConsumer(reader.createQueue(LOCAL)).receive(100));
    }
}
