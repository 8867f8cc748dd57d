package dev.fpmjms.artemis;

import dev.fpmjms.config.BrokerSettings;
import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker mode end to end on a real Artemis broker and a real php-fpm: a dispatcher serving
 * worker queues, and two application instances (two factories of different configurations, each
 * with its own broker connections) of which one sends and the other consumes the reply.
 */
class ArtemisModeIT {
    private static final long RECEIVE_MILLIS = 20_000;

    @TempDir
    static Path dir;

    private static TestBroker broker;
    private static ArtemisDispatcher dispatcher;
    private static FpmConnectionFactory appA;
    private static FpmConnectionFactory appB;

    /** The configuration every process shares; the application instances do not dispatch. */
    static FpmConfig config(String name, String brokerUrl, boolean dispatch) {
        return FpmConfig.builder().name(name)
                .broker(BrokerSettings.of(brokerUrl).withDispatch(dispatch))
                .route(FpmRoute.builder("jobs").maxInFlight(2).build())
                .route(FpmRoute.builder("flaky").maxInFlight(1)
                        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), 2.0, 0, false)).build())
                .embeddedFpm(EmbeddedFpmSettings.DEFAULT)
                .build();
    }

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), 0);
        dispatcher = ArtemisDispatcher.start(config("dispatcher", broker.url(), true));
        appA = new FpmConnectionFactory(config("app-a", broker.url(), false));
        appB = new FpmConnectionFactory(config("app-b", broker.url(), false));
    }

    @AfterAll
    static void stop() throws Exception {
        if (appA != null) {
            appA.shutdown();
            appB.shutdown();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void requestSentFromOneInstanceIsAnsweredOnTheQueueAndConsumedOnTheOther() throws Exception {
        try (Connection a = appA.createConnection(); Connection b = appB.createConnection()) {
            b.start();
            Session sa = a.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session sb = b.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer replies = sb.createConsumer(sb.createQueue("jobs"));
            TextMessage request = sa.createTextMessage("resize 42");
            request.setStringProperty("size", "large");
            request.setJMSCorrelationID("order-7");
            sa.createProducer(sa.createQueue("jobs")).send(request);

            Message reply = replies.receive(RECEIVE_MILLIS);
            assertNotNull(reply, "the reply reached the other instance");
            assertEquals("resize 42", ((TextMessage) reply).getText());
            assertEquals("large", reply.getStringProperty("size"));
            assertEquals("order-7", reply.getJMSCorrelationID(), "the echo keeps the request's correlation id");
            assertEquals(200, reply.getIntProperty("JMS_FPM_STATUS"));
            assertEquals("jobs", reply.getStringProperty("JMS_FPM_QUEUE"));
            assertEquals("jobs", ((Queue) reply.getJMSDestination()).getQueueName());
            assertNull(replies.receive(200), "the request itself never reaches the queue's consumers");
        }
    }

    @Test
    void replyGoesToJmsReplyToQueueOrTemporaryQueue() throws Exception {
        try (Connection a = appA.createConnection(); Connection b = appB.createConnection()) {
            a.start();
            b.start();
            Session sa = a.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session sb = b.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue answers = sa.createQueue("answers");
            MessageConsumer onB = sb.createConsumer(sb.createQueue("answers"));
            TextMessage toNamed = sa.createTextMessage("to a named queue");
            toNamed.setJMSReplyTo(answers);
            toNamed.setJMSCorrelationID("named-1");
            sa.createProducer(sa.createQueue("jobs")).send(toNamed);
            Message reply = onB.receive(RECEIVE_MILLIS);
            assertNotNull(reply);
            assertEquals("named-1", reply.getJMSCorrelationID());

            TemporaryQueue temp = sa.createTemporaryQueue();
            MessageConsumer onTemp = sa.createConsumer(temp);
            TextMessage toTemp = sa.createTextMessage("to a temporary queue");
            toTemp.setJMSReplyTo(temp);
            sa.createProducer(sa.createQueue("jobs")).send(toTemp);
            Message tempReply = onTemp.receive(RECEIVE_MILLIS);
            assertNotNull(tempReply);
            assertEquals("to a temporary queue", ((TextMessage) tempReply).getText());
        }
    }

    @Test
    void failingWorkerIsRetriedThenDeadLetteredWithTheFpmProperties() throws Exception {
        try (JMSContext a = appA.createContext(); JMSContext b = appB.createContext()) {
            TextMessage request = a.createTextMessage("doomed");
            request.setIntProperty("fpmjms_echo_status", 503);
            a.createProducer().send(a.createQueue("flaky"), request);
            Message dead = b.createConsumer(b.createQueue("DLQ")).receive(RECEIVE_MILLIS);
            assertNotNull(dead, "dead-lettered after the route's 2 attempts");
            assertEquals("flaky", dead.getStringProperty("JMS_FPM_ORIGINAL_DESTINATION"));
            assertEquals(2, dead.getIntProperty("JMS_FPM_ATTEMPTS"));
            assertEquals(503, dead.getIntProperty("JMS_FPM_STATUS"));
            assertEquals(request.getJMSMessageID(), dead.getStringProperty("JMS_FPM_ORIGINAL_MESSAGE_ID"));
            assertEquals("doomed", ((TextMessage) dead).getText());
        }
    }

    @Test
    void jndiBindsAFactoryInBrokerModeAndTheBrokersQueues() throws Exception {
        java.util.Hashtable<String, String> env = new java.util.Hashtable<>();
        env.put(javax.naming.Context.INITIAL_CONTEXT_FACTORY, "dev.fpmjms.jndi.FpmInitialContextFactory");
        env.put(javax.naming.Context.PROVIDER_URL, "fpm://?name=jndi-app&brokerDispatch=false&broker=" + broker.url());
        env.put("queue.jms/jobs", "jobs");
        javax.naming.Context context = new javax.naming.InitialContext(env);
        jakarta.jms.ConnectionFactory factory = (jakarta.jms.ConnectionFactory) context.lookup("ConnectionFactory");
        Queue jobs = (Queue) context.lookup("jms/jobs");
        try (JMSContext jms = factory.createContext()) {
            jms.createProducer().setJMSCorrelationID("jndi-1").send(jobs, "through JNDI");
            Message reply = jms.createConsumer(jobs, "JMSCorrelationID = 'jndi-1'").receive(RECEIVE_MILLIS);
            assertNotNull(reply, "a queue looked up in JNDI works with the broker client");
            assertEquals("through JNDI", reply.getBody(String.class));
        } finally {
            ((FpmConnectionFactory) factory).shutdown();
            context.close();
        }
    }

    @Test
    void aReplyThatCannotSucceedOnARetryIsDeadLetteredOnTheFirstAttempt() throws Exception {
        try (JMSContext a = appA.createContext(); JMSContext b = appB.createContext()) {
            TextMessage request = a.createTextMessage("garbled");
            request.setStringProperty("fpmjms_echo_garbage", "properties");
            a.createProducer().send(a.createQueue("flaky"), request);
            Message dead = b.createConsumer(b.createQueue("DLQ")).receive(RECEIVE_MILLIS);
            assertNotNull(dead, "dead-lettered");
            assertEquals(1, dead.getIntProperty("JMS_FPM_ATTEMPTS"), "the route allows 2, but a retry would break the contract again");
            assertTrue(dead.getStringProperty("JMS_FPM_FAILURE").startsWith("PERMANENT_FAILURE"),
                    dead.getStringProperty("JMS_FPM_FAILURE"));
            assertEquals("garbled", ((TextMessage) dead).getText());
        }
    }
}
