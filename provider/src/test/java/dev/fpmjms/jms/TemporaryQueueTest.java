package dev.fpmjms.jms;

import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.fpmjms.jms.FacadeFixture.WORK;
import static dev.fpmjms.jms.FacadeFixture.receiveText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class TemporaryQueueTest {
    private final FacadeFixture fx = new FacadeFixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void replyToATemporaryQueueThroughAWorkerQueue() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue replies = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(replies);
        TextMessage request = session.createTextMessage("ping");
        request.setJMSReplyTo(replies);
        session.createProducer(session.createQueue(WORK)).send(request);
        TextMessage reply = receiveText(consumer);
        assertEquals("ping", reply.getText());
        assertSame(replies, reply.getJMSDestination(), "the own temporary queue object comes back");
        assertNull(session.createConsumer(session.createQueue(WORK)).receive(100), "reply went to JMSReplyTo only");
    }

    @Test
    void deleteNeedsNoOpenConsumersAndLaterSendsFail() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue temp = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(temp);
        jakarta.jms.IllegalStateException busy = assertThrows(jakarta.jms.IllegalStateException.class, temp::delete);
        assertTrue(busy.getMessage().contains("open consumer"), busy.getMessage());
        consumer.close();
        temp.delete();
        InvalidDestinationException gone = assertThrows(InvalidDestinationException.class,
                () -> session.createProducer(null).send(temp, session.createMessage()));
        assertTrue(gone.getMessage().contains("deleted"), gone.getMessage());
        assertThrows(InvalidDestinationException.class, () -> session.createConsumer(temp));
    }

    @Test
    void onlyTheOwningConnectionMayConsume() throws Exception {
        Session owner = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue temp = owner.createTemporaryQueue();
        Session stranger = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        InvalidDestinationException e = assertThrows(InvalidDestinationException.class, () -> stranger.createConsumer(temp));
        assertTrue(e.getMessage().contains("another connection"), e.getMessage());
        stranger.createProducer(temp).send(stranger.createTextMessage("to owner"));
        assertEquals("to owner", receiveText(owner.createConsumer(temp)).getText());
    }

    @Test
    void temporaryQueuesAreDistinctAndDieWithTheirConnection() throws Exception {
        Connection connection = fx.connection();
        Session session = connection.createSession();
        TemporaryQueue a = session.createTemporaryQueue();
        TemporaryQueue b = session.createTemporaryQueue();
        assertNotEquals(a, b);
        assertNotEquals(a.getQueueName(), b.getQueueName());
        connection.close();
        Session other = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        assertThrows(InvalidDestinationException.class, () -> other.createProducer(a));
    }

    @Test
    void queueRequestorThroughAWorkerQueue() throws Exception {
        QueueConnection connection = fx.track(fx.factory.createQueueConnection());
        connection.start();
        QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue work = session.createQueue(WORK);
        QueueRequestor requestor = new QueueRequestor(session, work);
        TextMessage request = session.createTextMessage("what is 6 * 7?");
        request.setIntProperty("answer", 42);
        Message reply = requestor.request(request);
        assertEquals("what is 6 * 7?", ((TextMessage) reply).getText());
        assertEquals(42, reply.getIntProperty("answer"));
        assertEquals(request.getJMSReplyTo(), reply.getJMSDestination());
        requestor.close();
    }
}
