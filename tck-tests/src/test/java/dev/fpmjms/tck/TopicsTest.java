package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Jakarta Messaging 3.1, publish/subscribe and subscriptions. Skipped for providers
 * without {@link JmsProvider.Capability#TOPICS}.
 */
@DisplayName("16 Topics and subscriptions")
class TopicsTest extends ConformanceTestBase {

    private static final AtomicInteger TOPIC_SEQUENCE = new AtomicInteger();

    private Connection connection;
    private Session session;
    private Topic topic;

    @BeforeEach
    void open() throws Exception {
        requires(JmsProvider.Capability.TOPICS);
        connection = connection();
        connection.setClientID("tck-topics-" + TOPIC_SEQUENCE.incrementAndGet() + "-" + System.nanoTime());
        connection.start();
        session = connection.createSession();
        topic = session.createTopic("tck.topic." + TOPIC_SEQUENCE.incrementAndGet() + "." + System.nanoTime());
    }

    private static String text(Message m) throws JMSException {
        return ((TextMessage) m).getText();
    }

    @Test
    void everySubscriberGetsEachMessage() throws Exception {
        MessageConsumer a = session.createConsumer(topic);
        MessageConsumer b = connection.createSession().createConsumer(topic);
        session.createProducer(topic).send(session.createTextMessage("broadcast"));
        assertEquals("broadcast", text(receive(a)));
        assertEquals("broadcast", text(receive(b)));
    }

    @Test
    void nonDurableSubscriberMissesEarlierMessages() throws Exception {
        session.createProducer(topic).send(session.createTextMessage("too early"));
        MessageConsumer late = session.createConsumer(topic);
        assertNoMessage(late);
    }

    @Test
    void topicNameIsKept() throws Exception {
        assertNotNull(topic.getTopicName());
        assertEquals(topic.getTopicName(), session.createTopic(topic.getTopicName()).getTopicName());
    }

    @Test
    void selectorOnASubscription() throws Exception {
        MessageConsumer red = session.createConsumer(topic, "color = 'red'");
        MessageProducer p = session.createProducer(topic);
        TextMessage blue = session.createTextMessage("blue");
        blue.setStringProperty("color", "blue");
        TextMessage redMsg = session.createTextMessage("red");
        redMsg.setStringProperty("color", "red");
        p.send(blue);
        p.send(redMsg);
        assertEquals("red", text(receive(red)));
        assertNoMessage(red);
    }

    @Test
    void noLocalSuppressesOwnMessages() throws Exception {
        MessageConsumer noLocal = session.createConsumer(topic, null, true);
        session.createProducer(topic).send(session.createTextMessage("own"));
        Session other = startedConnection().createSession();
        other.createProducer(topic).send(other.createTextMessage("foreign"));
        assertEquals("foreign", text(receive(noLocal)));
        assertNoMessage(noLocal);
    }

    @Test
    void durableSubscriptionKeepsMessagesWhileOffline() throws Exception {
        requires(JmsProvider.Capability.DURABLE_SUBSCRIPTIONS);
        MessageConsumer durable = session.createDurableConsumer(topic, "sub");
        durable.close();
        session.createProducer(topic).send(session.createTextMessage("kept"));
        MessageConsumer again = session.createDurableConsumer(topic, "sub");
        assertEquals("kept", text(receive(again)));
        again.close();
        session.unsubscribe("sub");
    }

    @Test
    void unsubscribeWithActiveConsumerFails() throws Exception {
        requires(JmsProvider.Capability.DURABLE_SUBSCRIPTIONS);
        MessageConsumer durable = session.createDurableConsumer(topic, "busy");
        assertThrows(JMSException.class, () -> session.unsubscribe("busy"));
        durable.close();
        session.unsubscribe("busy");
    }

    @Test
    void sharedSubscriptionSplitsMessages() throws Exception {
        requires(JmsProvider.Capability.DURABLE_SUBSCRIPTIONS);
        MessageConsumer a = session.createSharedConsumer(topic, "shared");
        MessageConsumer b = connection.createSession().createSharedConsumer(topic, "shared");
        MessageProducer p = session.createProducer(topic);
        for (int i = 0; i < 4; i++) {
            p.send(session.createTextMessage("m" + i));
        }
        int got = 0;
        for (MessageConsumer c : new MessageConsumer[] {a, b, a, b}) {
            while (c.receive(got < 4 ? 300 : 50) != null) {
                got++;
            }
        }
        assertEquals(4, got, "each message once across the shared subscription");
    }

    @Test
    void temporaryTopic() throws Exception {
        TemporaryTopic tmp = session.createTemporaryTopic();
        MessageConsumer c = session.createConsumer(tmp);
        session.createProducer(tmp).send(session.createTextMessage("tmp"));
        assertEquals("tmp", text(receive(c)));
        c.close();
        tmp.delete();
    }

    @Test
    void unsubscribeOfAnUnknownNameIsAnInvalidDestination() throws Exception {
        requires(JmsProvider.Capability.DURABLE_SUBSCRIPTIONS);
        assertThrows(jakarta.jms.InvalidDestinationException.class, () -> session.unsubscribe("tck-never-made"));
    }

    @Test
    void aSecondConsumerOnAnActiveDurableSubscriptionIsRefused() throws Exception {
        requires(JmsProvider.Capability.DURABLE_SUBSCRIPTIONS);
        MessageConsumer durable = session.createDurableConsumer(topic, "once");
        assertThrows(jakarta.jms.IllegalStateException.class, () -> session.createDurableConsumer(topic, "once"));
        durable.close();
        session.unsubscribe("once");
    }

    @Test
    void anotherSelectorReplacesAnInactiveDurableSubscription() throws Exception {
        requires(JmsProvider.Capability.DURABLE_SUBSCRIPTIONS);
        session.createDurableConsumer(topic, "changing").close();
        session.createProducer(topic).send(session.createTextMessage("old"));
        MessageConsumer c = session.createDurableConsumer(topic, "changing", "kind = 'new'", false);
        TextMessage m = session.createTextMessage("new");
        m.setStringProperty("kind", "new");
        session.createProducer(topic).send(m);
        assertEquals("new", text(receive(c)), "the old subscription and its message are gone");
        c.close();
        session.unsubscribe("changing");
    }

    @Test
    void sharedDurableSubscriptionKeepsMessagesWhileOffline() throws Exception {
        requires(JmsProvider.Capability.DURABLE_SUBSCRIPTIONS);
        MessageConsumer c = session.createSharedDurableConsumer(topic, "shared-durable");
        c.close();
        session.createProducer(topic).send(session.createTextMessage("waiting"));
        MessageConsumer again = session.createSharedDurableConsumer(topic, "shared-durable");
        assertEquals("waiting", text(receive(again)));
        again.close();
        session.unsubscribe("shared-durable");
    }

    @Test
    void topicSessionPublishesAndSubscribes() throws Exception {
        jakarta.jms.TopicConnection tc = (jakarta.jms.TopicConnection) connection();
        tc.start();
        jakarta.jms.TopicSession ts = tc.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        jakarta.jms.TopicSubscriber sub = ts.createSubscriber(topic);
        ts.createPublisher(topic).publish(ts.createTextMessage("published"));
        assertEquals("published", text(receive(sub)));
    }
}
