package dev.fpmjms.jms;

import dev.fpmjms.config.FpmConfig;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TopicConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.fpmjms.jms.FacadeFixture.LOCAL;
import static dev.fpmjms.jms.FacadeFixture.WORK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class ConnectionTest {
    private final FacadeFixture fx = new FacadeFixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void clientIdIsSetOnceBeforeUseAndUniquePerEngine() throws Exception {
        Connection a = fx.connection();
        assertNull(a.getClientID());
        a.setClientID("app-1");
        assertEquals("app-1", a.getClientID());
        assertThrows(jakarta.jms.IllegalStateException.class, () -> a.setClientID("app-2"));

        Connection b = fx.connection();
        InvalidClientIDException dup = assertThrows(InvalidClientIDException.class, () -> b.setClientID("app-1"));
        assertTrue(dup.getMessage().contains("app-1"), dup.getMessage());
        assertThrows(InvalidClientIDException.class, () -> b.setClientID(""));

        Connection c = fx.connection();
        c.createSession();
        assertThrows(jakarta.jms.IllegalStateException.class, () -> c.setClientID("late"));

        a.close();
        b.setClientID("app-1");
        assertEquals("app-1", b.getClientID());
    }

    @Test
    void closeIsIdempotentAndClosesEverything() throws Exception {
        Connection connection = fx.connection();
        Session session = connection.createSession();
        TemporaryQueue temp = session.createTemporaryQueue();
        connection.close();
        connection.close();
        assertThrows(jakarta.jms.IllegalStateException.class, session::createMessage);
        assertThrows(jakarta.jms.IllegalStateException.class, connection::createSession);
        assertThrows(jakarta.jms.IllegalStateException.class, connection::start);
        Session other = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        assertThrows(InvalidDestinationException.class, () -> other.createProducer(null).send(temp, other.createMessage()));
    }

    @Test
    void closeWakesABlockedReceiveOnAStoppedConnection() throws Exception {
        Connection connection = fx.connection();
        Session session = connection.createSession();
        jakarta.jms.MessageConsumer consumer = session.createConsumer(session.createQueue(LOCAL));
        CompletableFuture<jakarta.jms.Message> received = new CompletableFuture<>();
        Thread receiver = new Thread(() -> {
            try {
                received.complete(consumer.receive());
            } catch (Throwable e) {
                received.completeExceptionally(e);
            }
        });
        receiver.start();
        FacadeFixture.await("receiver waiting for start", () -> receiver.getState() == Thread.State.WAITING);
        connection.close();
        assertNull(received.get(5, TimeUnit.SECONDS));
    }

    @Test
    void metaDataDescribesTheProvider() throws Exception {
        ConnectionMetaData md = fx.connection().getMetaData();
        assertEquals("3.1", md.getJMSVersion());
        assertEquals(3, md.getJMSMajorVersion());
        assertEquals(1, md.getJMSMinorVersion());
        assertEquals("fpm-jms", md.getJMSProviderName());
        assertFalse(md.getProviderVersion().isBlank());
        assertEquals(List.of("JMSXDeliveryCount", "JMSXGroupID", "JMSXGroupSeq"),
                Collections.list(jmsxNames(md)));
        assertEquals(0, md.getProviderMajorVersion());
        assertEquals(1, md.getProviderMinorVersion());
    }

    @SuppressWarnings("unchecked")
    private static java.util.Enumeration<String> jmsxNames(ConnectionMetaData md) throws JMSException {
        return (java.util.Enumeration<String>) md.getJMSXPropertyNames();
    }

    @Test
    void routeFailuresReachTheExceptionListener() throws Exception {
        Connection connection = fx.connection();
        CompletableFuture<JMSException> reported = new CompletableFuture<>();
        connection.setExceptionListener(reported::complete);
        fx.gateways.refuse = true;
        Session session = connection.createSession();
        session.createProducer(session.createQueue(WORK)).send(session.createMessage());
        JMSException e = reported.get(5, TimeUnit.SECONDS);
        assertTrue(e.getMessage().contains(WORK) && e.getMessage().contains("refused"), e.getMessage());
        fx.gateways.refuse = false;
        connection.start();
        jakarta.jms.Message reply = session.createConsumer(session.createQueue(WORK)).receive(5000);
        assertFalse(reply == null, "message delivered once php-fpm accepts connections");
    }

    @Test
    void topicConnectionsServeTopicsAndStillRefuseConnectionConsumersAndXa() throws Exception {
        TopicConnection tc = fx.factory.createTopicConnection("user", "not checked");
        fx.track(tc);
        tc.start();
        jakarta.jms.TopicSession ts = tc.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        jakarta.jms.Topic foreign = () -> "news";
        jakarta.jms.TopicSubscriber sub = ts.createSubscriber(ts.createTopic("news"));
        ts.createPublisher(foreign).publish(ts.createTextMessage("x"));
        assertFalse(sub.receive(5000) == null, "another provider's Topic is used by its name");
        assertThrows(InvalidDestinationException.class, () -> ts.createDurableSubscriber(null, "d"));
        assertThrows(InvalidDestinationException.class, () -> ts.unsubscribe("d"));
        JMSException e = assertThrows(JMSException.class, () -> tc.createConnectionConsumer(foreign, null, null, 1));
        assertTrue(e.getMessage().contains("ServerSessionPool"), e.getMessage());
        assertFalse(jakarta.jms.XAConnectionFactory.class.isAssignableFrom(FpmConnectionFactory.class));
    }

    @Test
    void queueConnectionWorks() throws Exception {
        QueueConnection qc = fx.factory.createQueueConnection("user", "ignored");
        fx.track(qc);
        qc.start();
        jakarta.jms.QueueSession qs = qc.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        jakarta.jms.Queue local = qs.createQueue(LOCAL);
        qs.createSender(local).send(qs.createTextMessage("q"));
        assertEquals("q", FacadeFixture.receiveText(qs.createReceiver(local)).getText());
    }

    @Test
    void defaultConfigurationServesEveryQueueWithTheEmbeddedEcho() {
        FpmConfig defaults = new FpmConnectionFactory().getConfig();
        assertEquals("builtin:echo", defaults.routeFor("anything").orElseThrow().script());
        assertEquals(List.of(dev.fpmjms.config.FpmRoute.EMBEDDED), defaults.routeFor("x").orElseThrow().endpoints());
        assertTrue(defaults.knowsQueue("any-name"));
    }

    @Test
    void engineStartFailureIsAJMSException() {
        FpmConnectionFactory broken = new FpmConnectionFactory(FpmConfig.builder().name("broken-" + java.util.UUID.randomUUID())
                .localQueue("x").build(), c -> {
                    throw new IllegalStateException("no gateway for you");
                });
        JMSException e = assertThrows(JMSException.class, broken::createConnection);
        assertTrue(e.getMessage().contains("no gateway for you"), e.getMessage());
    }

    @Test
    void factorySerializesAsItsConfigurationUri() throws Exception {
        FpmConnectionFactory configured = new FpmConnectionFactory(FpmConfig.builder().name("ser")
                .localQueue("x").maxQueueMessages(77).build());
        for (FpmConnectionFactory original : new FpmConnectionFactory[] {new FpmConnectionFactory(), configured}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(original);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                FpmConnectionFactory copy = (FpmConnectionFactory) in.readObject();
                assertEquals(original.getConfig(), copy.getConfig());
            }
        }
    }

    @Test
    void beanSettersBuildTheConfigurationUntilTheFirstConnection() throws Exception {
        FpmConnectionFactory bean = new FpmConnectionFactory();
        bean.setUri("fpm:?name=bean&localQueues=a");
        bean.setProperties("maxQueueMessages=5;deadLetterQueue=dead");
        assertEquals("bean", bean.getConfig().name());
        assertEquals(5, bean.getConfig().maxQueueMessages());
        assertEquals("dead", bean.getConfig().deadLetterQueue());
        assertEquals(bean.getConfig(), new FpmConnectionFactory(bean.getUri()).getConfig());
        FpmConnectionFactory twoRoutes = new FpmConnectionFactory();
        twoRoutes.setUri("fpm:?route.a=embedded|builtin:echo&route.b=embedded|builtin:echo");
        twoRoutes.setProperties("route.a.maxInFlight=2;route.b.maxInFlight=2");
        assertEquals(2, twoRoutes.getConfig().routeFor("b").orElseThrow().maxInFlight(),
                "rules across settings are checked on the whole, not after each setter");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> bean.setProperties("maxQueueMesages=5"));
        assertTrue(bad.getMessage().contains("maxQueueMesages"), bad.getMessage());
        FpmConnectionFactory used = new FpmConnectionFactory(fx.config, c -> fx.gateways, fx.registry);
        fx.track(used.createConnection());
        IllegalStateException late = assertThrows(IllegalStateException.class, () -> used.setProperties("maxQueueMessages=5"));
        assertTrue(late.getMessage().contains("after the factory has made a connection"), late.getMessage());
    }

    @Test
    void referencesCarryTheUriAndTheQueueName() throws Exception {
        FpmConnectionFactory factory = new FpmConnectionFactory("fpm:?name=ref&localQueues=q1");
        javax.naming.Reference ref = factory.getReference();
        assertEquals("dev.fpmjms.jndi.FpmObjectFactory", ref.getFactoryClassName());
        assertEquals(factory.getUri(), ref.get("uri").getContent());
        Object back = javax.naming.spi.NamingManager.getObjectInstance(ref, null, null, null);
        assertEquals(factory.getConfig(), ((FpmConnectionFactory) back).getConfig());
        Object queue = javax.naming.spi.NamingManager.getObjectInstance(new FpmQueue("orders").getReference(), null, null, null);
        assertEquals(new FpmQueue("orders"), queue);
    }

    @Test
    void connectionsOfEqualConfigsShareQueues() throws Exception {
        FpmConnectionFactory twin = new FpmConnectionFactory(fx.config, c -> fx.gateways, fx.registry);
        Connection other = fx.track(twin.createConnection());
        Session writer = other.createSession();
        writer.createProducer(writer.createQueue(LOCAL)).send(writer.createTextMessage("shared"));
        Session reader = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        assertEquals("shared", FacadeFixture.receiveText(reader.createConsumer(reader.createQueue(LOCAL))).getText());
    }
}
