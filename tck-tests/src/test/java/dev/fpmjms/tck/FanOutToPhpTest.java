package dev.fpmjms.tck;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Fan-out to two PHP routes: a topic whose subscriptions are served by PHP (fpm-jms's
 * {@code subscription.<topic>.<name>}, docs/topics.md), each running the echo worker on a real
 * php-fpm. Provider-specific: not part of Jakarta Messaging, so providers without PHP routes (the
 * reference, Artemis) skip it ({@link JmsProvider.Capability#FAN_OUT_TO_PHP}).
 */
@DisplayName("17 Fan-out to PHP routes (fpm-jms)")
class FanOutToPhpTest extends ConformanceTestBase {

    private Session session;
    private JmsProvider.FanOut fanOut;
    private Topic topic;

    @BeforeEach
    void open() throws Exception {
        requires(JmsProvider.Capability.FAN_OUT_TO_PHP);
        fanOut = provider.fanOut();
        session = session();
        topic = session.createTopic(fanOut.topic());
    }

    /** Publishes one message with a JMSReplyTo and returns the replies by the worker queue that sent each. */
    private Map<String, Message> publishAndCollect(String correlationId, String body, Queue replyTo,
                                                   MessageConsumer replies) throws JMSException {
        TextMessage m = session.createTextMessage(body);
        m.setJMSReplyTo(replyTo);
        m.setJMSCorrelationID(correlationId);
        try (MessageProducer p = session.createProducer(topic)) {
            p.send(m);
        }
        Map<String, Message> bySubscription = new HashMap<>();
        for (int i = 0; i < fanOut.subscriptions().size(); i++) {
            Message reply = receive(replies);
            assertNull(bySubscription.put(reply.getStringProperty("JMS_FPM_QUEUE"), reply), "one reply per subscription");
        }
        return bySubscription;
    }

    @Test
    void onePublishReachesEachPhpRouteAndAJavaSubscriber() throws Exception {
        MessageConsumer java = session.createConsumer(topic);
        Queue replyTo = queue();
        MessageConsumer replies = session.createConsumer(replyTo);
        Map<String, Message> replied = publishAndCollect("fan-out-1", "order 1", replyTo, replies);

        assertEquals(fanOut.subscriptions(), replied.keySet(), "each PHP subscription answered");
        for (Message reply : replied.values()) {
            assertEquals("order 1", ((TextMessage) reply).getText());
            assertEquals("fan-out-1", reply.getJMSCorrelationID());
        }
        assertNoMessage(replies);
        assertEquals("order 1", ((TextMessage) receive(java)).getText());
    }

    @Test
    void eachPublishIsServedOnceByEveryPhpRoute() throws Exception {
        Queue replyTo = queue();
        MessageConsumer replies = session.createConsumer(replyTo);
        for (int i = 0; i < 3; i++) {
            Map<String, Message> replied = publishAndCollect("fan-out-many-" + i, "order " + i, replyTo, replies);
            assertEquals(fanOut.subscriptions(), replied.keySet());
            assertEquals(Set.of("fan-out-many-" + i), Set.copyOf(replied.values().stream().map(r -> {
                try {
                    return r.getJMSCorrelationID();
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            }).toList()));
        }
        assertNoMessage(replies);
    }
}
