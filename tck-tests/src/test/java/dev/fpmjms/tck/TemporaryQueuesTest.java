package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Jakarta Messaging 3.1, temporary destinations. */
@DisplayName("12 Temporary queues")
class TemporaryQueuesTest extends ConformanceTestBase {

    private Connection connection;
    private Session session;

    @BeforeEach
    void open() throws Exception {
        connection = startedConnection();
        session = connection.createSession();
    }

    @Test
    void temporaryQueueCarriesMessages() throws Exception {
        TemporaryQueue tmp = session.createTemporaryQueue();
        assertNotNull(tmp.getQueueName());
        session.createProducer(tmp).send(session.createTextMessage("via temp"));
        assertEquals("via temp", ((TextMessage) receive(session.createConsumer(tmp))).getText());
    }

    @Test
    void temporaryQueuesAreDistinct() throws Exception {
        TemporaryQueue a = session.createTemporaryQueue();
        TemporaryQueue b = session.createTemporaryQueue();
        assertNotEquals(a.getQueueName(), b.getQueueName());
        session.createProducer(a).send(session.createTextMessage("for a"));
        assertNoMessage(session.createConsumer(b));
        assertEquals("for a", ((TextMessage) receive(session.createConsumer(a))).getText());
    }

    @Test
    void anotherSessionOfTheSameConnectionMayConsume() throws Exception {
        TemporaryQueue tmp = session.createTemporaryQueue();
        Session other = connection.createSession();
        session.createProducer(tmp).send(session.createTextMessage("x"));
        assertEquals("x", ((TextMessage) receive(other.createConsumer(tmp))).getText());
    }

    @Test
    void anotherConnectionMaySendButNotConsume() throws Exception {
        TemporaryQueue tmp = session.createTemporaryQueue();
        Session foreign = startedConnection().createSession();
        foreign.createProducer(tmp).send(foreign.createTextMessage("from elsewhere"));
        assertThrows(JMSException.class, () -> foreign.createConsumer(tmp),
                "only the connection that created a temporary queue may consume from it");
        assertEquals("from elsewhere", ((TextMessage) receive(session.createConsumer(tmp))).getText());
    }

    @Test
    void temporaryQueueTravelsAsReplyTo() throws Exception {
        TemporaryQueue tmp = session.createTemporaryQueue();
        var q = queue();
        Message m = session.createMessage();
        m.setJMSReplyTo(tmp);
        session.createProducer(q).send(m);
        Message r = receive(session.createConsumer(q));
        assertEquals(tmp.getQueueName(), ((jakarta.jms.Queue) r.getJMSReplyTo()).getQueueName());
        session.createProducer(r.getJMSReplyTo()).send(session.createTextMessage("reply"));
        assertEquals("reply", ((TextMessage) receive(session.createConsumer(tmp))).getText());
    }

    @Test
    void deleteWithAnOpenConsumerFails() throws Exception {
        TemporaryQueue tmp = session.createTemporaryQueue();
        MessageConsumer c = session.createConsumer(tmp);
        assertThrows(JMSException.class, tmp::delete, "a temporary queue in use cannot be deleted");
        c.close();
        tmp.delete();
    }

    @Test
    void deletedTemporaryQueueCannotBeConsumed() throws Exception {
        TemporaryQueue tmp = session.createTemporaryQueue();
        tmp.delete();
        assertThrows(JMSException.class, () -> session.createConsumer(tmp));
    }

    @Test
    void sendingToADeletedTemporaryQueueFails() throws Throwable {
        TemporaryQueue tmp = session.createTemporaryQueue();
        tmp.delete();
        knownDeviation("artemis", "sending to a deleted temporary queue succeeds (send: InvalidDestinationException)",
                () -> assertThrows(InvalidDestinationException.class,
                        () -> session.createProducer(tmp).send(session.createMessage())));
    }

    @Test
    void temporaryQueueEndsWithItsConnection() throws Throwable {
        Connection owner = startedConnection();
        TemporaryQueue tmp = owner.createSession().createTemporaryQueue();
        owner.close();
        knownDeviation("artemis", "sending to the temporary queue of a closed connection succeeds",
                () -> assertThrows(InvalidDestinationException.class,
                        () -> session.createProducer(tmp).send(session.createMessage())));
    }
}
