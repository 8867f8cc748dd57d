package dev.fpmjms.jms;

import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The newcomer's path against a real php-fpm: a factory with no configuration, any queue name,
 * the embedded php-fpm and the shipped echo worker.
 */
@Timeout(60)
class DefaultFactoryIT {
    private final FpmConnectionFactory factory = new FpmConnectionFactory();

    @AfterAll
    static void stopEngine() {
        EngineRegistry.shared().engine(FpmConnectionFactory.defaultConfig(), c -> {
            throw new IllegalStateException("the engine should still be running");
        }).shutdown();
    }

    @Test
    void sendAndReceiveWithNothingConfigured() throws Exception {
        try (JMSContext ctx = factory.createContext()) {
            Queue greetings = ctx.createQueue("greetings");
            JMSConsumer replies = ctx.createConsumer(greetings, "kind = 'hello'");
            ctx.createProducer().setProperty("kind", "hello").send(greetings, "hello php");
            Message reply = replies.receive(20_000);
            assertNotNull(reply, "no echo reply from php-fpm within 20 s");
            assertEquals("hello php", reply.getBody(String.class));
            assertEquals("hello", reply.getStringProperty("kind"));
            assertEquals(1, reply.getIntProperty("JMSXDeliveryCount"));

            ctx.createProducer().send(greetings, Map.of("n", 42, "s", "x"));
            Map<?, ?> map = ctx.createConsumer(greetings).receiveBody(Map.class, 20_000);
            assertEquals(42, map.get("n"));
            assertEquals("x", map.get("s"));
        }
    }

    @Test
    void queueRequestorAndTransactionsThroughPhp() throws Exception {
        QueueConnection connection = factory.createQueueConnection();
        try {
            connection.start();
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueRequestor requestor = new QueueRequestor(session, session.createQueue("rpc"));
            TextMessage request = session.createTextMessage("ping");
            request.setJMSCorrelationID("rpc-1");
            Message reply = requestor.request(request);
            assertEquals("ping", ((TextMessage) reply).getText());
            assertEquals("rpc-1", reply.getJMSCorrelationID(), "the echo worker keeps the correlation id");
            assertEquals(request.getJMSReplyTo(), reply.getJMSDestination());

            QueueSession tx = connection.createQueueSession(true, Session.SESSION_TRANSACTED);
            Queue batch = tx.createQueue("batch");
            jakarta.jms.MessageConsumer consumer = tx.createConsumer(batch);
            tx.createProducer(batch).send(tx.createTextMessage("after commit"));
            assertNull(consumer.receive(300), "dispatched before commit");
            tx.commit();
            TextMessage done = (TextMessage) consumer.receive(20_000);
            assertNotNull(done);
            assertEquals("after commit", done.getText());
            tx.rollback();
            TextMessage again = (TextMessage) consumer.receive(20_000);
            assertTrue(again.getJMSRedelivered());
            tx.commit();
        } finally {
            connection.close();
        }
    }
}
