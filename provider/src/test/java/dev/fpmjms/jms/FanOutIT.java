package dev.fpmjms.jms;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmConfigParser;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fan-out to PHP on a real php-fpm, through the JMS API: one publish to {@code order.created}
 * reaches {@code mail.php} and {@code invoice.php} (subscriptions served by routes, configured by
 * URI) and a Java subscriber; each worker's reply goes to the publisher's JMSReplyTo.
 */
@Timeout(90)
class FanOutIT {
    private static final long WAIT_MS = 30_000;
    /** Answers {@code <script>|<FPMJMS_QUEUE>|<FPMJMS_DESTINATION>|<body>}. */
    private static final String SCRIPT = """
            <?php
            header('Content-Type: text/plain; charset=utf-8');
            echo '%s|' . rawurldecode($_SERVER['FPMJMS_QUEUE']) . '|' . ($_SERVER['FPMJMS_DESTINATION'] ?? '')
                . '|' . file_get_contents('php://input');
            """;
    private static EmbeddedPhpFpm fpm;
    private static String mail;
    private static String invoice;
    private FpmConnectionFactory factory;
    private Connection connection;

    @BeforeAll
    static void startPhpFpm() {
        fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(4, 30, Map.of(), null)).start();
        mail = fpm.installScript("mail.php", SCRIPT.formatted("mail")).toString();
        invoice = fpm.installScript("invoice.php", SCRIPT.formatted("invoice")).toString();
    }

    @AfterAll
    static void stopPhpFpm() {
        fpm.close();
    }

    @AfterEach
    void close() throws JMSException {
        if (connection != null) {
            connection.close();
        }
        if (factory != null) {
            factory.close();
        }
    }

    private Session session() throws JMSException {
        String endpoint = fpm.endpointString();
        FpmConfig config = FpmConfigParser.parseUri("fpm:?name=fan-out-" + UUID.randomUUID()
                + "&subscription.order.created.mail=" + endpoint + "|" + mail
                + "&subscription.order.created.mail.maxInFlight=2"
                + "&subscription.order.created.invoice=" + endpoint + "|" + invoice
                + "&subscription.order.created.invoice.maxInFlight=2"
                + "&localQueues=results");
        factory = new FpmConnectionFactory(config, FcgiGatewayFactory::new, new EngineRegistry());
        connection = factory.createConnection();
        connection.start();
        return connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @Test
    void onePublishReachesMailPhpInvoicePhpAndAJavaSubscriber() throws Exception {
        Session session = session();
        Topic topic = session.createTopic("order.created");
        MessageConsumer java = session.createConsumer(topic);
        MessageConsumer results = session.createConsumer(session.createQueue("results"));
        MessageProducer publisher = session.createProducer(topic);
        Map<String, String> sent = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            TextMessage m = session.createTextMessage("order " + i);
            m.setJMSReplyTo(session.createQueue("results"));
            publisher.send(m);
            sent.put(m.getJMSMessageID(), "order " + i);
        }

        Set<String> replies = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            Message reply = results.receive(WAIT_MS);
            assertNotNull(reply, "reply " + i + " of 10");
            String body = ((TextMessage) reply).getText();
            String order = sent.get(reply.getJMSCorrelationID());
            assertNotNull(order, "correlated with a published message: " + body);
            assertTrue(body.endsWith("|topic:order.created|" + order), body);
            replies.add(body.substring(0, body.indexOf('|', body.indexOf('|') + 1)));
            assertTrue(replies.size() <= 2, replies.toString());
        }
        assertEquals(Set.of("mail|order.created::mail", "invoice|order.created::invoice"), replies,
                "PHP sees the subscription's worker queue in FPMJMS_QUEUE");
        for (int i = 0; i < 5; i++) {
            TextMessage m = (TextMessage) java.receive(WAIT_MS);
            assertNotNull(m, "the Java subscriber's copy " + i);
            assertEquals(topic, m.getJMSDestination());
        }
    }

    @Test
    void aJavaConsumerCannotTakeOverASubscriptionPhpServes() throws Exception {
        Session session = session();
        Topic topic = session.createTopic("order.created");
        JMSException e = assertThrows(JMSException.class, () -> session.createSharedDurableConsumer(topic, "mail"));
        assertTrue(e.getMessage().contains("served by PHP"), e.getMessage());
        assertThrows(jakarta.jms.IllegalStateException.class, () -> session.unsubscribe("mail"));
    }
}
