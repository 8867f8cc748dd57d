package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Jakarta Messaging 3.1: local transactions of a session. */
@DisplayName("03 Transactions")
class TransactionsTest extends ConformanceTestBase {

    private Connection connection;
    private Queue queue;
    private Session tx;
    private Session plain;

    @BeforeEach
    void open() throws Exception {
        connection = startedConnection();
        queue = queue();
        tx = connection.createSession(true, Session.SESSION_TRANSACTED);
        plain = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    private void sendPlain(String... texts) throws Exception {
        MessageProducer p = plain.createProducer(queue);
        for (String t : texts) {
            p.send(plain.createTextMessage(t));
        }
    }

    private static String text(Message m) throws Exception {
        return ((TextMessage) m).getText();
    }

    @Test
    void sendsAreInvisibleUntilCommit() throws Exception {
        MessageProducer p = tx.createProducer(queue);
        p.send(tx.createTextMessage("one"));
        p.send(tx.createTextMessage("two"));
        MessageConsumer c = plain.createConsumer(queue);
        assertNoMessage(c);
        tx.commit();
        assertEquals("one", text(receive(c)));
        assertEquals("two", text(receive(c)));
    }

    @Test
    void rolledBackSendsAreDiscarded() throws Exception {
        MessageProducer p = tx.createProducer(queue);
        p.send(tx.createTextMessage("discarded"));
        tx.rollback();
        p.send(tx.createTextMessage("kept"));
        tx.commit();
        MessageConsumer c = plain.createConsumer(queue);
        assertEquals("kept", text(receive(c)));
        assertNoMessage(c);
    }

    @Test
    void committedReceivesAreGone() throws Exception {
        sendPlain("a");
        MessageConsumer c = tx.createConsumer(queue);
        receive(c);
        tx.commit();
        tx.close();
        assertNoMessage(plain.createConsumer(queue));
    }

    @Test
    void rolledBackReceivesAreRedelivered() throws Exception {
        sendPlain("a", "b");
        MessageConsumer c = tx.createConsumer(queue);
        Message a = receive(c);
        receive(c);
        tx.rollback();
        Message again = receive(c);
        assertEquals(a.getJMSMessageID(), again.getJMSMessageID(), "redelivered in order");
        assertTrue(again.getJMSRedelivered());
        assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
        Message b = receive(c);
        assertEquals("b", text(b));
        assertTrue(b.getJMSRedelivered());
        tx.commit();
        assertNoMessage(c);
    }

    @Test
    void deliveryCountGrowsWithEveryRollback() throws Exception {
        sendPlain("a");
        MessageConsumer c = tx.createConsumer(queue);
        for (int expected = 1; expected <= 3; expected++) {
            Message m = receive(c);
            assertEquals(expected, m.getIntProperty("JMSXDeliveryCount"));
            assertEquals(expected > 1, m.getJMSRedelivered());
            tx.rollback();
        }
        receive(c);
        tx.commit();
    }

    @Test
    void receiveAndSendAreOneUnit() throws Exception {
        Queue out = queue();
        sendPlain("request");
        MessageConsumer in = tx.createConsumer(queue);
        MessageProducer p = tx.createProducer(out);
        receive(in);
        p.send(tx.createTextMessage("result"));
        tx.rollback();
        MessageConsumer outConsumer = plain.createConsumer(out);
        assertNoMessage(outConsumer);
        Message again = receive(in);
        assertTrue(again.getJMSRedelivered(), "the input is back");
        p.send(tx.createTextMessage("result"));
        tx.commit();
        assertEquals("result", text(receive(outConsumer)));
        assertNoMessage(in);
    }

    @Test
    void closingATransactedSessionRollsBack() throws Exception {
        sendPlain("a");
        Session s = connection.createSession(true, Session.SESSION_TRANSACTED);
        receive(s.createConsumer(queue));
        s.createProducer(queue).send(s.createTextMessage("never"));
        s.close();
        MessageConsumer c = plain.createConsumer(queue);
        Message m = receive(c);
        assertEquals("a", text(m));
        assertTrue(m.getJMSRedelivered());
        assertNoMessage(c);
    }

    @Test
    void manyTransactionsInSequence() throws Exception {
        MessageProducer p = tx.createProducer(queue);
        for (int i = 0; i < 5; i++) {
            p.send(tx.createTextMessage("m" + i));
            if (i % 2 == 0) {
                tx.commit();
            } else {
                tx.rollback();
            }
        }
        MessageConsumer c = plain.createConsumer(queue);
        assertEquals("m0", text(receive(c)));
        assertEquals("m2", text(receive(c)));
        assertEquals("m4", text(receive(c)));
        assertNoMessage(c);
    }

    @Test
    void commitAndRollbackNeedATransactedSession() throws Exception {
        assertThrows(IllegalStateException.class, plain::commit);
        assertThrows(IllegalStateException.class, plain::rollback);
    }

    @Test
    void commitAndRollbackOnClosedSessionThrow() throws Exception {
        tx.close();
        assertThrows(IllegalStateException.class, tx::commit);
        assertThrows(IllegalStateException.class, tx::rollback);
    }

    @Test
    void acknowledgeIsIgnoredInATransaction() throws Exception {
        sendPlain("a");
        MessageConsumer c = tx.createConsumer(queue);
        receive(c).acknowledge();
        tx.rollback();
        Message again = receive(c);
        assertTrue(again.getJMSRedelivered(), "acknowledge did not consume the message");
        tx.commit();
    }

    @Test
    void emptyCommitAndRollbackAreAllowed() throws Exception {
        tx.commit();
        tx.rollback();
        assertTrue(tx.getTransacted());
    }

    @Test
    void uncommittedSendIsNotSeenByTheSameSession() throws Exception {
        tx.createProducer(queue).send(tx.createTextMessage("pending"));
        MessageConsumer c = tx.createConsumer(queue);
        assertNoMessage(c);
        tx.commit();
        assertEquals("pending", text(receive(c)));
        tx.commit();
    }

    @Test
    void firstDeliveryInATransactionIsNotRedelivered() throws Exception {
        sendPlain("a");
        Message m = receive(tx.createConsumer(queue));
        assertFalse(m.getJMSRedelivered());
        tx.commit();
    }
}
