package dev.fpmjms.artemis;

import dev.fpmjms.config.BrokerSettings;
import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSConsumer;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fan-out to PHP in broker mode, on a real Artemis broker and real php-fpm pools: the
 * subscriptions {@code mail} and {@code invoice} of topic {@code order.created} are durable
 * MULTICAST queues of the topic's address, served by two dispatchers (each with its own php-fpm
 * running {@code builtin:echo}); an application publishes through the Artemis client, a Java
 * subscriber gets its copy, each subscription's reply reaches JMSReplyTo, and a failing request is
 * retried on its own subscription only, then dead-lettered.
 */
@Timeout(180)
class ArtemisFanOutIT {
    private static final long RECEIVE_MILLIS = 20_000;
    private static final String MAIL = "order.created::mail";
    private static final String INVOICE = "order.created::invoice";

    @TempDir
    static Path dir;

    private static TestBroker broker;
    private static ArtemisDispatcher one;
    private static ArtemisDispatcher two;
    private static FpmConnectionFactory app;

    static FpmConfig config(String name, String brokerUrl, boolean dispatch) {
        RetryPolicy twoFast = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), 2.0, 0, false);
        return FpmConfig.builder().name(name)
                .broker(BrokerSettings.of(brokerUrl).withDispatch(dispatch))
                .subscription(FpmRoute.builder(MAIL).maxInFlight(1).retryPolicy(twoFast).build())
                .subscription(FpmRoute.builder(INVOICE).maxInFlight(1).retryPolicy(twoFast).build())
                .embeddedFpm(EmbeddedFpmSettings.DEFAULT)
                .build();
    }

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), 0);
        one = ArtemisDispatcher.start(config("fan-out-dispatcher-1", broker.url(), true));
        two = ArtemisDispatcher.start(config("fan-out-dispatcher-2", broker.url(), true));
        app = new FpmConnectionFactory(config("fan-out-app", broker.url(), false));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.shutdown();
        }
        for (ArtemisDispatcher d : new ArtemisDispatcher[] {one, two}) {
            if (d != null) {
                d.close();
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void onePublishReachesBothPhpSubscriptionsAndAJavaSubscriber() throws Exception {
        assertEquals(java.util.List.of(MAIL, INVOICE), one.servedQueues());
        try (Connection c = app.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = s.createTopic("order.created");
            Queue results = s.createQueue("fan-out.results");
            MessageConsumer java = s.createConsumer(topic);
            MessageConsumer replies = s.createConsumer(results);
            MessageProducer publisher = s.createProducer(topic);
            Set<String> sent = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                TextMessage m = s.createTextMessage("order " + i);
                m.setJMSReplyTo(results);
                m.setJMSCorrelationID("order-" + i); // the echo worker keeps the request's correlation id
                publisher.send(m);
                sent.add("order-" + i);
            }

            Map<String, Set<String>> repliedBy = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(repliedBy.size() == 2 && repliedBy.values().stream().allMatch(ids -> ids.equals(sent)))) {
                assertTrue(System.nanoTime() < deadline, "a reply from each subscription for each publish: " + repliedBy);
                Message reply = replies.receive(200);
                if (reply != null) {
                    assertTrue(sent.contains(reply.getJMSCorrelationID()), "correlated: " + reply.getJMSCorrelationID());
                    repliedBy.computeIfAbsent(reply.getStringProperty("JMS_FPM_QUEUE"), q -> new HashSet<>())
                            .add(reply.getJMSCorrelationID());
                }
            }
            assertEquals(Set.of(MAIL, INVOICE), repliedBy.keySet());
            for (int i = 0; i < 6; i++) {
                Message m = java.receive(RECEIVE_MILLIS);
                assertNotNull(m, "the Java subscriber's copy " + i);
                assertEquals("order.created", ((Topic) m.getJMSDestination()).getTopicName());
            }
        }
    }

    @Test
    void aFailingRequestIsRetriedOnItsOwnSubscriptionOnlyThenDeadLettered() throws Exception {
        try (JMSContext a = app.createContext()) {
            JMSConsumer dlq = a.createConsumer(a.createQueue("DLQ"), "JMS_FPM_ORIGINAL_DESTINATION LIKE 'order.created::%'");
            JMSConsumer java = a.createConsumer(a.createTopic("order.created"));
            TextMessage doomed = a.createTextMessage("doomed");
            doomed.setIntProperty("fpmjms_echo_status", 503);
            a.createProducer().send(a.createTopic("order.created"), doomed);

            Set<String> deadFrom = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                Message dead = dlq.receive(RECEIVE_MILLIS);
                assertNotNull(dead, "dead letter " + i);
                assertEquals(2, dead.getIntProperty("JMS_FPM_ATTEMPTS"), "the route's 2 attempts");
                assertEquals(503, dead.getIntProperty("JMS_FPM_STATUS"));
                assertEquals(doomed.getJMSMessageID(), dead.getStringProperty("JMS_FPM_ORIGINAL_MESSAGE_ID"));
                deadFrom.add(dead.getStringProperty("JMS_FPM_ORIGINAL_DESTINATION"));
            }
            assertEquals(Set.of(MAIL, INVOICE), deadFrom, "one dead letter per subscription");
            assertNotNull(java.receive(RECEIVE_MILLIS), "the Java subscriber's copy");
            // a retry published to the topic again would have reached the Java subscriber a second time
            assertNull(java.receive(500), "retries go to the subscription's own queue, not to the topic");
        }
    }

    @Test
    void jndiBindsTheBrokersTopicInBrokerMode() throws Exception {
        java.util.Hashtable<String, String> env = new java.util.Hashtable<>();
        env.put(javax.naming.Context.INITIAL_CONTEXT_FACTORY, "dev.fpmjms.jndi.FpmInitialContextFactory");
        env.put(javax.naming.Context.PROVIDER_URL, "fpm://?name=jndi-fan-out&brokerDispatch=false&broker=" + broker.url());
        env.put("topic.jms/orders", "order.created");
        javax.naming.Context context = new javax.naming.InitialContext(env);
        jakarta.jms.ConnectionFactory factory = (jakarta.jms.ConnectionFactory) context.lookup("ConnectionFactory");
        Topic orders = assertInstanceOf(org.apache.activemq.artemis.jms.client.ActiveMQTopic.class, context.lookup("jms/orders"));
        try (JMSContext jms = factory.createContext()) {
            Queue results = jms.createQueue("fan-out.jndi-results");
            JMSConsumer replies = jms.createConsumer(results);
            jms.createProducer().setJMSReplyTo(results).send(orders, "through JNDI");
            Set<String> from = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                Message reply = replies.receive(RECEIVE_MILLIS);
                assertNotNull(reply, "reply " + i + ": a topic looked up in JNDI works with the broker client");
                assertEquals("through JNDI", reply.getBody(String.class));
                from.add(reply.getStringProperty("JMS_FPM_QUEUE"));
            }
            assertEquals(Set.of(MAIL, INVOICE), from);
        } finally {
            ((FpmConnectionFactory) factory).shutdown();
            context.close();
        }
    }
}
