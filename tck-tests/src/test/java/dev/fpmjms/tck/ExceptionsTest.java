package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Jakarta Messaging 3.1, exceptions and the closing rules of connections, sessions, producers and consumers:
 * closed objects throw {@code IllegalStateException}, a null destination is an
 * {@code InvalidDestinationException}, and closing twice is harmless.
 */
@DisplayName("15 Exceptions and closed objects")
class ExceptionsTest extends ConformanceTestBase {

    private Connection connection;
    private Session session;
    private Queue queue;

    @BeforeEach
    void open() throws Exception {
        connection = startedConnection();
        session = connection.createSession();
        queue = queue();
    }

    @Test
    void queueSessionRefusesTopicMethods() throws Exception {
        // QueueSession Javadoc: these methods inherited from Session throw IllegalStateException
        QueueConnection qc = provider.connectionFactory() instanceof QueueConnectionFactory qcf
                ? track(qcf.createQueueConnection()) : (QueueConnection) connection();
        QueueSession qs = qc.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = () -> "tck.not-a-queue";
        assertAll(
                () -> assertThrows(IllegalStateException.class, () -> qs.createTopic("tck.topic")),
                () -> assertThrows(IllegalStateException.class, qs::createTemporaryTopic),
                () -> assertThrows(IllegalStateException.class, () -> qs.createDurableSubscriber(topic, "sub")),
                () -> assertThrows(IllegalStateException.class,
                        () -> qs.createDurableSubscriber(topic, "sub", null, false)),
                () -> assertThrows(IllegalStateException.class, () -> qs.unsubscribe("sub")));
    }

