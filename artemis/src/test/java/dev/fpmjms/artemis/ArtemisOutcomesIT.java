package dev.fpmjms.artemis;

import dev.fpmjms.config.BrokerSettings;
import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.jms.FpmReplies;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broker mode settles failures as embedded mode does (the shared {@code gateway.OutcomeRules}), on
 * a real Artemis broker and a real php-fpm: a dead-lettered request with a JMSReplyTo gets a
 * failure reply there (committed with its dead letter; none with {@code failureReplies=false}),
 * and the worker's {@code X-Fpmjms-Retry} decides: {@code never} dead-letters on the first attempt,
 * {@code after=0} retries at once where the route's policy would wait an hour (a 4xx too).
 */
@Timeout(120)
class ArtemisOutcomesIT {
    private static final long WAIT_MS = 30_000;
    private static final RetryPolicy TWO_ATTEMPTS =
            new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(50), 2.0, 0.0, false);
    /** A policy whose own backoff outlasts every test: a retry within a test is the worker's doing. */
    private static final RetryPolicy HOUR_BACKOFF =
            new RetryPolicy(3, Duration.ofHours(1), Duration.ofHours(1), 2.0, 0.0, false);
    /** The worker: the request body says how to fail. */
    private static final String SCRIPT = """
            <?php
            $cmd = trim(file_get_contents('php://input'));
            switch ($cmd) {
                case '500':
                    http_response_code(500);
                    error_log('invoice 17: database is down');
                    echo 'not done';
                    break;
                case '422':
                    http_response_code(422);
                    error_log('invoice 17: no such customer');
                    break;
                case 'never':
                    http_response_code(500);
                    header('X-Fpmjms-Retry: never');
                    error_log('invoice 17: already paid');
                    break;
                case 'after':
                case '422-after':
                    if ((int) ($_SERVER['FPMJMS_DELIVERY_COUNT'] ?? 1) === 1) {
                        http_response_code($cmd === 'after' ? 503 : 429);
                        header('X-Fpmjms-Retry: after=0');
                        break;
                    }
                    header('Content-Type: text/plain; charset=utf-8');
                    echo 'done:' . $cmd . ':' . $_SERVER['FPMJMS_DELIVERY_COUNT'];
                    break;
                default:
                    header('Content-Type: text/plain; charset=utf-8');
                    echo 'done:' . $cmd;
            }
            """;

    @TempDir
    static Path dir;

    private static TestBroker broker;
    private static EmbeddedPhpFpm fpm;
    private static ArtemisDispatcher dispatcher;
    private static FpmConnectionFactory app;
    private Connection connection;
    private Session session;

    private static FpmConfig config(String name, boolean dispatch, Path script) {
        return FpmConfig.builder().name(name)
                .broker(BrokerSettings.of(broker.url()).withDispatch(dispatch))
                .route(route("invoices", script).build())
                .route(route("patient", script).retryPolicy(HOUR_BACKOFF).build())
                .route(route("quiet", script).maxInFlight(1).failureReplies(false).build())
                .build();
    }

    private static FpmRoute.Builder route(String queue, Path script) {
        return FpmRoute.builder(queue).endpoint(fpm.endpointString()).script(script.toString())
                .maxInFlight(2).retryPolicy(TWO_ATTEMPTS);
    }

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), 0);
        fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(3, 30, Map.of(), null)).start();
        Path script = fpm.installScript("failing.php", SCRIPT);
        dispatcher = ArtemisDispatcher.start(config("outcomes-dispatcher", true, script));
        app = new FpmConnectionFactory(config("outcomes-app", false, script));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.shutdown();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (fpm != null) {
            fpm.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void open() throws JMSException {
        connection = app.createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void close() throws JMSException {
        connection.close();
    }

    /** Sends {@code body} to {@code queue} with {@code replyTo} as JMSReplyTo; returns the request as sent. */
    private Message request(String queue, TemporaryQueue replyTo, String body) throws JMSException {
        TextMessage m = session.createTextMessage(body);
        m.setJMSReplyTo(replyTo);
        MessageProducer p = session.createProducer(session.createQueue(queue));
        p.setDeliveryMode(DeliveryMode.PERSISTENT);
        p.send(m);
        return m;
    }

    /** The dead letter of {@code request}, which must be on the DLQ. */
    private Message deadLetter(Message request) throws JMSException {
        Message dead = session.createConsumer(session.createQueue("DLQ"),
                "JMS_FPM_ORIGINAL_MESSAGE_ID = '" + request.getJMSMessageID() + "'").receive(WAIT_MS);
        assertNotNull(dead, "the dead letter of " + request.getJMSMessageID());
        return dead;
    }

    /** Sends {@code body} to {@code queue} and returns its failure reply, checking what every failure reply has. */
    private Message failureReply(String queue, String body) throws JMSException {
        TemporaryQueue replies = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(replies);
        Message request = request(queue, replies, body);
        Message reply = consumer.receive(WAIT_MS);
        assertNotNull(reply, "failure reply to '" + body + "'");
        assertEquals(request.getJMSMessageID(), reply.getJMSCorrelationID(), "correlated like a success reply");
        assertTrue(FpmReplies.isFailure(reply));
        assertEquals(queue, reply.getStringProperty("JMS_FPM_QUEUE"));
        assertEquals(DeliveryMode.PERSISTENT, reply.getJMSDeliveryMode(), "the request's delivery mode");
        deadLetter(request);
        return reply;
    }

    @Test
    void status500IsRetriedThenTheRequestorGetsAFailureReply() throws Exception {
        Message reply = failureReply("invoices", "500");
        assertEquals(500, reply.getIntProperty("JMS_FPM_STATUS"));
        assertEquals(2, reply.getIntProperty("JMS_FPM_ATTEMPTS"));
        assertTrue(reply.getStringProperty("JMS_FPM_FAILURE").startsWith("WORKER_FAILURE: worker replied status 500"),
                reply.getStringProperty("JMS_FPM_FAILURE"));
        assertTrue(reply.getStringProperty("JMS_FPM_STDERR").contains("invoice 17: database is down"),
                reply.getStringProperty("JMS_FPM_STDERR"));
        JMSException e = assertThrows(JMSException.class, () -> FpmReplies.requireSuccess(reply));
        assertEquals("500", e.getErrorCode());
        assertTrue(e.getMessage().contains("invoices") && e.getMessage().contains("database is down"), e.getMessage());
    }

    @Test
    void clientErrorGivesAFailureReplyAtTheFirstAttempt() throws Exception {
        Message reply = failureReply("invoices", "422");
        assertEquals(422, reply.getIntProperty("JMS_FPM_STATUS"));
        assertEquals(1, reply.getIntProperty("JMS_FPM_ATTEMPTS"));
        assertTrue(reply.getStringProperty("JMS_FPM_FAILURE").startsWith("REJECTED: "), reply.getStringProperty("JMS_FPM_FAILURE"));
    }

    @Test
    void withFailureRepliesOffTheRequestorGetsNothing() throws Exception {
        // One in flight: the failing request is settled (dead letter committed) before the next is taken.
        TemporaryQueue replies = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(replies);
        Message failing = request("quiet", replies, "422");
        Message ok = request("quiet", replies, "18");
        Message first = consumer.receive(WAIT_MS);
        assertNotNull(first);
        assertEquals(ok.getJMSMessageID(), first.getJMSCorrelationID(), "the success reply comes first: no failure reply");
        assertFalse(FpmReplies.isFailure(first));
        deadLetter(failing);
        assertNull(consumer.receiveNoWait(), "no failure reply with failureReplies=false");
    }

    @Test
    void workerThatSaysNeverIsDeadLetteredOnTheFirstAttempt() throws Exception {
        Message reply = failureReply("patient", "never");
        assertEquals(1, reply.getIntProperty("JMS_FPM_ATTEMPTS"));
        assertEquals(500, reply.getIntProperty("JMS_FPM_STATUS"));
        assertEquals("invoice 17: already paid", reply.getStringProperty("JMS_FPM_STDERR"));
        assertTrue(reply.getStringProperty("JMS_FPM_FAILURE").contains("status 500"), reply.getStringProperty("JMS_FPM_FAILURE"));
    }

    @Test
    void workerThatSaysAfterIsRetriedWithItsDelayNotThePolicys() throws Exception {
        for (String cmd : new String[] {"after", "422-after"}) {
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer consumer = session.createConsumer(replies);
            Message request = request("patient", replies, cmd);
            Message reply = consumer.receive(WAIT_MS);
            assertNotNull(reply, cmd + ": retried after 0 s, not after the policy's hour");
            assertEquals("done:" + cmd + ":2", ((TextMessage) FpmReplies.requireSuccess(reply)).getText());
            assertEquals(request.getJMSMessageID(), reply.getJMSCorrelationID());
        }
    }
}
