package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Request/reply (QueueRequestor, JMSReplyTo, JMSCorrelationID). The service side is the
 * provider's echo responder ({@link JmsProvider#startEchoResponder}): a Java consumer for ordinary
 * brokers, the echo worker for fpm-jms.
 */
@DisplayName("13 Request/reply")
@Timeout(30)
class RequestReplyTest extends ConformanceTestBase {

    private Connection connection;
    private Session session;
    private Queue service;

    @BeforeEach
    void open() throws Exception {
        connection = startedConnection();
        session = connection.createSession();
        service = queue();
        track(provider.startEchoResponder(connection, service));
    }

    @Test
    void replyToATemporaryQueue() throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        TextMessage request = session.createTextMessage("ping");
        request.setJMSReplyTo(replies);
        request.setStringProperty("p", "v");
        session.createProducer(service).send(request);
        Message reply = receive(session.createConsumer(replies));
        assertEquals("ping", ((TextMessage) reply).getText());
        assertEquals(request.getJMSMessageID(), reply.getJMSCorrelationID(), "the reply is correlated by message id");
        assertEquals("v", reply.getStringProperty("p"));
    }

    @Test
    void replyToAnOrdinaryQueue() throws Exception {
        Queue replies = queue();
        MapMessage request = session.createMapMessage();
        request.setInt("n", 42);
        request.setJMSReplyTo(replies);
        session.createProducer(service).send(request);
        MapMessage reply = (MapMessage) receive(session.createConsumer(replies));
        assertEquals(42, reply.getInt("n"));
    }

    @Test
    void manyRequestsAreCorrelatedOneByOne() throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        MessageProducer p = session.createProducer(service);
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            TextMessage request = session.createTextMessage("request " + i);
            request.setJMSReplyTo(replies);
            p.send(request);
            expected.put(request.getJMSMessageID(), "request " + i);
        }
        MessageConsumer c = session.createConsumer(replies);
        for (int i = 0; i < 10; i++) {
            TextMessage reply = (TextMessage) receive(c);
            assertEquals(expected.remove(reply.getJMSCorrelationID()), reply.getText());
        }
        assertTrue(expected.isEmpty());
    }

    @Test
    void replySelectedByCorrelationId() throws Exception {
        Queue replies = queue();
        MessageProducer p = session.createProducer(service);
        TextMessage first = session.createTextMessage("first");
        first.setJMSReplyTo(replies);
        TextMessage second = session.createTextMessage("second");
        second.setJMSReplyTo(replies);
        p.send(first);
        p.send(second);
        MessageConsumer onlySecond = session.createConsumer(replies,
                "JMSCorrelationID = '" + second.getJMSMessageID() + "'");
        assertEquals("second", ((TextMessage) receive(onlySecond)).getText());
    }

    @Test
    void queueRequestor() throws Exception {
        QueueConnection qc = (QueueConnection) connection();
        qc.start();
        QueueSession qs = qc.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        QueueRequestor requestor = new QueueRequestor(qs, service);
        try {
            Message reply = requestor.request(qs.createTextMessage("via requestor"));
            assertNotNull(reply, "QueueRequestor.request returns the reply");
            assertEquals("via requestor", ((TextMessage) reply).getText());
        } finally {
            requestor.close();
        }
    }

    @Test
    void requestReplyWithJmsContext() throws Exception {
        JMSContext ctx = context();
        TemporaryQueue replies = ctx.createTemporaryQueue();
        ctx.createProducer().setJMSReplyTo(replies).send(service, "ctx request");
        assertEquals("ctx request", ctx.createConsumer(replies).receiveBody(String.class, RECEIVE_TIMEOUT_MS));
    }

    @Test
    void requesterOnAnotherConnection() throws Exception {
        Session client = startedConnection().createSession();
        TemporaryQueue replies = client.createTemporaryQueue();
        TextMessage request = client.createTextMessage("from another connection");
        request.setJMSReplyTo(replies);
        client.createProducer(service).send(request);
        assertEquals("from another connection", ((TextMessage) receive(client.createConsumer(replies))).getText());
    }

    @Test
    void bytesRequestIsEchoedExactly() throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        jakarta.jms.BytesMessage request = session.createBytesMessage();
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        request.writeBytes(payload);
        request.setJMSReplyTo(replies);
        session.createProducer(service).send(request);
        jakarta.jms.BytesMessage reply = (jakarta.jms.BytesMessage) receive(session.createConsumer(replies));
        byte[] back = new byte[256];
        assertEquals(256, reply.readBytes(back));
        org.junit.jupiter.api.Assertions.assertArrayEquals(payload, back);
    }
}