    @Test
    void messageListenerMustNotCloseItsOwnSessionOrConnection() throws Exception {
        // spec 4.3.5 and 4.4.1: it would wait for itself; the provider must throw IllegalStateException
        Session listening = connection.createSession();
        CompletableFuture<List<Object>> outcomes = new CompletableFuture<>();
        listening.createConsumer(queue).setMessageListener(m -> outcomes.complete(List.of(
                attempt(listening::close), attempt(connection::close))));
        send(session, queue, session.createMessage());
        List<Object> got = outcomes.get(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertAll(
                () -> assertInstanceOf(IllegalStateException.class, got.get(0), "Session.close"),
                () -> assertInstanceOf(IllegalStateException.class, got.get(1), "Connection.close"));
    }

    @Test
    void completionListenerMayStopItsOwnConnection() throws Exception {
        // JMS 2.0 errata JMS_SPEC-165: the rule against stop() binds MessageListeners only
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        try (MessageProducer p = session.createProducer(queue)) {
            p.send(session.createMessage(), new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    outcome.complete(attempt(connection::stop));
                }

                @Override
                public void onException(Message message, Exception exception) {
                    outcome.complete(exception);
                }
            });
            assertEquals("returned", outcome.get(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        }
    }

    private static Object attempt(Executable action) {
        try {
            action.execute();
            return "returned";
        } catch (Throwable t) {
            return t;
        }
    }

    @Test
    void closedConnectionThrowsIllegalStateException() throws Exception {
        Connection c = connection();
        c.close();
        assertAll(
                () -> assertThrows(IllegalStateException.class, () -> c.createSession(false, Session.AUTO_ACKNOWLEDGE)),
                () -> assertThrows(IllegalStateException.class, c::createSession),
                () -> assertThrows(IllegalStateException.class, c::start),
                () -> assertThrows(IllegalStateException.class, c::getClientID),
                () -> assertThrows(IllegalStateException.class, () -> c.setClientID("x")),
                () -> assertThrows(IllegalStateException.class, c::getMetaData),
                () -> assertThrows(IllegalStateException.class, c::getExceptionListener));
        c.close(); // closing a closed connection does not throw
    }

    @Test
    void sessionOfAClosedConnectionIsClosed() throws Exception {
        Connection c = connection();
        Session s = c.createSession();
        MessageProducer p = s.createProducer(queue);
        MessageConsumer mc = s.createConsumer(queue);
        c.close();
        assertAll(
                () -> assertThrows(IllegalStateException.class, () -> s.createProducer(queue)),
                () -> assertThrows(IllegalStateException.class, () -> s.createConsumer(queue)),
                () -> assertThrows(IllegalStateException.class, s::createTextMessage),
                () -> assertThrows(IllegalStateException.class, () -> p.send(queue, null)),
                () -> assertThrows(IllegalStateException.class, mc::receiveNoWait));
    }

    @Test
    void closedSessionThrowsIllegalStateException() throws Exception {
        Session s = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
        s.close();
        tx.close();
        assertAll(
                () -> assertThrows(IllegalStateException.class, () -> s.createProducer(queue)),
                () -> assertThrows(IllegalStateException.class, () -> s.createConsumer(queue)),
                () -> assertThrows(IllegalStateException.class, () -> s.createConsumer(queue, "a = 1")),
                () -> assertThrows(IllegalStateException.class, () -> s.createBrowser(queue)),
                () -> assertThrows(IllegalStateException.class, s::createMessage),
                () -> assertThrows(IllegalStateException.class, s::createTextMessage),
                () -> assertThrows(IllegalStateException.class, s::createBytesMessage),
                () -> assertThrows(IllegalStateException.class, s::createMapMessage),
                () -> assertThrows(IllegalStateException.class, s::createStreamMessage),
                () -> assertThrows(IllegalStateException.class, s::createObjectMessage),
                () -> assertThrows(IllegalStateException.class, s::createTemporaryQueue),
                () -> assertThrows(IllegalStateException.class, () -> s.createQueue("q")),
                () -> assertThrows(IllegalStateException.class, s::getTransacted),
                () -> assertThrows(IllegalStateException.class, s::getAcknowledgeMode),
                () -> assertThrows(IllegalStateException.class, s::recover),
                () -> assertThrows(IllegalStateException.class, tx::commit),
                () -> assertThrows(IllegalStateException.class, tx::rollback));
        s.close();
    }

    @Test
    void closedProducerThrowsIllegalStateException() throws Exception {
        MessageProducer p = session.createProducer(queue);
        p.close();
        assertAll(
                () -> assertThrows(IllegalStateException.class, () -> p.send(session.createMessage())),
                () -> assertThrows(IllegalStateException.class, p::getDeliveryMode),
                () -> assertThrows(IllegalStateException.class, () -> p.setPriority(5)),
                () -> assertThrows(IllegalStateException.class, p::getDestination));
        p.close();
    }

    @Test
    void closedConsumerThrowsIllegalStateException() throws Exception {
        MessageConsumer c = session.createConsumer(queue, "a = 1");
        c.close();
        assertAll(
                () -> assertThrows(IllegalStateException.class, c::receive),
                () -> assertThrows(IllegalStateException.class, () -> c.receive(10)),
                () -> assertThrows(IllegalStateException.class, c::receiveNoWait),
                () -> assertThrows(IllegalStateException.class, () -> c.setMessageListener(m -> { })),
                () -> assertThrows(IllegalStateException.class, c::getMessageListener),
                () -> assertThrows(IllegalStateException.class, c::getMessageSelector));
        c.close();
    }

    @Test
    void closedBrowserThrowsIllegalStateException() throws Throwable {
        QueueBrowser b = session.createBrowser(queue);
        b.close();
        knownDeviation("artemis", "getEnumeration on a closed QueueBrowser does not throw IllegalStateException",
                () -> assertThrows(IllegalStateException.class, b::getEnumeration));
        b.close();
    }

    @Test
    void nullDestinationIsInvalid() throws Exception {
        assertAll(
                () -> assertThrows(InvalidDestinationException.class, () -> session.createConsumer(null)),
                () -> assertThrows(InvalidDestinationException.class, () -> session.createConsumer(null, "a = 1")),
                () -> assertThrows(InvalidDestinationException.class, () -> session.createBrowser(null)),
                () -> assertThrows(InvalidDestinationException.class,
                        () -> session.createProducer(null).send(null, session.createMessage())));
    }

    @Test
    void exceptionCarriesErrorCodeAndLinkedException() {
        Exception cause = new java.io.IOException("wire");
        JMSException e = new JMSException("reason", "E42");
        e.setLinkedException(cause);
        assertEquals("reason", e.getMessage());
        assertEquals("E42", e.getErrorCode());
        assertSame(cause, e.getLinkedException());
        assertTrue(JMSException.class.isAssignableFrom(IllegalStateException.class));
        assertTrue(JMSException.class.isAssignableFrom(InvalidDestinationException.class));
    }

    @Test
    void sendNullMessageIsRejected() throws Exception {
        MessageProducer p = session.createProducer(queue);
        assertThrows(Exception.class, () -> p.send(null), "sending null must fail");
    }
}
