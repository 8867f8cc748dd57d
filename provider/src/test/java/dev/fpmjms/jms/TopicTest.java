package dev.fpmjms.jms;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.fpmjms.jms.FacadeFixture.receiveText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class TopicTest {
    private FacadeFixture fx = new FacadeFixture();

    @TempDir
    Path dataDir;

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private Session session(Connection c) throws JMSException {
        c.start();
        return c.createSession(Session.AUTO_ACKNOWLEDGE);
    }

    private static void publish(Session s, Topic t, String text) throws JMSException {
        s.createProducer(t).send(s.createTextMessage(text));
    }

    @Test
    void everySubscriberGetsACopyAndSelectorsChooseWhich() throws Exception {
        Session s = session(fx.connection());
        Topic topic = s.createTopic("order.created");
        MessageConsumer all = s.createConsumer(topic);
        MessageConsumer big = s.createConsumer(topic, "amount > 100");
        MessageProducer p = s.createProducer(topic);
        TextMessage small = s.createTextMessage("small");
        small.setIntProperty("amount", 5);
        p.send(small);
        TextMessage large = s.createTextMessage("large");
        large.setIntProperty("amount", 500);
        p.send(large);
        assertEquals("small", receiveText(all).getText());
        assertEquals("large", receiveText(all).getText());
        TextMessage got = receiveText(big);
        assertEquals("large", got.getText());
        assertEquals(topic, got.getJMSDestination());
        assertNull(big.receiveNoWait());
    }

    @Test
    void aNonDurableSubscriptionSeesOnlyWhatIsPublishedWhileItIsOpen() throws Exception {
        Session s = session(fx.connection());
        Topic topic = s.createTopic("news");
        publish(s, topic, "before");
        MessageConsumer c = s.createConsumer(topic);
        publish(s, topic, "during");
        assertEquals("during", receiveText(c).getText());
        assertNull(c.receiveNoWait());
    }

    @Test
    void noLocalLeavesOutTheOwnConnectionsMessages() throws Exception {
        Session mine = session(fx.connection());
        Session other = session(fx.connection());
        Topic topic = mine.createTopic("chat");
        MessageConsumer c = mine.createConsumer(topic, null, true);
        assertTrue(((TopicSubscriber) c).getNoLocal());
        publish(mine, topic, "own");
        publish(other, topic, "theirs");
        assertEquals("theirs", receiveText(c).getText());
        assertNull(c.receiveNoWait());
    }

    @Test
    void aDurableSubscriptionKeepsMessagesWhileNoConsumerIsOpenUntilUnsubscribed() throws Exception {
        Connection conn = fx.connection();
        conn.setClientID("client-a");
        Session s = session(conn);
        Topic topic = s.createTopic("events");
        MessageConsumer c = s.createDurableConsumer(topic, "sub");
        jakarta.jms.IllegalStateException active = assertThrows(jakarta.jms.IllegalStateException.class,
                () -> s.createDurableConsumer(topic, "sub"));
        assertTrue(active.getMessage().contains("active consumer"), active.getMessage());
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.unsubscribe("sub"));
        c.close();
        publish(s, topic, "while away");
        MessageConsumer again = s.createDurableConsumer(topic, "sub");
        assertEquals("while away", receiveText(again).getText());
        again.close();
        s.unsubscribe("sub");
        InvalidDestinationException unknown = assertThrows(InvalidDestinationException.class, () -> s.unsubscribe("sub"));
        assertTrue(unknown.getMessage().contains("sub"), unknown.getMessage());
        publish(s, topic, "after");
        MessageConsumer fresh = s.createDurableConsumer(topic, "sub");
        assertNull(fresh.receive(100), "a new subscription starts empty");
    }

    @Test
    void anUnsharedDurableSubscriptionNeedsAClientId() throws Exception {
        Session s = session(fx.connection());
        Topic topic = s.createTopic("events");
        jakarta.jms.IllegalStateException e = assertThrows(jakarta.jms.IllegalStateException.class,
                () -> s.createDurableConsumer(topic, "sub"));
        assertTrue(e.getMessage().contains("client ID"), e.getMessage());
        s.createSharedDurableConsumer(topic, "shared").close();
        s.unsubscribe("shared");
    }

    @Test
    void anotherSelectorReplacesAnUnusedDurableSubscription() throws Exception {
        Connection conn = fx.connection();
        conn.setClientID("client-b");
        Session s = session(conn);
        Topic topic = s.createTopic("events");
        s.createDurableConsumer(topic, "sub").close();
        publish(s, topic, "old");
        MessageConsumer c = s.createDurableConsumer(topic, "sub", "kind = 'x'", false);
        assertNull(c.receive(100), "the replaced subscription's messages are gone");
        TextMessage m = s.createTextMessage("x");
        m.setStringProperty("kind", "x");
        s.createProducer(topic).send(m);
        assertEquals("x", receiveText(c).getText());
    }

    @Test
    void sharedConsumersSplitTheMessagesOfOneSubscription() throws Exception {
        Session s1 = session(fx.connection());
        Session s2 = session(fx.connection());
        Topic topic = s1.createTopic("jobs");
        MessageConsumer a = s1.createSharedConsumer(topic, "workers");
        MessageConsumer b = s2.createSharedConsumer(topic, "workers");
        MessageConsumer other = s1.createSharedConsumer(topic, "audit");
        for (int i = 0; i < 4; i++) {
            publish(s1, topic, "j" + i);
        }
        int got = 0;
        for (int i = 0; i < 4; i++) {
            assertEquals("j" + i, receiveText(other).getText());
        }
        while (a.receive(100) != null) {
            got++;
        }
        while (b.receiveNoWait() != null) {
            got++;
        }
        assertEquals(4, got, "each message once per shared subscription");
        assertThrows(JMSException.class, () -> s2.createSharedConsumer(topic, "workers", "x = 1"));
    }

    @Test
    void durableSubscriptionMessagesSurviveARestart() throws Exception {
        fx.close();
        fx = new FacadeFixture(b -> b.dataDirectory(dataDir));
        Connection conn = fx.connection();
        conn.setClientID("client-c");
        Session s = session(conn);
        Topic topic = s.createTopic("ledger");
        s.createDurableConsumer(topic, "books", "n > 0", false).close();
        MessageProducer p = s.createProducer(topic);
        TextMessage kept = s.createTextMessage("kept");
        kept.setIntProperty("n", 1);
        p.send(kept);
        TextMessage skipped = s.createTextMessage("skipped");
        skipped.setIntProperty("n", 0);
        p.send(skipped);
        p.send(s.createTextMessage("memory only"), DeliveryMode.NON_PERSISTENT, 4, 0);
        conn.close();
        fx.engine().shutdown();

        Connection after = fx.connection();
        after.setClientID("client-c");
        Session s2 = session(after);
        MessageConsumer c = s2.createDurableConsumer(topic, "books", "n > 0", false);
        assertEquals("kept", receiveText(c).getText());
        assertNull(c.receive(100));
    }

    @Test
    void temporaryTopicsLiveWithTheirConnection() throws Exception {
        Connection owner = fx.connection();
        Session s = session(owner);
        TemporaryTopic temp = s.createTemporaryTopic();
        MessageConsumer c = s.createConsumer(temp);
        Session other = session(fx.connection());
        publish(other, temp, "hi");
        assertEquals("hi", receiveText(c).getText());
        assertThrows(InvalidDestinationException.class, () -> other.createConsumer(temp));
        assertThrows(jakarta.jms.IllegalStateException.class, temp::delete);
        c.close();
        temp.delete();
        assertThrows(InvalidDestinationException.class, () -> publish(other, temp, "gone"));
    }

    @Test
    void topicSessionsPublishAndSubscribeAndRefuseQueueMethods() throws Exception {
        TopicConnection conn = fx.factory.createTopicConnection();
        fx.track(conn);
        conn.start();
        TopicSession s = conn.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = s.createTopic("t");
        TopicSubscriber sub = s.createSubscriber(topic);
        TopicPublisher pub = s.createPublisher(topic);
        assertEquals(topic, pub.getTopic());
        pub.publish(s.createTextMessage("p"));
        assertEquals("p", ((TextMessage) sub.receive(5000)).getText());
        assertEquals(topic, sub.getTopic());
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createQueue("q"));
        assertThrows(jakarta.jms.IllegalStateException.class, s::createTemporaryQueue);
    }

    @Test
    void aTransactedPublishArrivesOnCommit() throws Exception {
        Connection conn = fx.connection();
        conn.start();
        Session tx = conn.createSession(Session.SESSION_TRANSACTED);
        Session s = conn.createSession(Session.AUTO_ACKNOWLEDGE);
        Topic topic = s.createTopic("tx");
        MessageConsumer c = s.createConsumer(topic);
        publish(tx, topic, "one");
        assertNull(c.receive(100));
        tx.commit();
        assertEquals("one", receiveText(c).getText());
        publish(tx, topic, "dropped");
        tx.rollback();
        assertNull(c.receive(100));
    }

    @Test
    void theSimplifiedApiHasTheSameTopics() throws Exception {
        try (JMSContext ctx = fx.factory.createContext()) {
            ctx.setClientID("ctx-client");
            Topic topic = ctx.createTopic("simple");
            JMSConsumer durable = ctx.createDurableConsumer(topic, "d");
            JMSConsumer plain = ctx.createConsumer(topic);
            ctx.createProducer().send(topic, "hello");
            assertEquals("hello", durable.receiveBody(String.class, 5000));
            assertEquals("hello", plain.receiveBody(String.class, 5000));
            durable.close();
            ctx.unsubscribe("d");
            assertThrows(jakarta.jms.InvalidDestinationRuntimeException.class, () -> ctx.unsubscribe("d"));
            Message none = plain.receiveNoWait();
            assertNull(none);
            assertFalse(ctx.createSharedConsumer(topic, "s") == null);
        }
    }
}
